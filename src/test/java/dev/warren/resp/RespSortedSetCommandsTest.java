package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.SortedSetOption;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZIncrByParams;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

class RespSortedSetCommandsTest extends RespTestBase {

    private void seed() {
        jedis.zadd("z", Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0));
    }

    private static List<String> members(List<Tuple> tuples) {
        return tuples.stream().map(Tuple::getElement).toList();
    }

    @Test
    void zaddWithOptions() {
        assertThat(jedis.zadd("z", 1, "a")).isEqualTo(1);
        assertThat(jedis.zadd("z", 5, "a")).isZero();
        assertThat(jedis.zscore("z", "a")).isEqualTo(5.0);
        assertThat(jedis.zadd("z", 6, "a", ZAddParams.zAddParams().nx())).isZero();
        assertThat(jedis.zadd("z", 1, "b", ZAddParams.zAddParams().xx())).isZero();
        assertThat(jedis.zadd("z", 1, "a", ZAddParams.zAddParams().gt())).isZero();
        assertThat(jedis.zscore("z", "a")).isEqualTo(5.0);
        assertThat(jedis.zadd("z", 1, "a", ZAddParams.zAddParams().lt().ch())).isEqualTo(1);
        assertThat(jedis.zaddIncr("z", 2, "a", ZAddParams.zAddParams())).isEqualTo(3.0);
        assertThat(jedis.zaddIncr("z", 2, "zz", ZAddParams.zAddParams().xx())).isNull();
        assertError("ERR XX and NX options at the same time are not compatible",
                () -> raw(jedis, "ZADD", "z", "NX", "XX", "1", "a"));
        assertError("ERR GT, LT, and/or NX options at the same time are not compatible",
                () -> raw(jedis, "ZADD", "z", "GT", "LT", "1", "a"));
        assertError("ERR INCR option supports a single increment-element pair",
                () -> raw(jedis, "ZADD", "z", "INCR", "1", "a", "2", "b"));
        assertError("ERR value is not a valid float", () -> raw(jedis, "ZADD", "z", "x", "a"));
        assertError("ERR syntax error", () -> raw(jedis, "ZADD", "z", "NX", "1"));
    }

    @Test
    void zincrbyZscoreZmscoreZcard() {
        assertThat(jedis.zincrby("z", 2.5, "a")).isEqualTo(2.5);
        assertThat(jedis.zincrby("z", 1, "a", ZIncrByParams.zIncrByParams().xx())).isEqualTo(3.5);
        assertThat(jedis.zmscore("z", "a", "nope")).containsExactly(3.5, null);
        assertThat(jedis.zcard("z")).isEqualTo(1);
        assertThat(raw(jedis, "ZSCORE", "z", "a")).isEqualTo("3.5".getBytes());
        jedis.zadd("z", Double.POSITIVE_INFINITY, "inf");
        assertThat(raw(jedis, "ZSCORE", "z", "inf")).isEqualTo("inf".getBytes());
        assertError("ERR resulting score is not a number (NaN)", () -> raw(jedis, "ZINCRBY", "z", "-inf", "inf"));
    }

    @Test
    void ranksInBothDirections() {
        seed();
        assertThat(jedis.zrank("z", "c")).isEqualTo(2);
        assertThat(jedis.zrevrank("z", "c")).isEqualTo(1);
        assertThat(jedis.zrank("z", "nope")).isNull();
        List<?> withScore = (List<?>) raw(jedis, "ZRANK", "z", "c", "WITHSCORE");
        assertThat(withScore.get(0)).isEqualTo(2L);
        assertThat(str(withScore.get(1))).isEqualTo("3");
    }

    @Test
    void rangeByRankScoreAndLex() {
        seed();
        assertThat(jedis.zrange("z", 0, -1)).containsExactly("a", "b", "c", "d");
        assertThat(jedis.zrange("z", -2, -1)).containsExactly("c", "d");
        assertThat(jedis.zrevrange("z", 0, 1)).containsExactly("d", "c");
        assertThat(members(jedis.zrangeWithScores("z", 0, 0))).containsExactly("a");
        assertThat(jedis.zrangeByScore("z", "(1", "3")).containsExactly("b", "c");
        assertThat(jedis.zrangeByScore("z", "-inf", "+inf", 1, 2)).containsExactly("b", "c");
        assertThat(jedis.zrevrangeByScore("z", "+inf", "(2")).containsExactly("d", "c");
        assertThat(jedis.zrange("z", ZRangeParams.zrangeByScoreParams(2, 4).rev())).isEmpty();
        assertThat(jedis.zrange("z", ZRangeParams.zrangeByScoreParams(4, 2).rev())).containsExactly("d", "c", "b");
        assertThat(jedis.zcount("z", "(1", "+inf")).isEqualTo(3);
        assertError("ERR min or max is not a float", () -> jedis.zrangeByScore("z", "x", "1"));
        assertError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
                () -> raw(jedis, "ZRANGE", "z", "0", "1", "LIMIT", "0", "1"));
        assertError("ERR syntax error, WITHSCORES not supported in combination with BYLEX",
                () -> raw(jedis, "ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"));
    }

    @Test
    void lexRangesOnEqualScores() {
        jedis.zadd("l", Map.of("a", 0.0, "b", 0.0, "c", 0.0, "d", 0.0, "e", 0.0));
        assertThat(jedis.zrangeByLex("l", "-", "[c")).containsExactly("a", "b", "c");
        assertThat(jedis.zrangeByLex("l", "(a", "(d")).containsExactly("b", "c");
        assertThat(jedis.zrangeByLex("l", "[b", "+", 1, 2)).containsExactly("c", "d");
        assertThat(jedis.zrevrangeByLex("l", "+", "[d")).containsExactly("e", "d");
        assertThat(jedis.zlexcount("l", "[b", "[d")).isEqualTo(3);
        assertThat(jedis.zlexcount("l", "-", "+")).isEqualTo(5);
        assertThat(jedis.zremrangeByLex("l", "[a", "[b")).isEqualTo(2);
        assertError("ERR min or max not valid string range item", () -> jedis.zrangeByLex("l", "a", "+"));
    }

    @Test
    void zrangestoreAndRemovals() {
        seed();
        assertThat(jedis.zrangestore("dst", "z", ZRangeParams.zrangeParams(1, 2))).isEqualTo(2);
        assertThat(jedis.zrange("dst", 0, -1)).containsExactly("b", "c");
        assertThat(jedis.zrem("z", "a", "nope")).isEqualTo(1);
        assertThat(jedis.zremrangeByScore("z", 2, 2)).isEqualTo(1);
        assertThat(jedis.zremrangeByRank("z", 0, 0)).isEqualTo(1);
        assertThat(jedis.zrange("z", 0, -1)).containsExactly("d");
    }

    @Test
    void popMinAndMax() {
        seed();
        assertThat(jedis.zpopmin("z").getElement()).isEqualTo("a");
        assertThat(members(jedis.zpopmax("z", 2))).containsExactly("d", "c");
        assertThat(jedis.zmpop(SortedSetOption.MIN, "missing", "z").getValue()).extracting(Tuple::getElement)
                .containsExactly("b");
        assertThat(jedis.exists("z")).isFalse();
        assertThat(jedis.zpopmin("z")).isNull();
    }

    @Test
    void bzpopminWaitsForAMember() throws Exception {
        Jedis blocked = connect();
        var r = CompletableFuture.supplyAsync(() -> blocked.bzpopmin(10, "z"));
        waitUntil("client is blocked", () -> jedis.info("clients").contains("blocked_clients:1"));
        jedis.zadd("z", 7, "m");
        var popped = r.get(5, TimeUnit.SECONDS);
        assertThat(popped.getKey()).isEqualTo("z");
        assertThat(popped.getValue().getElement()).isEqualTo("m");
        assertThat(popped.getValue().getScore()).isEqualTo(7.0);
        assertThat(jedis.bzpopmax(0.05, "z")).isNull();
    }

    @Test
    void unionInterDiffWithWeightsAndAggregate() {
        jedis.zadd("a", Map.of("x", 1.0, "y", 2.0));
        jedis.zadd("b", Map.of("y", 3.0, "z", 4.0));
        jedis.sadd("s", "x");
        assertThat(jedis.zunionstore("u", "a", "b")).isEqualTo(3);
        assertThat(jedis.zscore("u", "y")).isEqualTo(5.0);
        assertThat(jedis.zinterstore("i", new ZParams().weights(2, 10).aggregate(ZParams.Aggregate.MAX), "a", "b"))
                .isEqualTo(1);
        assertThat(jedis.zscore("i", "y")).isEqualTo(30.0);
        assertThat(jedis.zdiffstore("d", "a", "b")).isEqualTo(1);
        assertThat(jedis.zrange("d", 0, -1)).containsExactly("x");
        assertThat(jedis.zunion(new ZParams(), "a", "s")).containsExactly("x", "y");
        assertThat(members(jedis.zinterWithScores(new ZParams(), "a", "s"))).containsExactly("x");
        assertThat(jedis.zdiff("a", "s")).containsExactly("y");
        assertThat(jedis.zintercard("a", "b")).isEqualTo(1);
        assertError("ERR at least 1 input key is needed for 'zunionstore' command",
                () -> raw(jedis, "ZUNIONSTORE", "d", "0", "a"));
        assertError("ERR weight value is not a float",
                () -> raw(jedis, "ZUNIONSTORE", "d", "1", "a", "WEIGHTS", "x"));
        assertError("ERR syntax error", () -> raw(jedis, "ZUNIONSTORE", "d", "5", "a"));
    }

    @Test
    void zrandmemberAndZscan() {
        seed();
        assertThat(jedis.zrandmember("z")).isIn("a", "b", "c", "d");
        assertThat(jedis.zrandmember("z", 2)).hasSize(2).doesNotHaveDuplicates();
        assertThat(jedis.zrandmember("z", -6)).hasSize(6);
        assertThat(jedis.zrandmemberWithScores("z", 2)).hasSize(2);
        assertThat(jedis.zscan("z", "0").getResult()).extracting(Tuple::getElement)
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void ranksStayCorrectForLargeSets() {
        var pipe = jedis.pipelined();
        for (int i = 0; i < 5000; i++) {
            pipe.zadd("big", i, "m" + i);
        }
        pipe.sync();
        assertThat(jedis.zrank("big", "m4321")).isEqualTo(4321);
        assertThat(jedis.zrange("big", 2500, 2502)).containsExactly("m2500", "m2501", "m2502");
        assertThat(jedis.zcount("big", 100, 199)).isEqualTo(100);
        for (int i = 0; i < 5000; i += 2) {
            pipe.zrem("big", "m" + i);
        }
        pipe.sync();
        assertThat(jedis.zrank("big", "m4321")).isEqualTo(2160);
        assertThat(jedis.objectEncoding("big")).isEqualTo("skiplist");
    }
}
