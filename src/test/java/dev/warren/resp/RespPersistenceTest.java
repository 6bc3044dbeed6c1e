package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.testing.WarrenProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** The append-only file: data, TTLs and databases survive restarts, rewrites, torn tails and kill -9. */
class RespPersistenceTest {
    @TempDir
    Path dataDir;
    private final List<Warren> started = new ArrayList<>();
    private final List<Jedis> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(Jedis::close);
        started.forEach(Warren::close);
    }

    private Warren start(String fsync) {
        Warren w = Warren.builder().bindAddress("127.0.0.1").amqpPort(WarrenConfig.OFF).httpPort(WarrenConfig.OFF)
                .respPort(0).ioThreads(2).dataDir(dataDir).respAppendfsync(fsync).start();
        started.add(w);
        return w;
    }

    private Jedis connect(Warren w) {
        Jedis j = new Jedis("127.0.0.1", w.respPort(), 10_000);
        clients.add(j);
        return j;
    }

    private void restart(Warren w) {
        clients.forEach(Jedis::close);
        clients.clear();
        w.close();
        started.remove(w);
    }

    private Path aofFile() {
        return dataDir.resolve("redis").resolve("appendonly.aof");
    }

    @Test
    void everyValueTypeTtlAndDatabaseSurvivesARestart() throws Exception {
        Warren w = start("everysec");
        Jedis j = connect(w);
        j.set("s", "v");
        j.setex("ttl", 1000, "v");
        j.set("gone", "v");
        j.pexpire("gone", 1);
        j.rpush("l", "a", "b", "c");
        j.lpop("l");
        j.hset("h", Map.of("f", "1"));
        j.hincrBy("h", "f", 5);
        j.sadd("set", "x", "y", "z");
        j.spop("set");
        j.zadd("z", Map.of("a", 1.5, "b", 2.0));
        j.zincrby("z", 1, "a");
        j.select(5);
        j.set("in5", "five");
        j.select(0);
        Jedis blocked = connect(w);
        var popped = CompletableFuture.supplyAsync(() -> blocked.blpop(10, "q"));
        RespTestBase.waitUntil("client blocked", () -> j.info("clients").contains("blocked_clients:1"));
        j.rpush("q", "1", "2");
        assertThat(popped.get(5, TimeUnit.SECONDS)).containsExactly("q", "1");
        List<String> setBefore = new ArrayList<>(j.smembers("set"));
        restart(w);

        Jedis k = connect(start("everysec"));
        assertThat(k.get("s")).isEqualTo("v");
        assertThat(k.ttl("ttl")).isBetween(990L, 1000L);
        assertThat(k.exists("gone")).isFalse();
        assertThat(k.lrange("l", 0, -1)).containsExactly("b", "c");
        assertThat(k.hget("h", "f")).isEqualTo("6");
        assertThat(k.smembers("set")).containsExactlyInAnyOrderElementsOf(setBefore).hasSize(2);
        assertThat(k.zscore("z", "a")).isEqualTo(2.5);
        assertThat(k.lrange("q", 0, -1)).containsExactly("2");
        k.select(5);
        assertThat(k.get("in5")).isEqualTo("five");
    }

    @Test
    void rewriteKeepsTheFileProportionalToLiveData() throws Exception {
        Warren w = start("no");
        Jedis j = connect(w);
        var p = j.pipelined();
        for (int i = 0; i < 5000; i++) {
            p.incr("counter");
        }
        p.sync();
        j.zadd("z", 1, "m");
        j.pexpire("z", 1_000_000);
        long before = Files.size(aofFile()) + 1;
        RespTestBase.waitUntil("appended", () -> sizeOf(aofFile()) > 50_000);
        assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
        j.set("after", "rewrite");
        RespTestBase.waitUntil("rewrite done", () -> j.info("persistence").contains("aof_rewrite_in_progress:0"));
        assertThat(Files.size(aofFile())).isLessThan(1000);
        assertThat(j.info("persistence")).contains("aof_enabled:1");
        j.set("after2", "rewrite");
        restart(w);
        Jedis k = connect(start("no"));
        assertThat(k.get("counter")).isEqualTo("5000");
        assertThat(k.get("after")).isEqualTo("rewrite");
        assertThat(k.get("after2")).isEqualTo("rewrite");
        assertThat(k.pttl("z")).isPositive();
        assertThat(before).isPositive();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void streamsWithConsumerGroupsSurviveReplayAndRewrite() throws Exception {
        Warren w = start("everysec");
        Jedis j = connect(w);
        j.xadd("s", redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("f", "1"));
        j.xadd("s", redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("f", "2"));
        j.xgroupCreate("s", "g", new redis.clients.jedis.StreamEntryID(0, 0), false);
        j.xreadGroup("g", "alice", redis.clients.jedis.params.XReadGroupParams.xReadGroupParams().count(1),
                Map.of("s", redis.clients.jedis.StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        restart(w);
        Warren w2 = start("everysec");
        Jedis k = connect(w2);
        assertThat(k.xlen("s")).isEqualTo(2);
        assertThat(k.xpending("s", "g").getTotal()).isEqualTo(1);
        k.bgrewriteaof();
        RespTestBase.waitUntil("rewrite done", () -> k.info("persistence").contains("aof_rewrite_in_progress:0"));
        restart(w2);
        Jedis m = connect(start("everysec"));
        assertThat(m.xlen("s")).isEqualTo(2);
        var pending = m.xpending("s", "g");
        assertThat(pending.getTotal()).isEqualTo(1);
        assertThat(pending.getConsumerMessageCount()).containsEntry("alice", 1L);
        var next = m.xreadGroup("g", "bob", redis.clients.jedis.params.XReadGroupParams.xReadGroupParams(),
                Map.of("s", redis.clients.jedis.StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        assertThat(next.get(0).getValue()).hasSize(1);
    }

    @Test
    void writesDuringABackgroundRewriteAreKept() throws Exception {
        Warren w = start("everysec");
        Jedis j = connect(w);
        var p = j.pipelined();
        for (int i = 0; i < 20_000; i++) {
            p.set("before:" + i, "v" + i);
        }
        p.sync();
        assertThat(j.bgsave()).isEqualTo("Background saving started");
        for (int i = 0; i < 200; i++) {
            j.set("during:" + i, "v");
            j.select(3);
            j.incr("counter");
            j.select(0);
        }
        RespTestBase.waitUntil("rewrite done", () -> j.info("persistence").contains("aof_rewrite_in_progress:0"));
        j.set("after", "x");
        restart(w);
        Jedis k = connect(start("everysec"));
        assertThat(k.dbSize()).isEqualTo(20_000 + 200 + 1);
        assertThat(k.get("before:19999")).isEqualTo("v19999");
        assertThat(k.get("during:199")).isEqualTo("v");
        assertThat(k.get("after")).isEqualTo("x");
        k.select(3);
        assertThat(k.get("counter")).isEqualTo("200");
    }

    @Test
    void collectionsChangedDuringABackgroundRewriteAreWrittenAsTheyWereWhenItStarted() throws Exception {
        Warren w = start("everysec");
        Jedis j = connect(w);
        String filler = "x".repeat(40);
        var p = j.pipelined();
        for (int i = 0; i < 2_000; i++) {
            for (int k = 0; k < 10; k++) {
                p.rpush("list:" + i, filler + k, filler, filler, filler, filler, filler, filler, filler, filler);
            }
            p.hset("hash:" + i, "f", "0");
        }
        p.sync();
        assertThat(j.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
        // change every collection while the rewrite writes them: each change must be in the new file once
        var q = j.pipelined();
        for (int i = 0; i < 2_000; i++) {
            q.rpush("list:" + i, "added");
            q.hincrBy("hash:" + i, "f", 1);
        }
        q.sync();
        RespTestBase.waitUntil("rewrite done", () -> j.info("persistence").contains("aof_rewrite_in_progress:0"));
        restart(w);
        Jedis k = connect(start("everysec"));
        var r = k.pipelined();
        List<redis.clients.jedis.Response<Long>> lengths = new ArrayList<>();
        List<redis.clients.jedis.Response<String>> lasts = new ArrayList<>();
        List<redis.clients.jedis.Response<String>> fields = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            lengths.add(r.llen("list:" + i));
            lasts.add(r.lindex("list:" + i, -1));
            fields.add(r.hget("hash:" + i, "f"));
        }
        r.sync();
        for (int i = 0; i < 2_000; i++) {
            assertThat(lengths.get(i).get()).as("length of list:" + i).isEqualTo(91);
            assertThat(lasts.get(i).get()).isEqualTo("added");
            assertThat(fields.get(i).get()).as("hash:" + i).isEqualTo("1");
        }
    }

    @Test
    void aTornTailIsCutOffAndTheRestIsLoaded() throws Exception {
        Warren w = start("always");
        Jedis j = connect(w);
        j.set("a", "1");
        j.set("b", "2");
        restart(w);
        Files.writeString(aofFile(), "*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$5\r\n12", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);
        Jedis k = connect(start("always"));
        assertThat(k.mget("a", "b", "c")).containsExactly("1", "2", null);
        k.set("d", "4");
        restart(started.get(0));
        Jedis m = connect(start("always"));
        assertThat(m.mget("a", "b", "c", "d")).containsExactly("1", "2", null, "4");
    }

    @Test
    void aTransactionTornByACrashIsNotAppliedInPart() throws Exception {
        Warren w = start("always");
        Jedis j = connect(w);
        var t = j.multi();
        t.set("a", "1");
        t.set("b", "2");
        t.exec();
        restart(w);
        Files.writeString(aofFile(), "*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nc\r\n$1\r\n3\r\n",
                StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        Jedis k = connect(start("always"));
        assertThat(k.mget("a", "b", "c")).containsExactly("1", "2", null);
        k.set("d", "4");
        restart(started.get(0));
        Jedis m = connect(start("always"));
        assertThat(m.mget("a", "b", "c", "d")).containsExactly("1", "2", null, "4");
    }

    @Test
    void saveWithoutADataDirectoryIsAnError() {
        Warren w = Warren.builder().bindAddress("127.0.0.1").amqpPort(WarrenConfig.OFF).httpPort(WarrenConfig.OFF)
                .respPort(0).ioThreads(1).start();
        started.add(w);
        Jedis j = connect(w);
        RespTestBase.assertError("ERR Warren runs without a data directory; start it with --data-dir to persist",
                j::save);
        assertThat(j.info("persistence")).contains("aof_enabled:0");
    }

    @Test
    void withAppendfsyncAlwaysNoAcknowledgedWriteIsLostOnKill9() throws Exception {
        int port = WarrenProcess.freePort();
        Path config = dataDir.resolve("warren.conf");
        Files.writeString(config, "resp.appendfsync = always\n");
        String[] args = {"--bind", "127.0.0.1", "--amqp-port", "off", "--http-port", "off", "--resp-port",
            Integer.toString(port), "--data-dir", dataDir.resolve("data").toString(), "--config", config.toString()};
        Path log = dataDir.resolve("warren.log");
        int acknowledged = 0;
        try (WarrenProcess server = WarrenProcess.start(log, args)) {
            server.awaitPort(port, Duration.ofSeconds(30));
            try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
                for (int i = 0; i < 300; i++) {
                    j.rpush("log", Integer.toString(i));
                    acknowledged++;
                }
                j.set("last", "299");
            }
            server.kill();
        }
        try (WarrenProcess again = WarrenProcess.start(log, args)) {
            again.awaitPort(port, Duration.ofSeconds(30));
            try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
                assertThat(j.llen("log")).as(again.output()).isEqualTo(acknowledged);
                assertThat(j.get("last")).isEqualTo("299");
            }
        }
    }
}
