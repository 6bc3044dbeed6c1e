package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

class RespPubSubTest extends RespTestBase {

    private static final class Recorder extends JedisPubSub {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(String channel, String message) {
            events.add("message " + channel + " " + message);
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            events.add("pmessage " + pattern + " " + channel + " " + message);
        }

        @Override
        public void onSubscribe(String channel, int count) {
            events.add("subscribe " + channel + " " + count);
        }

        @Override
        public void onPSubscribe(String pattern, int count) {
            events.add("psubscribe " + pattern + " " + count);
        }

        String next() throws InterruptedException {
            String e = events.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("event").isNotNull();
            return e;
        }
    }

    @Test
    void publishReachesChannelAndPatternSubscribers() throws Exception {
        Jedis sub = connect();
        Recorder rec = new Recorder();
        CompletableFuture<Void> loop = CompletableFuture.runAsync(() -> sub.subscribe(rec, "news"));
        assertThat(rec.next()).isEqualTo("subscribe news 1");
        rec.psubscribe("n*");
        assertThat(rec.next()).isEqualTo("psubscribe n* 2");
        assertThat(jedis.publish("news", "hello")).isEqualTo(2);
        assertThat(List.of(rec.next(), rec.next()))
                .containsExactlyInAnyOrder("message news hello", "pmessage n* news hello");
        assertThat(jedis.publish("other", "x")).isZero();
        assertThat(jedis.pubsubChannels()).containsExactly("news");
        assertThat(jedis.pubsubNumSub("news")).containsEntry("news", 1L);
        assertThat(jedis.pubsubNumPat()).isEqualTo(1);
        rec.unsubscribe();
        rec.punsubscribe();
        loop.get(5, TimeUnit.SECONDS);
        assertThat(jedis.publish("news", "x")).isZero();
    }

    @Test
    void onlySubscriptionCommandsAreAllowedWhileSubscribedInResp2() throws Exception {
        try (RawClient sub = new RawClient(warren.respPort())) {
            sub.command("SUBSCRIBE", "ch").expect("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
            sub.command("GET", "k").expect("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING"
                    + " / QUIT / RESET are allowed in this context\r\n");
            sub.command("PING").expect("*2\r\n$4\r\npong\r\n$0\r\n\r\n");
            assertThat(jedis.publish("ch", "hi")).isEqualTo(1);
            sub.expect("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
            sub.command("UNSUBSCRIBE").expect("*3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n");
            sub.command("GET", "k").expect("$-1\r\n");
        }
    }

    @Test
    void resp3SubscribersGetPushMessagesAndMayRunAnyCommand() throws Exception {
        try (RawClient sub = new RawClient(warren.respPort())) {
            sub.command("HELLO", "3");
            sub.expect("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n");
            sub.command("SUBSCRIBE", "ch");
            // skip the rest of the HELLO map by reading until the subscribe push
            String pushStart = ">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n";
            byte[] all = new byte[0];
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            while (!seen.toString(java.nio.charset.StandardCharsets.UTF_8).endsWith(pushStart)) {
                sub.expectAny(seen);
            }
            sub.command("GET", "k").expect("_\r\n");
            jedis.publish("ch", "hi");
            sub.expect(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n");
        }
    }

    @Test
    void subscriberThatDisconnectsStopsCounting() throws Exception {
        RawClient sub = new RawClient(warren.respPort());
        sub.command("SUBSCRIBE", "ch").expect("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
        assertThat(jedis.publish("ch", "m")).isEqualTo(1);
        sub.close();
        waitUntil("subscriber is gone", () -> jedis.publish("ch", "m") == 0);
    }

    @Test
    void aSubscriberThatDoesNotReadIsDisconnectedInsteadOfBufferedWithoutBound() throws Exception {
        try (RawClient sub = new RawClient(warren.respPort())) {
            sub.command("SUBSCRIBE", "firehose").expect("*3\r\n$9\r\nsubscribe\r\n$8\r\nfirehose\r\n:1\r\n");
            byte[] message = new byte[1024 * 1024];
            waitUntil("the slow subscriber is disconnected", () -> jedis.publish("firehose".getBytes(), message) == 0);
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }
}
