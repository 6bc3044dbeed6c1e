package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.expectChannelError;
import static dev.warren.testing.AmqpErrors.expectConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Command;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** basic.consume, basic.cancel (client and server initiated), exclusive consumers, basic.get. */
class ConsumeTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void consumeWithoutTagGetsServerGeneratedTag() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        String tag1 = ch.basicConsume("q", true, r);
        String tag2 = ch.basicConsume("q", true, new DefaultConsumer(ch));
        assertThat(tag1).startsWith("amq.ctag-").isNotEqualTo(tag2);
        assertThat(r.consumeOk.poll(5, TimeUnit.SECONDS)).isEqualTo(tag1);
        ch.basicPublish("", "q", null, bytes("m"));
        RecordingConsumer.Delivery d = r.next();
        assertThat(d.body()).isEqualTo("m");
        assertThat(d.envelope().getDeliveryTag()).isEqualTo(1);
        assertThat(d.envelope().isRedeliver()).isFalse();
        assertThat(d.envelope().getExchange()).isEmpty();
        assertThat(d.envelope().getRoutingKey()).isEqualTo("q");
    }

    @Test
    void consumeWithClientChosenTagUsesThatTag() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        assertThat(ch.basicConsume("q", true, "my-tag", r)).isEqualTo("my-tag");
        ch.basicPublish("", "q", null, bytes("m"));
        r.next();
        assertThat(ch.queueDeclarePassive("q").getConsumerCount()).isEqualTo(1);
    }

    @Test
    void messagesPublishedBeforeConsumeAreDeliveredOnConsume() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        for (int i = 0; i < 5; i++) {
            ch.basicPublish("", "q", null, bytes("m" + i));
        }
        RecordingConsumer r = new RecordingConsumer(ch);
        ch.basicConsume("q", true, r);
        for (int i = 0; i < 5; i++) {
            assertThat(r.next().body()).isEqualTo("m" + i);
        }
    }

    @Test
    void consumeFromMissingQueueIsNotFound() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(404,
                () -> ch.basicConsume("missing", true, new DefaultConsumer(ch)));
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no queue 'missing' in vhost '/'");
    }

    @Test
    void noAckDeliveriesNeedNoAcknowledgementAndDoNotComeBack() throws Exception {
        Connection conn = connect();
        Channel ch = conn.createChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        ch.basicConsume("q", true, r);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "q", null, bytes("m" + i));
        }
        for (int i = 0; i < 3; i++) {
            r.next();
        }
        ch.close();
        Channel check = conn.createChannel();
        assertThat(check.queueDeclarePassive("q").getMessageCount()).isZero();
        assertThat(check.basicGet("q", true)).isNull();
    }

    @Test
    void exclusiveConsumerRefusesOtherConsumers() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicConsume("q", true, "", false, true, null, new DefaultConsumer(ch));
        Connection other = connect();
        AMQP.Channel.Close close = expectChannelError(403,
                () -> other.createChannel().basicConsume("q", true, new DefaultConsumer(null)));
        assertThat(close.getReplyText()).isEqualTo("ACCESS_REFUSED - queue 'q' in vhost '/' in exclusive use");
        // Also from the owning connection, on another channel.
        expectChannelError(403, () -> ch.getConnection().createChannel()
                .basicConsume("q", true, new DefaultConsumer(null)));
        assertThat(other.isOpen()).isTrue();
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.queueDeclarePassive("q").getConsumerCount()).isEqualTo(1);
    }

    @Test
    void exclusiveConsumeOnQueueWithConsumersIsAccessRefused() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicConsume("q", true, new DefaultConsumer(ch));
        Channel second = openChannel();
        expectChannelError(403,
                () -> second.basicConsume("q", true, "", false, true, null, new DefaultConsumer(second)));
        assertThat(ch.queueDeclarePassive("q").getConsumerCount()).isEqualTo(1);
    }

    @Test
    void afterExclusiveConsumerCancelsOthersMayConsume() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        String tag = ch.basicConsume("q", true, "", false, true, null, new DefaultConsumer(ch));
        ch.basicCancel(tag);
        Channel other = openChannel();
        RecordingConsumer r = new RecordingConsumer(other);
        other.basicConsume("q", true, r);
        ch.basicPublish("", "q", null, bytes("m"));
        assertThat(r.next().body()).isEqualTo("m");
    }

    @Test
    void reusingAConsumerTagOnAChannelIsAConnectionError() throws Exception {
        Connection conn = connect();
        Connection bystander = connect();
        Channel bystanderCh = bystander.createChannel();
        Channel ch = conn.createChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicConsume("q", true, "dup", new DefaultConsumer(ch));
        AMQP.Connection.Close close = expectConnectionError(530,
                () -> ch.basicConsume("q", true, "dup", new DefaultConsumer(ch)));
        assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - attempt to reuse consumer tag 'dup'");
        waitUntil("connection closed", () -> !conn.isOpen());
        assertThat(bystander.isOpen()).isTrue();
        assertThat(bystanderCh.queueDeclarePassive("q").getConsumerCount())
                .as("the closed connection's consumer is gone").isZero();
    }

    @Test
    void sameConsumerTagOnDifferentChannelsIsAllowed() throws Exception {
        Connection conn = connect();
        Channel a = conn.createChannel();
        Channel b = conn.createChannel();
        a.queueDeclare("q", false, false, false, null);
        a.basicConsume("q", true, "same", new DefaultConsumer(a));
        b.basicConsume("q", true, "same", new DefaultConsumer(b));
        assertThat(a.queueDeclarePassive("q").getConsumerCount()).isEqualTo(2);
    }

    @Test
    void nowaitConsumeDeliversWithoutConsumeOk() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        ch.setDefaultConsumer(r);
        ch.asyncRpc(new AMQP.Basic.Consume.Builder().queue("q").consumerTag("nw").noAck(true).nowait(true).build());
        ch.basicPublish("", "q", null, bytes("m"));
        RecordingConsumer.Delivery d = r.next();
        assertThat(d.body()).isEqualTo("m");
        // The channel is in sync: the next reply belongs to the next request.
        AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive("q");
        assertThat(ok.getConsumerCount()).isEqualTo(1);
        assertThat(r.consumeOk).isEmpty();
    }

    @Test
    void cancelStopsDeliveriesAndRepliesCancelOk() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        String tag = ch.basicConsume("q", true, r);
        ch.basicPublish("", "q", null, bytes("before"));
        assertThat(r.next().body()).isEqualTo("before");
        ch.basicCancel(tag);
        assertThat(r.cancelOk.poll(5, TimeUnit.SECONDS)).isEqualTo(tag);
        ch.basicPublish("", "q", null, bytes("after"));
        r.assertNothingMore();
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).isEqualTo(1);
        assertThat(ch.queueDeclarePassive("q").getConsumerCount()).isZero();
    }

    @Test
    void cancelOfUnknownTagStillRepliesCancelOk() throws Exception {
        Channel ch = openChannel();
        Command reply = ch.rpc(new AMQP.Basic.Cancel.Builder().consumerTag("no-such-tag").build());
        assertThat(reply.getMethod()).isInstanceOf(AMQP.Basic.CancelOk.class);
        assertThat(((AMQP.Basic.CancelOk) reply.getMethod()).getConsumerTag()).isEqualTo("no-such-tag");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void unackedMessagesOfCancelledConsumerStayUnackedUntilSettled() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        String tag = ch.basicConsume("q", false, r);
        ch.basicPublish("", "q", null, bytes("m"));
        RecordingConsumer.Delivery d = r.next();
        ch.basicCancel(tag);
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).as("still unacked, not requeued").isZero();
        ch.basicAck(d.envelope().getDeliveryTag(), false);
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).isZero();
        assertThat(ch.basicGet("q", true)).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void noDeliveryArrivesAfterCancelOkWhileMessagesStreamIn() throws Exception {
        Connection consumerConn = connect();
        Channel ch = consumerConn.createChannel();
        ch.queueDeclare("stream", false, false, false, null);
        AtomicInteger unsolicited = new AtomicInteger();
        ch.setDefaultConsumer(new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                unsolicited.incrementAndGet();
            }
        });
        AtomicBoolean publishing = new AtomicBoolean(true);
        Connection pubConn = connect();
        Thread publisher = new Thread(() -> {
            try {
                Channel pub = pubConn.createChannel();
                while (publishing.get()) {
                    pub.basicPublish("", "stream", null, bytes("m"));
                }
                // a round trip on the same channel: every publish before it has been routed
                pub.queueDeclarePassive("stream");
            } catch (Exception e) {
                // connection closed at the end of the test
            }
        });
        publisher.start();
        try {
            for (int round = 0; round < 50; round++) {
                CountDownLatch first = new CountDownLatch(1);
                String tag = ch.basicConsume("stream", true, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String t, Envelope env, AMQP.BasicProperties p, byte[] body) {
                        first.countDown();
                    }
                });
                assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
                ch.basicCancel(tag);
            }
            // A round trip after the last cancel: everything sent before it has been processed.
            ch.queueDeclarePassive("stream");
        } finally {
            publishing.set(false);
            publisher.join(10_000);
        }
        assertThat(unsolicited.get()).as("deliveries for cancelled consumers after cancel-ok").isZero();
        assertThat(consumerConn.isOpen()).isTrue();
        assertMessageMemoryReleasedAfterPurge(ch, "stream");
    }

    /** Once a queue is purged and nothing is in flight, the broker accounts no message memory. */
    private void assertMessageMemoryReleasedAfterPurge(Channel ch, String queue) throws Exception {
        ch.queuePurge(queue);
        waitUntil("message memory back to zero (now " + warren.broker().resources().messageBytes() + ")",
                () -> warren.broker().resources().messageBytes() == 0);
    }

    @Test
    void noAckDeliveriesInFlightWhenTheChannelClosesAreAccountedOnce() throws Exception {
        Connection consumerConn = connect();
        Channel admin = consumerConn.createChannel();
        admin.queueDeclare("stream", false, false, false, null);
        AtomicBoolean publishing = new AtomicBoolean(true);
        Connection pubConn = connect();
        Thread publisher = new Thread(() -> {
            try {
                Channel pub = pubConn.createChannel();
                while (publishing.get()) {
                    pub.basicPublish("", "stream", null, new byte[100]);
                }
                // a round trip on the same channel: every publish before it has been routed
                pub.queueDeclarePassive("stream");
            } catch (Exception e) {
                // connection closed at the end of the test
            }
        });
        publisher.start();
        AtomicInteger received = new AtomicInteger();
        try {
            for (int round = 0; round < 30; round++) {
                Channel ch = consumerConn.createChannel();
                CountDownLatch first = new CountDownLatch(1);
                ch.basicConsume("stream", true, new DefaultConsumer(ch) {
                    @Override
                    public void handleDelivery(String t, Envelope env, AMQP.BasicProperties p, byte[] body) {
                        received.incrementAndGet();
                        first.countDown();
                    }
                });
                assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
                ch.close();
            }
        } finally {
            publishing.set(false);
            publisher.join(10_000);
        }
        // Everything published is now either consumed or ready in the queue: drain the rest.
        pubConn.close();
        Channel drain = consumerConn.createChannel();
        int ready = drain.queueDeclarePassive("stream").getMessageCount();
        assertThat(received.get() + ready).isPositive();
        assertMessageMemoryReleasedAfterPurge(drain, "stream");
    }

    @Test
    void deletingAConsumedQueueCancelsItsConsumers() throws Exception {
        Connection conn = connect();
        Channel ch = conn.createChannel();
        ch.queueDeclare("doomed", false, false, false, null);
        ch.queueDeclare("kept", false, false, false, null);
        RecordingConsumer doomed = new RecordingConsumer(ch);
        RecordingConsumer kept = new RecordingConsumer(ch);
        String doomedTag = ch.basicConsume("doomed", true, doomed);
        ch.basicConsume("kept", true, kept);

        Channel admin = openChannel();
        admin.queueDelete("doomed");

        assertThat(doomed.cancelledByBroker.poll(10, TimeUnit.SECONDS)).isEqualTo(doomedTag);
        assertThat(kept.cancelledByBroker).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        admin.basicPublish("", "kept", null, bytes("still-here"));
        assertThat(kept.next().body()).isEqualTo("still-here");
        // The cancelled tag may be used again on this channel.
        ch.queueDeclare("doomed", false, false, false, null);
        ch.basicConsume("doomed", true, doomedTag, new DefaultConsumer(ch));
        assertThat(ch.queueDeclarePassive("doomed").getConsumerCount()).isEqualTo(1);
    }

    @Test
    void basicGetReturnsMessagesInOrderWithRemainingCount() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "q", null, bytes("m" + i));
        }
        for (int i = 0; i < 3; i++) {
            var r = ch.basicGet("q", true);
            assertThat(r.getBody()).isEqualTo(bytes("m" + i));
            assertThat(r.getMessageCount()).isEqualTo(2 - i);
            assertThat(r.getEnvelope().isRedeliver()).isFalse();
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("q");
        }
    }

    @Test
    void basicGetOnEmptyQueueIsGetEmpty() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        Command reply = ch.rpc(new AMQP.Basic.Get.Builder().queue("q").noAck(true).build());
        assertThat(reply.getMethod()).isInstanceOf(AMQP.Basic.GetEmpty.class);
        assertThat(ch.basicGet("q", false)).isNull();
    }

    @Test
    void basicGetFromMissingQueueIsNotFound() throws Exception {
        Channel ch = openChannel();
        expectChannelError(404, () -> ch.basicGet("missing", true));
    }

    @Test
    void basicGetWithAckLeavesMessageUnackedUntilAcked() throws Exception {
        Connection conn = connect();
        Channel ch = conn.createChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", null, bytes("m"));
        var r = ch.basicGet("q", false);
        assertThat(r.getMessageCount()).isZero();
        Channel other = conn.createChannel();
        assertThat(other.basicGet("q", true)).as("unacked message is not handed out twice").isNull();
        ch.close();
        var again = other.basicGet("q", true);
        assertThat(again.getBody()).isEqualTo(bytes("m"));
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void consumerReceivesMessagesInPublishOrder() throws Exception {
        Channel pub = openChannel();
        pub.queueDeclare("ordered", false, false, false, null);
        Channel ch = openChannel();
        RecordingConsumer r = new RecordingConsumer(ch);
        ch.basicConsume("ordered", false, r);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            pub.basicPublish("", "ordered", null, bytes(Integer.toString(i)));
        }
        List<Integer> got = new ArrayList<>();
        long lastTag = 0;
        for (int i = 0; i < n; i++) {
            RecordingConsumer.Delivery d = r.next();
            got.add(Integer.parseInt(d.body()));
            assertThat(d.envelope().getDeliveryTag()).isEqualTo(lastTag + 1);
            lastTag = d.envelope().getDeliveryTag();
        }
        ch.basicAck(lastTag, true);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(i);
        }
        assertThat(got).isEqualTo(expected);
        assertThat(ch.queueDeclarePassive("ordered").getMessageCount()).isZero();
    }

    @Test
    void consumerArgumentsAreAccepted() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer r = new RecordingConsumer(ch);
        ch.basicConsume("q", true, Map.of("x-priority", 5), r);
        ch.basicPublish("", "q", null, bytes("m"));
        assertThat(r.next().body()).isEqualTo("m");
    }

    @Test
    void clientsWithoutConsumerCancelNotifyAreNotSentBasicCancel() throws Exception {
        com.rabbitmq.client.ConnectionFactory f = factory();
        Map<String, Object> props = new java.util.HashMap<>(f.getClientProperties());
        Map<String, Object> caps = new java.util.HashMap<>();
        caps.put("publisher_confirms", true);
        caps.put("basic.nack", true);
        props.put("capabilities", caps);
        f.setClientProperties(props);
        Connection conn = track(f.newConnection());
        Channel ch = conn.createChannel();
        ch.queueDeclare("doomed", false, false, false, null);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("doomed", true, c);
        openChannel().queueDelete("doomed");
        // The next reply on this channel arrives after anything the broker sent before it.
        ch.queueDeclare("other", false, false, false, null);
        assertThat(c.cancelledByBroker.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(ch.isOpen()).isTrue();
    }
}
