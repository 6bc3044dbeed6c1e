package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lettuce, unmodified: RESP3 by default (HELLO 3), sync and async APIs, pub/sub, MULTI, blocking pops. */
class RespLettuceTest extends RespTestBase {
    private static ClientResources resources;
    private RedisClient client;

    @BeforeAll
    static void startResources() {
        resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
    }

    @AfterAll
    static void stopResources() {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private RedisClient client(ClientOptions options) {
        client = RedisClient.create(resources, RedisURI.builder().withHost("127.0.0.1").withPort(warren.respPort())
                .withTimeout(Duration.ofSeconds(10)).build());
        client.setOptions(options);
        return client;
    }

    private StatefulRedisConnection<String, String> connectLettuce() {
        if (client == null) {
            client(ClientOptions.create());
        }
        return client.connect();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void syncApiSpeaksResp3ByDefault() {
        try (StatefulRedisConnection<String, String> conn = connectLettuce()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.ping()).isEqualTo("PONG");
            assertThat(r.clientInfo()).contains(" resp=3 ").contains("lib-name=Lettuce");
            assertThat(r.set("k", "v")).isEqualTo("OK");
            assertThat(r.get("k")).isEqualTo("v");
            assertThat(r.incrby("n", 5)).isEqualTo(5);
            assertThat(r.incrbyfloat("f", 1.5)).isEqualTo(1.5);
            assertThat(r.hset("h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
            assertThat(r.hgetall("h")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
            assertThat(r.sadd("s", "x", "y")).isEqualTo(2);
            assertThat(r.smembers("s")).containsExactlyInAnyOrder("x", "y");
            assertThat(r.zadd("z", 1.0, "one", 2.0, "two")).isEqualTo(2);
            assertThat(r.zrangeWithScores("z", 0, -1))
                    .containsExactly(ScoredValue.just(1.0, "one"), ScoredValue.just(2.0, "two"));
            assertThat(r.zscore("z", "two")).isEqualTo(2.0);
            assertThat(r.expire("k", 100)).isTrue();
            assertThat(r.ttl("k")).isBetween(1L, 100L);
            assertThat(r.exists("k", "h", "missing")).isEqualTo(2);
            assertThat(r.dbsize()).isEqualTo(6);
            assertThat(r.info("server")).contains("redis_version:");
            assertThatThrownBy(() -> r.lpush("k", "x")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
        }
    }

    @Test
    void resp2CanBeChosen() {
        client(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.clientInfo()).contains(" resp=2 ");
            r.hset("h", "f", "v");
            assertThat(r.hgetall("h")).containsEntry("f", "v");
            assertThat(r.zadd("z", 3.5, "m")).isEqualTo(1);
            assertThat(r.zscore("z", "m")).isEqualTo(3.5);
        }
    }

    @Test
    void asyncCommandsArePipelined() throws Exception {
        try (StatefulRedisConnection<String, String> conn = connectLettuce()) {
            RedisAsyncCommands<String, String> a = conn.async();
            conn.setAutoFlushCommands(false);
            List<RedisFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                futures.add(a.set("key:" + i, "value:" + i));
                futures.add(a.incr("counter"));
            }
            RedisFuture<String> last = a.get("key:499");
            conn.flushCommands();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(10), futures.toArray(new RedisFuture[0]))).isTrue();
            assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("value:499");
            conn.setAutoFlushCommands(true);
            assertThat(a.get("counter").get(10, TimeUnit.SECONDS)).isEqualTo("500");
        }
    }

    @Test
    void pubSubDeliversMessagesAndPatternMessages() throws Exception {
        client(ClientOptions.create());
        List<String> received = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + "=" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ":" + channel + "=" + message);
                }
            });
            sub.sync().subscribe("news");
            sub.sync().psubscribe("sport.*");
            // while subscribed, a RESP3 connection may still run ordinary commands
            assertThat(sub.sync().ping()).isEqualTo("PONG");
            assertThat(pub.sync().publish("news", "hello")).isEqualTo(1);
            assertThat(pub.sync().publish("sport.tennis", "ace")).isEqualTo(1);
            waitUntil("two messages", () -> received.size() == 2);
            assertThat(received).containsExactly("news=hello", "sport.*:sport.tennis=ace");
            assertThat(pub.sync().pubsubNumsub("news")).containsEntry("news", 1L);
            sub.sync().unsubscribe("news");
            assertThat(pub.sync().publish("news", "again")).isZero();
        }
    }

    @Test
    void transactionsRunAtomicallyAndWatchAborts() {
        try (StatefulRedisConnection<String, String> conn = connectLettuce();
             StatefulRedisConnection<String, String> other = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            assertThat(r.multi()).isEqualTo("OK");
            assertThat(r.set("a", "1")).isNull();
            assertThat(r.incr("a")).isNull();
            assertThat(r.get("a")).isNull();
            TransactionResult result = r.exec();
            assertThat(result.wasDiscarded()).isFalse();
            assertThat(result.<Object>get(0)).isEqualTo("OK");
            assertThat(result.<Object>get(1)).isEqualTo(2L);
            assertThat(result.<Object>get(2)).isEqualTo("2");

            r.watch("a");
            other.sync().set("a", "changed");
            r.multi();
            r.set("a", "mine");
            assertThat(r.exec().wasDiscarded()).isTrue();
            assertThat(r.get("a")).isEqualTo("changed");
        }
    }

    @Test
    void blockingPopsWaitForAPush() throws Exception {
        try (StatefulRedisConnection<String, String> blocked = connectLettuce();
             StatefulRedisConnection<String, String> pusher = client.connect()) {
            RedisFuture<KeyValue<String, String>> pop = blocked.async().blpop(10, "jobs");
            RedisFuture<KeyValue<String, ScoredValue<String>>> zpop = null;
            waitUntil("the client is blocked", () -> pusher.sync().clientList().contains("flags=b"));
            assertThat(pusher.sync().rpush("jobs", "job-1")).isEqualTo(1);
            assertThat(pop.get(10, TimeUnit.SECONDS)).isEqualTo(KeyValue.just("jobs", "job-1"));

            zpop = blocked.async().bzpopmin(10, "scores");
            waitUntil("the client is blocked again", () -> pusher.sync().clientList().contains("flags=b"));
            pusher.sync().zadd("scores", 7.0, "seven");
            assertThat(zpop.get(10, TimeUnit.SECONDS)).isEqualTo(KeyValue.just("scores", ScoredValue.just(7.0, "seven")));

            assertThat(blocked.sync().blpop(0.05, "empty")).isNull();
        }
    }

    @Test
    void streamsAndConsumerGroups() {
        try (StatefulRedisConnection<String, String> conn = connectLettuce()) {
            RedisCommands<String, String> r = conn.sync();
            String id1 = r.xadd("s", Map.of("f", "1"));
            r.xadd("s", Map.of("f", "2"));
            assertThat(r.xlen("s")).isEqualTo(2);
            assertThat(r.xgroupCreate(XReadArgs.StreamOffset.from("s", "0"), "g")).isEqualTo("OK");
            List<StreamMessage<String, String>> got = r.xreadgroup(io.lettuce.core.Consumer.from("g", "c1"),
                    XReadArgs.Builder.count(1), XReadArgs.StreamOffset.lastConsumed("s"));
            assertThat(got).hasSize(1);
            assertThat(got.get(0).getId()).isEqualTo(id1);
            assertThat(got.get(0).getBody()).containsEntry("f", "1");
            assertThat(r.xack("s", "g", id1)).isEqualTo(1);
            assertThat(r.xinfoStream("s")).contains("length", 2L);
        }
    }

    @Test
    void passwordIsSentWithHello() {
        warren.close();
        warren = dev.warren.Warren.builder().bindAddress("127.0.0.1").amqpPort(dev.warren.WarrenConfig.OFF)
                .httpPort(dev.warren.WarrenConfig.OFF).respPort(0).ioThreads(2).requirepass("s3cret").start();
        client = RedisClient.create(resources, RedisURI.builder().withHost("127.0.0.1").withPort(warren.respPort())
                .withPassword("s3cret".toCharArray()).build());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            assertThat(conn.sync().set("k", "v")).isEqualTo("OK");
            assertThat(conn.sync().clientInfo()).contains(" resp=3 ");
        }
    }

    @Test
    void aclUserAuthenticatesWithHello() {
        raw(jedis, "ACL", "SETUSER", "app", "on", ">apppw", "~app:*", "+@all");
        client = RedisClient.create(resources, RedisURI.builder().withHost("127.0.0.1").withPort(warren.respPort())
                .withAuthentication("app", "apppw").build());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            assertThat(conn.sync().aclWhoami()).isEqualTo("app");
            assertThat(conn.sync().set("app:1", "v")).isEqualTo("OK");
            assertThatThrownBy(() -> conn.sync().set("other", "v")).isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessage("NOPERM No permissions to access a key");
        }
    }
}
