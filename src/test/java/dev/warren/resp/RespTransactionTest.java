package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

class RespTransactionTest extends RespTestBase {

    @Test
    void execRunsQueuedCommandsInOrder() {
        Transaction t = jedis.multi();
        t.set("a", "1");
        t.incr("a");
        t.get("a");
        List<Object> r = t.exec();
        assertThat(r).containsExactly("OK", 2L, "2");
    }

    @Test
    void runtimeErrorsDoNotAbortTheOtherCommands() {
        jedis.set("s", "text");
        Transaction t = jedis.multi();
        t.incr("s");
        t.set("b", "2");
        List<Object> r = t.exec();
        assertThat(r.get(0)).isInstanceOf(JedisDataException.class);
        assertThat(((JedisDataException) r.get(0)).getMessage()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(r.get(1)).isEqualTo("OK");
    }

    @Test
    void queueingErrorsAbortExecWithExecabort() {
        assertThat(raw(jedis, "MULTI")).isEqualTo("OK".getBytes());
        assertThat(raw(jedis, "SET", "a", "1")).isEqualTo("QUEUED".getBytes());
        assertError("ERR unknown command 'NOPE', with args beginning with: ", () -> raw(jedis, "NOPE"));
        assertError("ERR wrong number of arguments for 'get' command", () -> raw(jedis, "GET"));
        assertError("EXECABORT Transaction discarded because of previous errors.", () -> raw(jedis, "EXEC"));
        assertThat(jedis.exists("a")).isFalse();
    }

    @Test
    void discardDropsTheQueue() {
        raw(jedis, "MULTI");
        raw(jedis, "SET", "a", "1");
        assertThat(raw(jedis, "DISCARD")).isEqualTo("OK".getBytes());
        assertThat(jedis.exists("a")).isFalse();
        assertError("ERR DISCARD without MULTI", () -> raw(jedis, "DISCARD"));
        assertError("ERR EXEC without MULTI", () -> raw(jedis, "EXEC"));
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreErrors() {
        raw(jedis, "MULTI");
        assertError("ERR MULTI calls can not be nested", () -> raw(jedis, "MULTI"));
        assertError("ERR WATCH inside MULTI is not allowed", () -> raw(jedis, "WATCH", "a"));
        assertThat(raw(jedis, "EXEC")).isEqualTo(List.of());
    }

    @Test
    void touchedWatchedKeyAbortsExec() {
        jedis.set("k", "1");
        jedis.watch("k");
        Jedis other = connect();
        other.set("k", "2");
        Transaction t = jedis.multi();
        t.set("k", "3");
        assertThat(t.exec()).isNull();
        assertThat(jedis.get("k")).isEqualTo("2");
    }

    @Test
    void untouchedWatchedKeyLetsExecRun() {
        jedis.set("k", "1");
        jedis.watch("k");
        connect().set("other", "x");
        Transaction t = jedis.multi();
        t.set("k", "3");
        assertThat(t.exec()).containsExactly("OK");
    }

    @Test
    void aWriteThatChangesNothingDoesNotAbortWatchers() {
        jedis.set("k", "1");
        jedis.watch("k");
        Jedis other = connect();
        assertThat(other.setnx("k", "2")).isZero();
        assertThat(other.expire("missing", 10)).isZero();
        Transaction t = jedis.multi();
        t.get("k");
        assertThat(t.exec()).containsExactly("1");
    }

    @Test
    void saddSremAndZaddThatChangeNothingDoNotAbortWatchers() {
        jedis.sadd("s", "a");
        jedis.zadd("z", 1, "m");
        jedis.watch("s", "z");
        Jedis other = connect();
        assertThat(other.sadd("s", "a")).isZero();
        assertThat(other.srem("s", "missing")).isZero();
        assertThat(other.zadd("z", 1, "m")).isZero();
        Transaction t = jedis.multi();
        t.scard("s");
        assertThat(t.exec()).containsExactly(1L);
        jedis.watch("s");
        assertThat(other.sadd("s", "a", "b")).isEqualTo(1);
        t = jedis.multi();
        t.scard("s");
        assertThat(t.exec()).isNull();
    }

    @Test
    void unwatchForgetsWatchedKeys() {
        jedis.watch("k");
        connect().set("k", "2");
        jedis.unwatch();
        Transaction t = jedis.multi();
        t.get("k");
        assertThat(t.exec()).containsExactly("2");
    }

    @Test
    void expiryOfAWatchedKeyAbortsExec() {
        jedis.psetex("k", 30, "v");
        jedis.watch("k");
        waitUntil("key expired", () -> !connect().exists("k"));
        Transaction t = jedis.multi();
        t.set("x", "1");
        assertThat(t.exec()).isNull();
    }
}
