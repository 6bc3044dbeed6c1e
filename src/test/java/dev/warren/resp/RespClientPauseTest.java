package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** CLIENT PAUSE (WRITE and ALL) and CLIENT UNPAUSE. */
class RespClientPauseTest extends RespTestBase {
    private static boolean lastCommandIs(Jedis admin, String name, String command) {
        for (String line : admin.clientList().split("\n")) {
            if (line.contains(" name=" + name + " ") && line.contains(" cmd=" + command + " ")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void writePauseHoldsWritesUntilUnpauseButNotReads() throws Exception {
        Jedis writer = connect();
        writer.clientSetname("writer");
        jedis.set("k", "old");
        assertThat(raw(jedis, "CLIENT", "PAUSE", "60000", "WRITE")).isEqualTo("OK".getBytes());
        CompletableFuture<String> set = CompletableFuture.supplyAsync(() -> writer.set("k", "new"));
        waitUntil("the SET arrived", () -> lastCommandIs(jedis, "writer", "set"));
        assertThat(jedis.get("k")).isEqualTo("old");
        assertThat(set).isNotDone();
        Jedis reader = connect();
        assertThat(reader.get("k")).isEqualTo("old");
        var tx = reader.multi();
        tx.get("k");
        assertThat(tx.exec()).containsExactly("old");

        assertThat(raw(jedis, "CLIENT", "UNPAUSE")).isEqualTo("OK".getBytes());
        assertThat(set.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
        assertThat(jedis.get("k")).isEqualTo("new");
    }

    @Test
    void pausedClientsRunTheirCommandsInOrder() throws Exception {
        Jedis writer = connect();
        writer.clientSetname("writer");
        raw(jedis, "CLIENT", "PAUSE", "60000", "WRITE");
        CompletableFuture<List<Object>> pipeline = CompletableFuture.supplyAsync(() -> {
            var p = writer.pipelined();
            p.rpush("list", "a");
            p.lrange("list", 0, -1);
            p.rpush("list", "b");
            p.rpush("list", "c");
            return p.syncAndReturnAll();
        });
        waitUntil("the RPUSH arrived", () -> lastCommandIs(jedis, "writer", "rpush"));
        assertThat(jedis.exists("list")).isFalse();
        raw(jedis, "CLIENT", "UNPAUSE");
        List<Object> replies = pipeline.get(10, TimeUnit.SECONDS);
        assertThat(replies.get(0)).isEqualTo(1L);
        assertThat(replies.get(1)).isEqualTo(List.of("a"));
        assertThat(jedis.lrange("list", 0, -1)).containsExactly("a", "b", "c");
    }

    @Test
    void allPauseHoldsEveryCommandUntilTheTimeout() throws Exception {
        Jedis other = connect();
        other.ping();
        long start = System.nanoTime();
        raw(jedis, "CLIENT", "PAUSE", "300");
        assertThat(other.ping()).isEqualTo("PONG");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        // errors are still answered at once
        raw(jedis, "CLIENT", "PAUSE", "60000", "ALL");
        assertError("ERR wrong number of arguments for 'get' command", () -> raw(other, "GET"));
    }

    @Test
    void errorsMatchRedis() {
        assertError("ERR timeout is not an integer or out of range", () -> raw(jedis, "CLIENT", "PAUSE", "abc"));
        assertError("ERR timeout is negative", () -> raw(jedis, "CLIENT", "PAUSE", "-1"));
        assertError("ERR CLIENT PAUSE mode must be WRITE or ALL", () -> raw(jedis, "CLIENT", "PAUSE", "10", "foo"));
        assertError("ERR wrong number of arguments for 'client|pause' command", () -> raw(jedis, "CLIENT", "PAUSE"));
        assertError("ERR wrong number of arguments for 'client|unpause' command",
                () -> raw(jedis, "CLIENT", "UNPAUSE", "x"));
        assertThat(warren).isNotNull();
    }
}
