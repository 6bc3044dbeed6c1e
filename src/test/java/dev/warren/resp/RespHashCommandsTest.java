package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;

class RespHashCommandsTest extends RespTestBase {

    @Test
    void hsetHgetHgetallInInsertionOrder() {
        assertThat(jedis.hset("h", Map.of("a", "1"))).isEqualTo(1);
        assertThat(raw(jedis, "HSET", "h", "b", "2", "a", "3")).isEqualTo(1L);
        assertThat(jedis.hget("h", "a")).isEqualTo("3");
        assertThat(jedis.hget("h", "zz")).isNull();
        assertThat(jedis.hgetAll("h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "3", "b", "2"));
        assertThat(jedis.hmget("h", "a", "x", "b")).containsExactly("3", null, "2");
        assertThat(jedis.hmset("h", Map.of("c", "4"))).isEqualTo("OK");
        assertThat(jedis.hkeys("h")).containsExactly("a", "b", "c");
        assertThat(jedis.hvals("h")).containsExactly("3", "2", "4");
        assertError("ERR wrong number of arguments for 'hset' command", () -> raw(jedis, "HSET", "h", "a", "1", "b"));
    }

    @Test
    void hdelRemovesFieldsAndTheEmptyKey() {
        jedis.hset("h", Map.of("a", "1", "b", "2"));
        assertThat(jedis.hdel("h", "a", "nope")).isEqualTo(1);
        assertThat(jedis.hlen("h")).isEqualTo(1);
        assertThat(jedis.hexists("h", "b")).isTrue();
        assertThat(jedis.hexists("h", "a")).isFalse();
        jedis.hdel("h", "b");
        assertThat(jedis.exists("h")).isFalse();
    }

    @Test
    void hsetnxHstrlen() {
        assertThat(jedis.hsetnx("h", "f", "hello")).isEqualTo(1);
        assertThat(jedis.hsetnx("h", "f", "x")).isZero();
        assertThat(jedis.hstrlen("h", "f")).isEqualTo(5);
        assertThat(jedis.hstrlen("h", "none")).isZero();
    }

    @Test
    void hincrbyAndHincrbyfloat() {
        assertThat(jedis.hincrBy("h", "n", 5)).isEqualTo(5);
        assertThat(jedis.hincrBy("h", "n", -7)).isEqualTo(-2);
        assertThat(jedis.hincrByFloat("h", "f", 1.5)).isEqualTo(1.5);
        jedis.hset("h", "s", "abc");
        assertError("ERR hash value is not an integer", () -> jedis.hincrBy("h", "s", 1));
        assertError("ERR hash value is not a float", () -> jedis.hincrByFloat("h", "s", 1));
        assertError("ERR value is not an integer or out of range", () -> raw(jedis, "HINCRBY", "h", "n", "x"));
        jedis.hset("h", "max", Long.toString(Long.MAX_VALUE));
        assertError("ERR increment or decrement would overflow", () -> jedis.hincrBy("h", "max", 1));
    }

    @Test
    void hrandfieldWithCountsAndValues() {
        jedis.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
        assertThat(jedis.hrandfield("h")).isIn("a", "b", "c");
        assertThat(jedis.hrandfield("h", 2)).hasSize(2).doesNotHaveDuplicates();
        assertThat(jedis.hrandfield("h", 10)).hasSize(3);
        assertThat(jedis.hrandfield("h", -10)).hasSize(10);
        assertThat(jedis.hrandfieldWithValues("h", 2)).hasSize(2);
        assertThat(jedis.hrandfield("missing")).isNull();
    }

    @Test
    void hscanReturnsMatchingFieldsAndValues() {
        jedis.hset("h", Map.of("a1", "1", "a2", "2", "b", "3"));
        var r = jedis.hscan("h", "0", new ScanParams().match("a*"));
        assertThat(r.getCursor()).isEqualTo("0");
        assertThat(r.getResult()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void wrongTypeIsReported() {
        jedis.set("s", "v");
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> jedis.hget("s", "f"));
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> jedis.hset("s", "f", "v"));
    }
}
