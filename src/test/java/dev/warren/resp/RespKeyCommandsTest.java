package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

class RespKeyCommandsTest extends RespTestBase {

    @Test
    void delUnlinkAndExistsCountKeys() {
        jedis.mset("a", "1", "b", "2", "c", "3");
        assertThat(jedis.exists("a", "b", "a", "nope")).isEqualTo(3);
        assertThat(jedis.del("a", "nope")).isEqualTo(1);
        assertThat(jedis.unlink("b", "c")).isEqualTo(2);
        assertThat(jedis.dbSize()).isZero();
    }

    @Test
    void expiredKeysDisappearOnAccess() {
        jedis.set("k", "v");
        assertThat(jedis.pexpire("k", 30)).isEqualTo(1);
        waitUntil("key expired", () -> !jedis.exists("k"));
        assertThat(jedis.get("k")).isNull();
    }

    @Test
    void activeExpiryRemovesKeysNobodyTouches() {
        for (int i = 0; i < 50; i++) {
            jedis.psetex("k" + i, 20, "v");
        }
        jedis.set("keep", "v");
        waitUntil("expired keys are gone from DBSIZE", () -> jedis.dbSize() == 1);
        assertThat(jedis.info("stats")).contains("expired_keys:50");
    }

    @Test
    void ttlAndPttlReportRemainingTimeOrMinusOneMinusTwo() {
        jedis.set("k", "v");
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.ttl("missing")).isEqualTo(-2);
        jedis.expire("k", 100);
        assertThat(jedis.ttl("k")).isBetween(99L, 100L);
        assertThat(jedis.pttl("k")).isBetween(99_000L, 100_000L);
        assertThat(jedis.expireTime("k")).isBetween(System.currentTimeMillis() / 1000 + 98, System.currentTimeMillis() / 1000 + 101);
        assertThat(jedis.persist("k")).isEqualTo(1);
        assertThat(jedis.ttl("k")).isEqualTo(-1);
        assertThat(jedis.persist("k")).isZero();
    }

    @Test
    void expireOptionsNxXxGtLt() {
        jedis.set("k", "v");
        assertThat(raw(jedis, "EXPIRE", "k", "100", "XX")).isEqualTo(0L);
        assertThat(raw(jedis, "EXPIRE", "k", "100", "NX")).isEqualTo(1L);
        assertThat(raw(jedis, "EXPIRE", "k", "200", "NX")).isEqualTo(0L);
        assertThat(raw(jedis, "EXPIRE", "k", "50", "GT")).isEqualTo(0L);
        assertThat(raw(jedis, "EXPIRE", "k", "200", "GT")).isEqualTo(1L);
        assertThat(raw(jedis, "EXPIRE", "k", "300", "LT")).isEqualTo(0L);
        assertThat(raw(jedis, "EXPIRE", "k", "10", "LT")).isEqualTo(1L);
        assertError("ERR NX and XX, GT or LT options at the same time are not compatible",
                () -> raw(jedis, "EXPIRE", "k", "1", "NX", "XX"));
        assertError("ERR GT and LT options at the same time are not compatible",
                () -> raw(jedis, "EXPIRE", "k", "1", "GT", "LT"));
        assertError("ERR Unsupported option foo", () -> raw(jedis, "EXPIRE", "k", "1", "foo"));
        assertError("ERR value is not an integer or out of range", () -> raw(jedis, "EXPIRE", "k", "x"));
        assertError("ERR invalid expire time in 'expire' command",
                () -> raw(jedis, "EXPIRE", "k", "9223372036854775807"));
    }

    @Test
    void expireInThePastDeletesTheKey() {
        jedis.set("k", "v");
        assertThat(jedis.expireAt("k", 1)).isEqualTo(1);
        assertThat(jedis.exists("k")).isFalse();
        jedis.set("k", "v");
        assertThat(jedis.pexpireAt("k", System.currentTimeMillis() + 100_000)).isEqualTo(1);
        assertThat(jedis.pexpireTime("k")).isGreaterThan(System.currentTimeMillis());
    }

    @Test
    void typeNamesEachValueType() {
        jedis.set("s", "v");
        jedis.lpush("l", "v");
        jedis.sadd("set", "v");
        jedis.zadd("z", 1, "v");
        jedis.hset("h", "f", "v");
        assertThat(List.of(jedis.type("s"), jedis.type("l"), jedis.type("set"), jedis.type("z"), jedis.type("h"),
                jedis.type("none"))).containsExactly("string", "list", "set", "zset", "hash", "none");
    }

    @Test
    void keysMatchesGlobPatterns() {
        jedis.mset("user:1", "a", "user:2", "b", "admin", "c", "h?llo", "d");
        assertThat(jedis.keys("user:*")).containsExactlyInAnyOrder("user:1", "user:2");
        assertThat(jedis.keys("*")).hasSize(4);
        assertThat(jedis.keys("user:[13]")).containsExactly("user:1");
        assertThat(jedis.keys("h\\?llo")).containsExactly("h?llo");
        assertThat(jedis.keys("?dmin")).containsExactly("admin");
    }

    @Test
    void scanVisitsEveryKeyWithMatchCountAndType() {
        for (int i = 0; i < 250; i++) {
            jedis.set("key:" + i, "v");
        }
        jedis.lpush("list:1", "x");
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> r = jedis.scan(cursor, new ScanParams().match("key:*").count(20));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(250);
        ScanResult<String> lists = jedis.scan("0", new ScanParams().count(1000), "list");
        assertThat(lists.getResult()).containsExactly("list:1");
        assertError("ERR invalid cursor", () -> raw(jedis, "SCAN", "abc"));
        assertError("ERR syntax error", () -> raw(jedis, "SCAN", "0", "COUNT", "0"));
    }

    @Test
    void scanReturnsKeysPresentThroughoutEvenWhenOthersAreDeleted() {
        for (int i = 0; i < 100; i++) {
            jedis.set("stay:" + i, "v");
            jedis.set("go:" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int round = 0;
        do {
            ScanResult<String> r = jedis.scan(cursor, new ScanParams().count(10));
            seen.addAll(r.getResult());
            cursor = r.getCursor();
            for (int i = round * 10; i < round * 10 + 10 && i < 100; i++) {
                jedis.del("go:" + i);
            }
            round++;
        } while (!cursor.equals("0"));
        for (int i = 0; i < 100; i++) {
            assertThat(seen).contains("stay:" + i);
        }
    }

    @Test
    void renameMovesValueAndTtl() {
        jedis.setex("a", 100, "v");
        assertThat(jedis.rename("a", "b")).isEqualTo("OK");
        assertThat(jedis.get("b")).isEqualTo("v");
        assertThat(jedis.ttl("b")).isPositive();
        assertThat(jedis.exists("a")).isFalse();
        jedis.set("c", "other");
        assertThat(jedis.renamenx("b", "c")).isZero();
        assertThat(jedis.renamenx("b", "d")).isEqualTo(1);
        assertError("ERR no such key", () -> jedis.rename("missing", "x"));
    }

    @Test
    void randomkeyReturnsAnExistingKeyOrNil() {
        assertThat(jedis.randomKey()).isNull();
        jedis.mset("a", "1", "b", "2");
        assertThat(jedis.randomKey()).isIn("a", "b");
    }

    @Test
    void moveTransfersAKeyToAnotherDatabase() {
        jedis.set("k", "v");
        assertThat(jedis.move("k", 2)).isEqualTo(1);
        assertThat(jedis.exists("k")).isFalse();
        jedis.select(2);
        assertThat(jedis.get("k")).isEqualTo("v");
        assertError("ERR source and destination objects are the same", () -> jedis.move("k", 2));
        assertError("ERR DB index is out of range", () -> jedis.move("k", 16));
    }

    @Test
    void copyDuplicatesValuesIndependently() {
        jedis.rpush("l", "a", "b");
        assertThat(jedis.copy("l", "l2", false)).isTrue();
        jedis.rpush("l2", "c");
        assertThat(jedis.lrange("l", 0, -1)).containsExactly("a", "b");
        assertThat(jedis.copy("l", "l2", false)).isFalse();
        assertThat(jedis.copy("l", "l2", true)).isTrue();
        assertThat(jedis.lrange("l2", 0, -1)).containsExactly("a", "b");
        assertThat(raw(jedis, "COPY", "l", "l", "DB", "3")).isEqualTo(1L);
        assertError("ERR source and destination objects are the same", () -> raw(jedis, "COPY", "l", "l"));
    }

    @Test
    void touchCountsExistingKeys() {
        jedis.set("a", "1");
        assertThat(jedis.touch("a", "b")).isEqualTo(1);
    }

    @Test
    void objectEncodingFollowsRedis() {
        jedis.set("int", "123");
        jedis.set("short", "hello");
        jedis.set("long", "x".repeat(100));
        jedis.rpush("list", "a");
        jedis.sadd("ints", "1", "2");
        jedis.sadd("strs", "a");
        jedis.hset("h", "f", "v");
        jedis.zadd("z", 1, "a");
        assertThat(jedis.objectEncoding("int")).isEqualTo("int");
        assertThat(jedis.objectEncoding("short")).isEqualTo("embstr");
        assertThat(jedis.objectEncoding("long")).isEqualTo("raw");
        assertThat(jedis.objectEncoding("list")).isEqualTo("listpack");
        assertThat(jedis.objectEncoding("ints")).isEqualTo("intset");
        assertThat(jedis.objectEncoding("strs")).isEqualTo("listpack");
        assertThat(jedis.objectEncoding("h")).isEqualTo("listpack");
        assertThat(jedis.objectEncoding("z")).isEqualTo("listpack");
        assertThat(jedis.objectEncoding("missing")).isNull();
    }
}
