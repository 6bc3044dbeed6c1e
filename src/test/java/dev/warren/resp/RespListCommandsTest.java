package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;

class RespListCommandsTest extends RespTestBase {

    @Test
    void pushPopAndRange() {
        assertThat(jedis.rpush("l", "a", "b", "c")).isEqualTo(3);
        assertThat(jedis.lpush("l", "z")).isEqualTo(4);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("z", "a", "b", "c");
        assertThat(jedis.lrange("l", -2, 100)).containsExactly("b", "c");
        assertThat(jedis.lpop("l")).isEqualTo("z");
        assertThat(jedis.rpop("l")).isEqualTo("c");
        assertThat(jedis.lpop("l", 5)).containsExactly("a", "b");
        assertThat(jedis.exists("l")).isFalse();
        assertThat(jedis.lpop("l")).isNull();
        assertThat(jedis.lpop("l", 2)).isNull();
        assertThat(jedis.lpushx("l", "x")).isZero();
        assertThat(jedis.rpushx("l", "x")).isZero();
        assertError("ERR value is out of range, must be positive", () -> raw(jedis, "LPOP", "l", "-1"));
    }

    @Test
    void indexSetInsertRemTrimLen() {
        jedis.rpush("l", "a", "b", "c", "b");
        assertThat(jedis.lindex("l", -1)).isEqualTo("b");
        assertThat(jedis.lindex("l", 10)).isNull();
        assertThat(jedis.lset("l", 0, "A")).isEqualTo("OK");
        assertThat(jedis.linsert("l", ListPosition.BEFORE, "c", "x")).isEqualTo(5);
        assertThat(jedis.linsert("l", ListPosition.AFTER, "nope", "x")).isEqualTo(-1);
        assertThat(jedis.lrem("l", 0, "b")).isEqualTo(2);
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("A", "x", "c");
        assertThat(jedis.ltrim("l", 1, -1)).isEqualTo("OK");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("x", "c");
        assertThat(jedis.llen("l")).isEqualTo(2);
        assertError("ERR index out of range", () -> jedis.lset("l", 5, "v"));
        assertError("ERR no such key", () -> jedis.lset("missing", 0, "v"));
        assertError("ERR syntax error", () -> raw(jedis, "LINSERT", "l", "MIDDLE", "c", "v"));
    }

    @Test
    void lposFindsPositions() {
        jedis.rpush("l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertThat(jedis.lpos("l", "c")).isEqualTo(2);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(2))).isEqualTo(6);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().rank(-1))).isEqualTo(7);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams(), 0)).containsExactly(2L, 6L, 7L);
        assertThat(jedis.lpos("l", "c", LPosParams.lPosParams().maxlen(3), 0)).containsExactly(2L);
        assertThat(jedis.lpos("l", "zz")).isNull();
        assertError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
                + "negative to start from the end of the list", () -> raw(jedis, "LPOS", "l", "c", "RANK", "0"));
        assertError("ERR COUNT can't be negative", () -> raw(jedis, "LPOS", "l", "c", "COUNT", "-1"));
    }

    @Test
    void lmoveRpoplpushLmpop() {
        jedis.rpush("a", "1", "2", "3");
        assertThat(jedis.rpoplpush("a", "b")).isEqualTo("3");
        assertThat(jedis.lmove("a", "b", ListDirection.LEFT, ListDirection.RIGHT)).isEqualTo("1");
        assertThat(jedis.lrange("b", 0, -1)).containsExactly("3", "1");
        assertThat(jedis.lmpop(ListDirection.RIGHT, 5, "missing", "b").getValue()).containsExactly("1", "3");
        assertThat(jedis.lmpop(ListDirection.LEFT, "missing")).isNull();
        assertError("ERR numkeys should be greater than 0", () -> raw(jedis, "LMPOP", "0", "a", "LEFT"));
        assertError("ERR count should be greater than 0", () -> raw(jedis, "LMPOP", "1", "a", "LEFT", "COUNT", "0"));
        assertError("ERR syntax error", () -> raw(jedis, "LMOVE", "a", "b", "UP", "LEFT"));
    }

    @Test
    void blpopReturnsAtOnceWhenDataIsThere() {
        jedis.rpush("l", "x");
        assertThat(jedis.blpop(1, "other", "l")).containsExactly("l", "x");
    }

    @Test
    void blpopTimesOutWithNilAfterASubSecondTimeout() {
        long start = System.nanoTime();
        assertThat(jedis.blpop(0.1, "l")).isNull();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMs).isBetween(90L, 2000L);
    }

    @Test
    void blpopIsWokenByAPushFromAnotherClient() throws Exception {
        Jedis blocked = connect();
        CompletableFuture<List<String>> result = CompletableFuture.supplyAsync(() -> blocked.brpop(10, "q"));
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        jedis.lpush("q", "job");
        assertThat(result.get(5, TimeUnit.SECONDS)).containsExactly("q", "job");
        assertThat(jedis.exists("q")).isFalse();
    }

    @Test
    void blockedClientsAreServedFirstComeFirstServed() throws Exception {
        Jedis first = connect();
        Jedis second = connect();
        CompletableFuture<List<String>> r1 = CompletableFuture.supplyAsync(() -> first.blpop(10, "q"));
        waitUntil("first is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        CompletableFuture<List<String>> r2 = CompletableFuture.supplyAsync(() -> second.blpop(10, "q"));
        waitUntil("second is blocked", () -> jedis.info("clients").contains("blocked_clients:2"));
        jedis.rpush("q", "one", "two");
        assertThat(r1.get(5, TimeUnit.SECONDS)).containsExactly("q", "one");
        assertThat(r2.get(5, TimeUnit.SECONDS)).containsExactly("q", "two");
    }

    @Test
    void blmoveAndBrpoplpushWakeUpAndMove() throws Exception {
        Jedis blocked = connect();
        CompletableFuture<String> r = CompletableFuture.supplyAsync(
                () -> blocked.blmove("src", "dst", ListDirection.LEFT, ListDirection.LEFT, 10));
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        jedis.rpush("src", "v");
        assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo("v");
        assertThat(jedis.lrange("dst", 0, -1)).containsExactly("v");
        assertThat(jedis.brpoplpush("dst", "src", 1)).isEqualTo("v");
    }

    @Test
    void blmpopPopsFromTheFirstNonEmptyKey() throws Exception {
        Jedis blocked = connect();
        var r = CompletableFuture.supplyAsync(() -> blocked.blmpop(10, ListDirection.LEFT, 2, "a", "b"));
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        jedis.rpush("b", "1", "2", "3");
        var popped = r.get(5, TimeUnit.SECONDS);
        assertThat(popped.getKey()).isEqualTo("b");
        assertThat(popped.getValue()).containsExactly("1", "2");
    }

    @Test
    void blockingPopInsideMultiDoesNotBlock() {
        Transaction t = jedis.multi();
        t.blpop(0, "empty");
        List<Object> res = t.exec();
        assertThat(res).hasSize(1);
        assertThat(res.get(0)).isNull();
    }

    @Test
    void pipelinedCommandsAfterABlockingOneWaitForIt() throws Exception {
        Jedis blocked = connect();
        var p = blocked.pipelined();
        var pop = p.blpop(10, "q");
        var after = p.get("k");
        CompletableFuture<Void> sync = CompletableFuture.runAsync(p::sync);
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        jedis.rpush("q", "x");
        sync.get(5, TimeUnit.SECONDS);
        assertThat(pop.get()).containsExactly("q", "x");
        assertThat(after.get()).isNull();
    }

    @Test
    void timeoutErrors() {
        assertError("ERR timeout is not a float or out of range", () -> raw(jedis, "BLPOP", "l", "abc"));
        assertError("ERR timeout is negative", () -> raw(jedis, "BLPOP", "l", "-1"));
    }
}
