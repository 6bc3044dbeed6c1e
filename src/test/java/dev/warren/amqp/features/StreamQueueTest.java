package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static dev.warren.testing.AmqpErrors.expectConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stream queues ({@code x-queue-type=stream}) used from AMQP 0-9-1, as in RabbitMQ: an append-only log
 * read by offset, messages kept after ack, manual ack with a prefetch required.
 */
class StreamQueueTest extends AmqpTestBase {

    private Channel streamChannel(String name, Object... extraArgs) throws Exception {
        Channel ch = openChannel();
        Object[] kv = new Object[extraArgs.length + 2];
        kv[0] = "x-queue-type";
        kv[1] = "stream";
        System.arraycopy(extraArgs, 0, kv, 2, extraArgs.length);
        ch.queueDeclare(name, true, false, false, args(kv));
        return ch;
    }

    private static void publish(Channel ch, String queue, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            ch.basicPublish("", queue, null, utf8("m" + i));
        }
    }

    /** Consumes with the given offset spec and returns the first {@code n} deliveries (acking each). */
    private List<RecordingConsumer.Delivery> consume(String queue, Object offset, int n) throws Exception {
        Channel ch = openChannel();
        ch.basicQos(10);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume(queue, false, offset == null ? Map.of() : Map.of("x-stream-offset", offset), c);
        List<RecordingConsumer.Delivery> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecordingConsumer.Delivery d = c.next();
            got.add(d);
            ch.basicAck(d.tag(), false);
        }
        c.assertNothingMore();
        return got;
    }

    private static long offsetOf(RecordingConsumer.Delivery d) {
        return (Long) d.properties().getHeaders().get("x-stream-offset");
    }

    private static List<String> bodies(List<RecordingConsumer.Delivery> ds) {
        return ds.stream().map(RecordingConsumer.Delivery::body).toList();
    }

    // ------------------------------------------------------------------ declaring

    @Test
    void durableStreamIsDeclaredAndRedeclared() throws Exception {
        Channel ch = streamChannel("s", "x-max-age", "7D", "x-max-length-bytes", 1_000_000L,
                "x-stream-max-segment-size-bytes", 100_000);
        AMQP.Queue.DeclareOk ok = ch.queueDeclare("s", true, false, false, args("x-queue-type", "stream",
                "x-max-age", "7D", "x-max-length-bytes", 1_000_000L, "x-stream-max-segment-size-bytes", 100_000));
        assertThat(ok.getMessageCount()).isZero();
    }

    @Test
    void nonDurableExclusiveAutoDeleteAndServerNamedStreamsAre406() throws Exception {
        Channel ch = openChannel();
        assertThat(expectChannelError(406, () -> ch.queueDeclare("s", false, false, false,
                args("x-queue-type", "stream"))).getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid property 'non-durable' for queue 's' in vhost '/'");
        Channel ch2 = openChannel();
        assertThat(expectChannelError(406, () -> ch2.queueDeclare("s", true, true, false,
                args("x-queue-type", "stream"))).getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 's' in vhost '/'");
        Channel ch3 = openChannel();
        assertThat(expectChannelError(406, () -> ch3.queueDeclare("s", true, false, true,
                args("x-queue-type", "stream"))).getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid property 'auto-delete' for queue 's' in vhost '/'");
        Channel ch4 = openChannel();
        expectChannelError(406, () -> ch4.queueDeclare("", true, false, false, args("x-queue-type", "stream")));
        Channel ch5 = openChannel();
        expectChannelError(404, () -> ch5.queueDeclarePassive("s"));
    }

    @Test
    void argumentsStreamsDoNotSupportAre406() throws Exception {
        for (String arg : List.of("x-max-length", "x-message-ttl", "x-expires", "x-max-priority")) {
            Channel ch = openChannel();
            AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("s", true, false, false,
                    args("x-queue-type", "stream", arg, 10)));
            assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid arg '" + arg
                    + "' for queue 's' in vhost '/' of queue type rabbit_stream_queue");
        }
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("s", true, false, false,
                args("x-queue-type", "stream", "x-dead-letter-exchange", "dlx")));
        assertThat(close.getReplyText()).contains("'x-dead-letter-exchange'").endsWith("rabbit_stream_queue");
    }

    @Test
    void invalidMaxAgeIs406() throws Exception {
        for (String age : List.of("1A", "h", "0D", "10")) {
            Channel ch = openChannel();
            AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("s", true, false, false,
                    args("x-queue-type", "stream", "x-max-age", age)));
            assertThat(close.getReplyText()).isEqualTo(
                    "PRECONDITION_FAILED - invalid arg 'x-max-age' for queue 's' in vhost '/': invalid_max_age");
        }
        streamChannel("ok", "x-max-age", "1Y");
    }

    // ------------------------------------------------------------------ reading by offset

    @Test
    void consumerFromFirstGetsEveryMessageWithItsOffset() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 5);
        List<RecordingConsumer.Delivery> got = consume("s", "first", 5);
        assertThat(bodies(got)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(got.stream().map(StreamQueueTest::offsetOf).toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void consumerWithoutOffsetStartsAtNext() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 3);
        Channel cc = openChannel();
        cc.basicQos(10);
        RecordingConsumer c = new RecordingConsumer(cc);
        cc.basicConsume("s", false, c);
        c.consumeOk.take();
        publish(ch, "s", 3, 5);
        RecordingConsumer.Delivery d = c.next();
        assertThat(d.body()).isEqualTo("m3");
        assertThat(offsetOf(d)).isEqualTo(3L);
        assertThat(c.next().body()).isEqualTo("m4");
    }

    @Test
    void consumerFromNumericOffsetStartsThere() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 10);
        assertThat(bodies(consume("s", 7L, 3))).containsExactly("m7", "m8", "m9");
        assertThat(bodies(consume("s", 8, 2))).containsExactly("m8", "m9");
    }

    @Test
    void consumerFromLastStartsAtTheLastChunk() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 4);
        List<RecordingConsumer.Delivery> got = consume("s", "last", 1);
        assertThat(got.get(0).body()).isEqualTo("m3");
        assertThat(offsetOf(got.get(0))).isEqualTo(3L);
    }

    @Test
    void consumerFromTimestampGetsMessagesFromThatSecondOn() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 3);
        long second = System.currentTimeMillis() / 1000 + 1;
        waitUntil("the next second", () -> System.currentTimeMillis() >= second * 1000);
        publish(ch, "s", 3, 5);
        assertThat(bodies(consume("s", new Date(second * 1000), 2))).containsExactly("m3", "m4");
    }

    @Test
    void consumerFromIntervalGetsMessagesOfThatAge() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 3);
        assertThat(bodies(consume("s", "1h", 3))).containsExactly("m0", "m1", "m2");
    }

    @Test
    void messagesStayAfterAckAndAreReadAgain() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 20);
        assertThat(consume("s", "first", 20)).hasSize(20); // prefetch 10: acks move the credit on
        assertThat(bodies(consume("s", "first", 20))).hasSize(20).startsWith("m0", "m1").endsWith("m19");
        assertThat(ch.queueDeclarePassive("s").getMessageCount()).isEqualTo(20);
    }

    @Test
    void consumerGetsNoMoreThanItsPrefetchUntilItAcks() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 5);
        Channel cc = openChannel();
        cc.basicQos(2);
        RecordingConsumer c = new RecordingConsumer(cc);
        cc.basicConsume("s", false, Map.of("x-stream-offset", "first"), c);
        c.next();
        RecordingConsumer.Delivery second = c.next();
        c.assertNothingMore();
        cc.basicAck(second.tag(), true);
        assertThat(c.next().body()).isEqualTo("m2");
    }

    // ------------------------------------------------------------------ retention

    @Test
    void retentionByMaxLengthBytesDropsTheOldestSegments() throws Exception {
        Channel ch = streamChannel("s", "x-max-length-bytes", 2_000L, "x-stream-max-segment-size-bytes", 500);
        byte[] body = new byte[100];
        for (int i = 0; i < 60; i++) {
            ch.basicPublish("", "s", null, body);
        }
        int kept = ch.queueDeclarePassive("s").getMessageCount();
        assertThat(kept).isLessThan(60).isGreaterThan(0);
        Channel cc = openChannel();
        cc.basicQos(100);
        RecordingConsumer c = new RecordingConsumer(cc);
        cc.basicConsume("s", false, Map.of("x-stream-offset", "first"), c);
        RecordingConsumer.Delivery first = c.next();
        assertThat(offsetOf(first)).isEqualTo(60L - kept);
        long last = offsetOf(first);
        for (int i = 1; i < kept; i++) {
            last = offsetOf(c.next());
        }
        assertThat(last).isEqualTo(59L);
    }

    @Test
    void retentionByMaxAgeDropsSegmentsThatGrewOld() throws Exception {
        Channel ch = streamChannel("s", "x-max-age", "1s", "x-stream-max-segment-size-bytes", 300);
        byte[] body = new byte[100];
        for (int i = 0; i < 10; i++) {
            ch.basicPublish("", "s", null, body);
        }
        assertThat(ch.queueDeclarePassive("s").getMessageCount()).isEqualTo(10);
        // all but the segment being written go once their newest message is older than a second
        waitUntil("old segments dropped", () -> {
            try {
                return ch.queueDeclarePassive("s").getMessageCount() < 10;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(ch.queueDeclarePassive("s").getMessageCount()).isGreaterThan(0);
    }

    // ------------------------------------------------------------------ what streams refuse

    @Test
    void consumingWithoutPrefetchIs406() throws Exception {
        Channel ch = streamChannel("s");
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.basicConsume("s", false, new RecordingConsumer(ch)));
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - consumer prefetch count is not set for 'queue 's' in vhost '/''");
    }

    @Test
    void consumingWithAutoAckIsRefused() throws Exception {
        Channel ch = streamChannel("s");
        ch.basicQos(10);
        AMQP.Connection.Close close = expectConnectionError(540, () ->
                ch.basicConsume("s", true, new RecordingConsumer(ch)));
        assertThat(close.getReplyText()).isEqualTo(
                "NOT_IMPLEMENTED - automatic acknowledgement not supported by stream queues queue 's' in vhost '/'");
    }

    @Test
    void basicGetIsRefused() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 1);
        AMQP.Connection.Close close = expectConnectionError(540, () -> ch.basicGet("s", false));
        assertThat(close.getReplyText()).isEqualTo(
                "NOT_IMPLEMENTED - basic.get not supported by stream queues queue 's' in vhost '/'");
    }

    @Test
    void purgeIsRefusedAndKeepsTheMessages() throws Exception {
        Channel ch = streamChannel("s");
        publish(ch, "s", 0, 2);
        expectConnectionError(540, () -> ch.queuePurge("s"));
        assertThat(openChannel().queueDeclarePassive("s").getMessageCount()).isEqualTo(2);
    }

    @Test
    void deletedStreamCancelsItsConsumers() throws Exception {
        Channel ch = streamChannel("s");
        Channel cc = openChannel();
        cc.basicQos(1);
        RecordingConsumer c = new RecordingConsumer(cc);
        String tag = cc.basicConsume("s", false, c);
        ch.queueDelete("s");
        assertThat(c.cancelledByBroker.take()).isEqualTo(tag);
        expectChannelError(404, () -> ch.queueDeclarePassive("s"));
    }
}
