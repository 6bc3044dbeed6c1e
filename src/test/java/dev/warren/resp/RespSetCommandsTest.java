package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;

class RespSetCommandsTest extends RespTestBase {

    @Test
    void saddSremSmembersScard() {
        assertThat(jedis.sadd("s", "a", "b", "a")).isEqualTo(2);
        assertThat(jedis.smembers("s")).containsExactlyInAnyOrder("a", "b");
        assertThat(jedis.scard("s")).isEqualTo(2);
        assertThat(jedis.sismember("s", "a")).isTrue();
        assertThat(jedis.smismember("s", "a", "z")).containsExactly(true, false);
        assertThat(jedis.srem("s", "a", "z")).isEqualTo(1);
        jedis.srem("s", "b");
        assertThat(jedis.exists("s")).isFalse();
    }

    @Test
    void spopAndSrandmember() {
        jedis.sadd("s", "a", "b", "c");
        assertThat(jedis.srandmember("s")).isIn("a", "b", "c");
        assertThat(jedis.srandmember("s", 2)).hasSize(2).doesNotHaveDuplicates();
        assertThat(jedis.srandmember("s", -5)).hasSize(5);
        assertThat(jedis.spop("s")).isIn("a", "b", "c");
        assertThat(jedis.spop("s", 5)).hasSize(2);
        assertThat(jedis.exists("s")).isFalse();
        assertThat(jedis.spop("s")).isNull();
        assertError("ERR value is out of range, must be positive", () -> raw(jedis, "SPOP", "s", "-1"));
    }

    @Test
    void smoveMovesAMember() {
        jedis.sadd("a", "x");
        assertThat(jedis.smove("a", "b", "x")).isEqualTo(1);
        assertThat(jedis.smove("a", "b", "x")).isZero();
        assertThat(jedis.smembers("b")).containsExactly("x");
    }

    @Test
    void interUnionDiffAndStores() {
        jedis.sadd("a", "1", "2", "3");
        jedis.sadd("b", "2", "3", "4");
        assertThat(jedis.sinter("a", "b")).containsExactlyInAnyOrder("2", "3");
        assertThat(jedis.sunion("a", "b")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(jedis.sdiff("a", "b")).containsExactlyInAnyOrder("1");
        assertThat(jedis.sinter("a", "missing")).isEmpty();
        assertThat(jedis.sinterstore("d", "a", "b")).isEqualTo(2);
        assertThat(jedis.sunionstore("d", "a", "b")).isEqualTo(4);
        assertThat(jedis.sdiffstore("d", "a", "b")).isEqualTo(1);
        assertThat(jedis.smembers("d")).containsExactly("1");
        assertThat(jedis.sintercard("a", "b")).isEqualTo(2);
        assertThat(jedis.sintercard(1, "a", "b")).isEqualTo(1);
        assertError("ERR numkeys should be greater than 0", () -> raw(jedis, "SINTERCARD", "0", "a"));
        assertError("ERR Number of keys can't be greater than number of args", () -> raw(jedis, "SINTERCARD", "3", "a"));
        assertError("ERR LIMIT can't be negative", () -> raw(jedis, "SINTERCARD", "1", "a", "LIMIT", "-1"));
    }

    @Test
    void sscanReturnsMembers() {
        jedis.sadd("s", "a1", "a2", "b");
        assertThat(jedis.sscan("s", "0", new ScanParams().match("a*")).getResult())
                .containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void wrongTypeIsReported() {
        jedis.set("str", "v");
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> jedis.sadd("str", "a"));
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> jedis.sinter("str"));
    }
}
