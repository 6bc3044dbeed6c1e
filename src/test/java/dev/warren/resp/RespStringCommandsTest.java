package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.args.BitOP;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.SetParams;

class RespStringCommandsTest extends RespTestBase {

    @Test
    void setAndGetBinarySafeValues() {
        byte[] value = {0, 1, 2, (byte) 0xff, '\r', '\n'};
        jedis.set("k".getBytes(), value);
        assertThat(jedis.get("k".getBytes())).isEqualTo(value);
        assertThat(jedis.get("missing")).isNull();
    }

    @Test
    void setNxXxAndGetOptions() {
        assertThat(jedis.set("k", "1", new SetParams().xx())).isNull();
        assertThat(jedis.set("k", "1", new SetParams().nx())).isEqualTo("OK");
        assertThat(jedis.set("k", "2", new SetParams().nx())).isNull();
        assertThat(jedis.setGet("k", "3")).isEqualTo("1");
        assertThat(jedis.get("k")).isEqualTo("3");
        assertError("ERR syntax error", () -> raw(jedis, "SET", "k", "v", "NX", "XX"));
        assertError("ERR syntax error", () -> raw(jedis, "SET", "k", "v", "EX", "10", "PX", "100"));
        assertError("ERR syntax error", () -> raw(jedis, "SET", "k", "v", "FOO"));
        assertError("ERR invalid expire time in 'set' command", () -> raw(jedis, "SET", "k", "v", "EX", "0"));
        assertError("ERR value is not an integer or out of range", () -> raw(jedis, "SET", "k", "v", "EX", "x"));
        jedis.lpush("list", "a");
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value",
                () -> jedis.setGet("list", "v"));
    }

    @Test
    void setExpiryOptionsAndKeepTtl() {
        jedis.set("k", "v", new SetParams().ex(100));
        assertThat(jedis.ttl("k")).isBetween(99L, 100L);
        jedis.set("k", "v2", new SetParams().keepTtl());
        assertThat(jedis.ttl("k")).isPositive();
        jedis.set("k", "v3");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        jedis.set("k", "v", new SetParams().px(100_000));
        assertThat(jedis.pttl("k")).isBetween(99_000L, 100_000L);
        jedis.set("k", "v", new SetParams().exAt(System.currentTimeMillis() / 1000 + 100));
        assertThat(jedis.ttl("k")).isBetween(98L, 101L);
        jedis.set("k", "v", new SetParams().pxAt(System.currentTimeMillis() + 100_000));
        assertThat(jedis.ttl("k")).isBetween(98L, 101L);
    }

    @Test
    void getexGetdelGetset() {
        jedis.set("k", "v");
        assertThat(jedis.getEx("k", new GetExParams().ex(100))).isEqualTo("v");
        assertThat(jedis.ttl("k")).isPositive();
        assertThat(jedis.getEx("k", new GetExParams().persist())).isEqualTo("v");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.getSet("k", "w")).isEqualTo("v");
        assertThat(jedis.getDel("k")).isEqualTo("w");
        assertThat(jedis.exists("k")).isFalse();
        assertError("ERR syntax error", () -> raw(jedis, "GETEX", "k", "EX", "1", "PERSIST"));
        assertError("ERR invalid expire time in 'getex' command", () -> raw(jedis, "GETEX", "k", "EX", "-1"));
    }

    @Test
    void msetMgetMsetnxSetnxSetexPsetex() {
        jedis.mset("a", "1", "b", "2");
        assertThat(jedis.mget("a", "missing", "b")).containsExactly("1", null, "2");
        assertThat(jedis.msetnx("b", "x", "c", "y")).isZero();
        assertThat(jedis.exists("c")).isFalse();
        assertThat(jedis.msetnx("c", "x", "d", "y")).isEqualTo(1);
        assertThat(jedis.setnx("a", "z")).isZero();
        jedis.setex("e", 10, "v");
        assertThat(jedis.ttl("e")).isPositive();
        jedis.psetex("f", 10_000, "v");
        assertThat(jedis.pttl("f")).isPositive();
        assertError("ERR wrong number of arguments for 'mset' command", () -> raw(jedis, "MSET", "a", "1", "b"));
        assertError("ERR invalid expire time in 'setex' command", () -> raw(jedis, "SETEX", "k", "0", "v"));
    }

    @Test
    void appendStrlenSetrangeGetrange() {
        assertThat(jedis.append("k", "Hello")).isEqualTo(5);
        assertThat(jedis.append("k", " World")).isEqualTo(11);
        assertThat(jedis.strlen("k")).isEqualTo(11);
        assertThat(jedis.getrange("k", 0, 4)).isEqualTo("Hello");
        assertThat(jedis.getrange("k", -5, -1)).isEqualTo("World");
        assertThat(jedis.getrange("k", 5, 1)).isEmpty();
        assertThat(jedis.setrange("k", 6, "Redis")).isEqualTo(11);
        assertThat(jedis.get("k")).isEqualTo("Hello Redis");
        assertThat(jedis.setrange("pad", 3, "x")).isEqualTo(4);
        assertThat(jedis.get("pad".getBytes())).isEqualTo(new byte[] {0, 0, 0, 'x'});
        assertError("ERR offset is out of range", () -> jedis.setrange("k", -1, "x"));
        assertError("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                () -> raw(jedis, "SETRANGE", "k", "536870912", "x"));
    }

    @Test
    void incrDecrFamily() {
        assertThat(jedis.incr("n")).isEqualTo(1);
        assertThat(jedis.incrBy("n", 10)).isEqualTo(11);
        assertThat(jedis.decr("n")).isEqualTo(10);
        assertThat(jedis.decrBy("n", 20)).isEqualTo(-10);
        assertThat(jedis.incrByFloat("f", 10.5)).isEqualTo(10.5);
        assertThat(jedis.incrByFloat("f", 0.1)).isEqualTo(10.6);
        assertThat(jedis.get("f")).isEqualTo("10.6");
        jedis.set("s", "abc");
        assertError("ERR value is not an integer or out of range", () -> jedis.incr("s"));
        assertError("ERR value is not a valid float", () -> jedis.incrByFloat("s", 1));
        jedis.set("max", Long.toString(Long.MAX_VALUE));
        assertError("ERR increment or decrement would overflow", () -> jedis.incr("max"));
        assertError("ERR increment would produce NaN or Infinity", () -> raw(jedis, "INCRBYFLOAT", "f", "inf"));
        jedis.set("spaced", " 1");
        assertError("ERR value is not an integer or out of range", () -> jedis.incr("spaced"));
        jedis.hset("h", "f", "v");
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> jedis.incr("h"));
        assertError("WRONGTYPE Operation against a key holding the wrong kind of value", () -> jedis.get("h"));
    }

    @Test
    void bitOperations() {
        assertThat(jedis.setbit("b", 7, true)).isFalse();
        assertThat(jedis.getbit("b", 7)).isTrue();
        assertThat(jedis.getbit("b", 100)).isFalse();
        assertThat(jedis.get("b".getBytes())).isEqualTo(new byte[] {1});
        jedis.set("foobar", "foobar");
        assertThat(jedis.bitcount("foobar")).isEqualTo(26);
        assertThat(jedis.bitcount("foobar", 0, 0)).isEqualTo(4);
        assertThat(jedis.bitcount("foobar", 1, 1)).isEqualTo(6);
        assertThat(raw(jedis, "BITCOUNT", "foobar", "5", "30", "BIT")).isEqualTo(17L);
        jedis.set("p".getBytes(), new byte[] {(byte) 0xff, (byte) 0xf0, 0});
        assertThat(jedis.bitpos("p", false)).isEqualTo(12);
        jedis.set("q".getBytes(), new byte[] {0, (byte) 0xff, (byte) 0xf0});
        assertThat(jedis.bitpos("q", true)).isEqualTo(8);
        jedis.set("a", "abc");
        jedis.set("c", "   ");
        assertThat(jedis.bitop(BitOP.OR, "dest", "a", "c")).isEqualTo(3);
        assertThat(jedis.get("dest")).isEqualTo("abc");
        assertThat(jedis.bitop(BitOP.NOT, "neg", "a")).isEqualTo(3);
        assertError("ERR bit offset is not an integer or out of range", () -> raw(jedis, "SETBIT", "b", "-1", "1"));
        assertError("ERR bit is not an integer or out of range", () -> raw(jedis, "SETBIT", "b", "1", "2"));
        assertError("ERR BITOP NOT must be called with a single source key.",
                () -> raw(jedis, "BITOP", "NOT", "d", "a", "c"));
        assertError("ERR The bit argument must be 1 or 0.", () -> raw(jedis, "BITPOS", "a", "2"));
        assertError("ERR syntax error", () -> raw(jedis, "BITCOUNT", "a", "1"));
    }
}
