package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.awaitChannelClosed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import dev.warren.testing.RecordingConsumer.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** basic.ack / nack / reject, requeue in place, unknown delivery tags, recovery when channels go away. */
class AcknowledgementTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(GetResponse r) {
        return new String(r.getBody(), StandardCharsets.UTF_8);
    }

    private Channel queueWith(String queue, int messages) throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare(queue, false, false, false, null);
        for (int i = 0; i < messages; i++) {
            ch.basicPublish("", queue, null, bytes("m" + i));
        }
        return ch;
    }

    private static List<Delivery> take(RecordingConsumer c, int n) throws InterruptedException {
        List<Delivery> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(c.next());
        }
        return got;
    }

    /** Drains a queue with basic.get(no-ack) and returns the bodies, marking redelivered ones with '*'. */
    private static List<String> drain(Channel ch, String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            bodies.add(text(r) + (r.getEnvelope().isRedeliver() ? "*" : ""));
        }
        return bodies;
    }

    @Test
    void ackedMessagesAreGoneForGood() throws Exception {
        Channel ch = queueWith("q", 3);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        for (Delivery d : take(c, 3)) {
            ch.basicAck(d.tag(), false);
        }
        ch.close();
        Channel check = openChannel();
        assertThat(check.queueDeclarePassive("q").getMessageCount()).isZero();
        assertThat(drain(check, "q")).isEmpty();
    }

    @Test
    void deliveryTagsStartAtOneAndGrowPerChannelAcrossConsumersAndGets() throws Exception {
        Channel ch = queueWith("q", 3);
        GetResponse g = ch.basicGet("q", false);
        assertThat(g.getEnvelope().getDeliveryTag()).isEqualTo(1);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        assertThat(take(c, 2)).extracting(Delivery::tag).containsExactly(2L, 3L);
        Channel other = ch.getConnection().createChannel();
        other.basicPublish("", "q", null, bytes("x"));
        assertThat(other.basicGet("q", false)).as("queue drained by the consumer").isNull();
        ch.basicAck(3, true);
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).isZero();
    }

    @Test
    void ackMultipleAcknowledgesEverythingUpToTheTag() throws Exception {
        Channel ch = queueWith("q", 5);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        List<Delivery> ds = take(c, 5);
        ch.basicAck(ds.get(2).tag(), true);
        ch.close();
        assertThat(drain(openChannel(), "q")).containsExactly("m3*", "m4*");
    }

    @Test
    void ackMultipleWithTagZeroAcknowledgesEverything() throws Exception {
        Channel ch = queueWith("q", 4);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        take(c, 4);
        ch.basicAck(0, true);
        ch.close();
        assertThat(drain(openChannel(), "q")).isEmpty();
    }

    @Test
    void nackMultipleWithRequeueReturnsAllInOriginalOrder() throws Exception {
        Channel ch = queueWith("q", 5);
        RecordingConsumer c = new RecordingConsumer(ch);
        String tag = ch.basicConsume("q", false, c);
        List<Delivery> first = take(c, 5);
        ch.basicCancel(tag);
        ch.basicNack(first.get(4).tag(), true, true);
        assertThat(drain(ch, "q")).containsExactly("m0*", "m1*", "m2*", "m3*", "m4*");
    }

    @Test
    void nackMultipleWithRequeueRedeliversToTheConsumerMarkedRedelivered() throws Exception {
        Channel ch = queueWith("q", 3);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        List<Delivery> first = take(c, 3);
        assertThat(first).allMatch(d -> !d.redelivered());
        ch.basicNack(first.get(2).tag(), true, true);
        List<Delivery> again = take(c, 3);
        assertThat(again).extracting(Delivery::body).containsExactly("m0", "m1", "m2");
        assertThat(again).allMatch(Delivery::redelivered);
        assertThat(again).extracting(Delivery::tag).containsExactly(4L, 5L, 6L);
    }

    @Test
    void nackMultipleWithoutRequeueDiscards() throws Exception {
        Channel ch = queueWith("q", 5);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        List<Delivery> ds = take(c, 5);
        ch.basicNack(ds.get(3).tag(), true, false);
        ch.close();
        assertThat(drain(openChannel(), "q")).containsExactly("m4*");
    }

    @Test
    void singleNackWithRequeueOnlyAffectsThatDelivery() throws Exception {
        Channel ch = queueWith("q", 3);
        GetResponse a = ch.basicGet("q", false);
        GetResponse b = ch.basicGet("q", false);
        ch.basicNack(b.getEnvelope().getDeliveryTag(), false, true);
        ch.basicAck(a.getEnvelope().getDeliveryTag(), false);
        assertThat(drain(ch, "q")).containsExactly("m1*", "m2");
    }

    @Test
    void rejectWithRequeueReturnsMessageToItsOriginalPosition() throws Exception {
        Channel ch = queueWith("q", 5);
        GetResponse m0 = ch.basicGet("q", false);
        GetResponse m1 = ch.basicGet("q", false);
        GetResponse m2 = ch.basicGet("q", false);
        // Rejected in the "wrong" order: they still come back in queue order, ahead of m3 and m4.
        ch.basicReject(m2.getEnvelope().getDeliveryTag(), true);
        ch.basicReject(m0.getEnvelope().getDeliveryTag(), true);
        ch.basicAck(m1.getEnvelope().getDeliveryTag(), false);
        assertThat(drain(ch, "q")).containsExactly("m0*", "m2*", "m3", "m4");
    }

    @Test
    void rejectWithoutRequeueDiscards() throws Exception {
        Channel ch = queueWith("q", 2);
        GetResponse m0 = ch.basicGet("q", false);
        ch.basicReject(m0.getEnvelope().getDeliveryTag(), false);
        ch.close();
        assertThat(drain(openChannel(), "q")).containsExactly("m1");
    }

    @Test
    void ackingTheSameTagTwiceIsPreconditionFailed() throws Exception {
        Channel ch = queueWith("q", 1);
        Connection bystander = connect();
        GetResponse r = ch.basicGet("q", false);
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        AMQP.Channel.Close close = awaitChannelClosed(ch, 406);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - unknown delivery tag 1");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(80);
        assertThat(bystander.isOpen()).isTrue();
        assertThat(ch.getConnection().createChannel().queueDeclarePassive("q").getMessageCount())
                .as("the first ack took effect").isZero();
    }

    @Test
    void ackOfUnknownDeliveryTagIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.basicAck(42, false);
        assertThat(awaitChannelClosed(ch, 406).getReplyText()).contains("unknown delivery tag 42");
    }

    @Test
    void ackMultipleOfUnknownDeliveryTagIsPreconditionFailed() throws Exception {
        Channel ch = queueWith("q", 2);
        GetResponse r = ch.basicGet("q", false);
        ch.basicAck(r.getEnvelope().getDeliveryTag() + 10, true);
        assertThat(awaitChannelClosed(ch, 406).getReplyText()).contains("unknown delivery tag 11");
        // The channel error happened instead of the ack: the message was requeued with the channel.
        assertThat(drain(openChannel(), "q")).containsExactly("m0*", "m1");
    }

    @Test
    void nackAndRejectOfUnknownDeliveryTagArePreconditionFailed() throws Exception {
        Channel a = openChannel();
        a.basicNack(7, false, true);
        awaitChannelClosed(a, 406);
        Channel b = openChannel();
        b.basicReject(8, false);
        awaitChannelClosed(b, 406);
    }

    @Test
    void ackOfANoAckDeliveryIsPreconditionFailed() throws Exception {
        Channel ch = queueWith("q", 1);
        GetResponse r = ch.basicGet("q", true);
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        awaitChannelClosed(ch, 406);
    }

    @Test
    void deliveryTagsBelongToTheirChannel() throws Exception {
        Channel ch = queueWith("q", 1);
        GetResponse r = ch.basicGet("q", false);
        Channel other = ch.getConnection().createChannel();
        other.basicAck(r.getEnvelope().getDeliveryTag(), false);
        awaitChannelClosed(other, 406);
        assertThat(ch.isOpen()).isTrue();
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).isZero();
    }

    @Test
    void unackedMessagesAreRedeliveredToAnotherConsumerWhenTheChannelCloses() throws Exception {
        Channel ch = queueWith("q", 3);
        RecordingConsumer first = new RecordingConsumer(ch);
        ch.basicConsume("q", false, first);
        List<Delivery> ds = take(first, 3);
        ch.basicAck(ds.get(1).tag(), false);

        Channel otherCh = openChannel();
        RecordingConsumer second = new RecordingConsumer(otherCh);
        otherCh.basicConsume("q", false, second);
        second.assertNothingMore();
        ch.close();
        List<Delivery> again = take(second, 2);
        assertThat(again).extracting(Delivery::body).containsExactly("m0", "m2");
        assertThat(again).allMatch(Delivery::redelivered);
    }

    @Test
    void unackedMessagesAreRedeliveredWhenConsumerConnectionCloses() throws Exception {
        Connection consumerConn = connect();
        Channel ch = consumerConn.createChannel();
        queueWith("q", 2);
        RecordingConsumer first = new RecordingConsumer(ch);
        ch.basicConsume("q", false, first);
        take(first, 2);

        Channel otherCh = openChannel();
        RecordingConsumer second = new RecordingConsumer(otherCh);
        otherCh.basicConsume("q", false, second);
        consumerConn.close();
        List<Delivery> again = take(second, 2);
        assertThat(again).extracting(Delivery::body).containsExactly("m0", "m1");
        assertThat(again).allMatch(Delivery::redelivered);
    }

    @Test
    void unackedMessagesAreRedeliveredWhenConsumerConnectionDrops() throws Exception {
        Connection consumerConn = connect();
        Channel ch = consumerConn.createChannel();
        queueWith("q", 2);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        take(c, 2);
        Channel check = openChannel();
        consumerConn.abort(); // closes the socket without connection.close
        waitUntil("both back in the queue", () -> {
            try {
                return check.queueDeclarePassive("q").getMessageCount() == 2;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(drain(check, "q")).containsExactly("m0*", "m1*");
    }

    @Test
    void unackedBasicGetMessagesAreRequeuedWhenTheChannelCloses() throws Exception {
        Channel ch = queueWith("q", 2);
        ch.basicGet("q", false);
        ch.close();
        assertThat(drain(openChannel(), "q")).containsExactly("m0*", "m1");
    }

    @Test
    void recoverWithRequeueRedeliversAllUnackedMessages() throws Exception {
        Channel ch = queueWith("q", 3);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        List<Delivery> ds = take(c, 3);
        ch.basicAck(ds.get(0).tag(), false);
        ch.basicRecover(true);
        List<Delivery> again = take(c, 2);
        assertThat(again).extracting(Delivery::body).containsExactly("m1", "m2");
        assertThat(again).allMatch(Delivery::redelivered);
        // The old tags are gone; the new ones work.
        ch.basicAck(again.get(1).tag(), true);
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).isZero();
        ch.basicAck(ds.get(1).tag(), false);
        awaitChannelClosed(ch, 406);
    }

    @Test
    void requeuedMessageGoesAheadOfMessagesPublishedLater() throws Exception {
        Channel ch = queueWith("q", 1);
        GetResponse m0 = ch.basicGet("q", false);
        ch.basicPublish("", "q", null, bytes("later"));
        ch.basicReject(m0.getEnvelope().getDeliveryTag(), true);
        assertThat(drain(ch, "q")).containsExactly("m0*", "later");
    }

    @Test
    void nackMultipleWithTagZeroRequeuesEverything() throws Exception {
        Channel ch = queueWith("q", 3);
        ch.basicGet("q", false);
        ch.basicGet("q", false);
        ch.basicNack(0, true, true);
        assertThat(drain(ch, "q")).containsExactly("m0*", "m1*", "m2");
    }

    @Test
    void ackOfTagZeroWithoutMultipleIsPreconditionFailed() throws Exception {
        Channel ch = queueWith("q", 1);
        ch.basicGet("q", false);
        ch.basicAck(0, false);
        assertThat(awaitChannelClosed(ch, 406).getReplyText()).contains("unknown delivery tag 0");
    }

    @Test
    void recoverWithoutRequeueIsNotImplemented() throws Exception {
        Channel ch = openChannel();
        AMQP.Connection.Close close = dev.warren.testing.AmqpErrors.expectConnectionError(540,
                () -> ch.basicRecover(false));
        assertThat(close.getReplyText()).isEqualTo("NOT_IMPLEMENTED - requeue=false");
    }

    @Test
    void ackingMessagesOfADeletedQueueIsHarmless() throws Exception {
        Channel ch = queueWith("q", 2);
        GetResponse r = ch.basicGet("q", false);
        GetResponse r2 = ch.basicGet("q", false);
        openChannel().queueDelete("q");
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        ch.basicReject(r2.getEnvelope().getDeliveryTag(), true);
        ch.queueDeclare("q", false, false, false, null);
        assertThat(ch.queueDeclarePassive("q").getMessageCount()).as("nothing requeued into the new queue").isZero();
        assertThat(ch.isOpen()).isTrue();
    }
}
