package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.body;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.expiring;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.testing.AmqpErrors.awaitChannelClosed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import org.junit.jupiter.api.Test;

/**
 * Message TTL, per queue ({@code x-message-ttl}) and per message ({@code expiration}), as RabbitMQ's
 * "Time-to-Live and Expiration" guide describes it: dead messages are never handed out, they are removed
 * at the head even with nobody consuming, the lower of the two TTLs wins, requeued messages keep their
 * original expiry, and TTL 0 means "only if a consumer can take it right now".
 */
class MessageTtlTest extends AmqpTestBase {

    private static void waitMillis(long ms) {
        long until = System.currentTimeMillis() + ms;
        waitUntil(ms + " ms have passed", () -> System.currentTimeMillis() >= until);
    }

    @Test
    void queueTtlRemovesMessagesAtTheHeadWithoutAnyConsumer() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 150));
        ch.basicPublish("", "q", null, utf8("a"));
        ch.basicPublish("", "q", null, utf8("b"));
        assertThat(messageCount(ch, "q")).isEqualTo(2);
        waitUntil("the queue count drops to 0", () -> messageCount(ch, "q") == 0);
        assertThat(ch.basicGet("q", true)).isNull();
    }

    @Test
    void messagesPublishedAtDifferentTimesAllExpireWithoutAnyConsumer() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 100));
        for (String m : new String[] {"a", "b", "c"}) {
            ch.basicPublish("", "q", null, utf8(m));
            waitMillis(30);
        }
        waitUntil("every message expires", () -> messageCount(ch, "q") == 0);
    }

    @Test
    void messageWithinItsQueueTtlIsDelivered() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 60_000));
        ch.basicPublish("", "q", null, utf8("fresh"));
        assertThat(body(ch.basicGet("q", true))).isEqualTo("fresh");
    }

    @Test
    void perMessageExpirationRemovesOnlyThatMessage() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", expiring("100"), utf8("short-lived"));
        ch.basicPublish("", "q", null, utf8("forever"));
        waitUntil("the expiring head is removed", () -> messageCount(ch, "q") == 1);
        assertThat(drain(ch, "q")).containsExactly("forever");
    }

    @Test
    void expiredMessageBehindALiveHeadIsNeverDeliveredByGet() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", null, utf8("live"));
        ch.basicPublish("", "q", expiring("50"), utf8("dead"));
        ch.basicPublish("", "q", null, utf8("also live"));
        waitMillis(150);
        assertThat(drain(ch, "q")).containsExactly("live", "also live");
        assertThat(messageCount(ch, "q")).isZero();
    }

    @Test
    void expiredMessageBehindALiveHeadIsNeverDeliveredToAConsumer() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", null, utf8("live"));
        ch.basicPublish("", "q", expiring("50"), utf8("dead"));
        ch.basicPublish("", "q", null, utf8("also live"));
        waitMillis(150);
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", true, consumer);
        assertThat(consumer.next().body()).isEqualTo("live");
        assertThat(consumer.next().body()).isEqualTo("also live");
        consumer.assertNothingMore();
    }

    @Test
    void messageExpiringWhileConsumerIsBusyIsNotDeliveredLater() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 150));
        ch.basicQos(1);
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", false, consumer);
        ch.basicPublish("", "q", null, utf8("first"));
        RecordingConsumer.Delivery first = consumer.next();
        ch.basicPublish("", "q", null, utf8("second"));
        waitUntil("the waiting message expires", () -> messageCount(ch, "q") == 0);
        ch.basicAck(first.tag(), false);
        consumer.assertNothingMore();
    }

    @Test
    void lowerOfQueueAndMessageTtlApplies() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("long-queue-ttl", false, false, false, args("x-message-ttl", 60_000));
        ch.queueDeclare("short-queue-ttl", false, false, false, args("x-message-ttl", 100));
        ch.basicPublish("", "long-queue-ttl", expiring("100"), utf8("message ttl wins"));
        ch.basicPublish("", "short-queue-ttl", expiring("60000"), utf8("queue ttl wins"));
        waitUntil("both expire", () -> messageCount(ch, "long-queue-ttl") == 0
                && messageCount(ch, "short-queue-ttl") == 0);
    }

    @Test
    void requeuedMessageKeepsItsOriginalExpiry() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 500));
        long published = System.currentTimeMillis();
        ch.basicPublish("", "q", null, utf8("m"));
        AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive("q");
        assertThat(ok.getMessageCount()).isEqualTo(1);
        var r = ch.basicGet("q", false);
        assertThat(body(r)).isEqualTo("m");
        waitUntil("the TTL has passed", () -> System.currentTimeMillis() > published + 600);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), true);
        waitUntil("the requeued message is dropped", () -> messageCount(ch, "q") == 0);
        assertThat(ch.basicGet("q", true)).isNull();
    }

    @Test
    void messageFromADelayedExchangeLivesItsTtlFromWhenItReachesTheQueue() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("later", "x-delayed-message", false, false, args("x-delayed-type", "direct"));
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 1000));
        ch.queueBind("q", "later", "k");
        ch.basicPublish("later", "k", FeatureSupport.withHeaders(args("x-delay", 1500)), utf8("delayed"));
        waitUntil("the delayed message reaches the queue", () -> messageCount(ch, "q") == 1);
        assertThat(body(ch.basicGet("q", true))).as("not expired on arrival").isEqualTo("delayed");
    }

    @Test
    void queueTtlZeroDeliversToAConsumerThatCanTakeItNow() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 0));
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", true, consumer);
        ch.basicPublish("", "q", null, utf8("now or never"));
        assertThat(consumer.next().body()).isEqualTo("now or never");
    }

    @Test
    void expirationZeroDeliversToAConsumerThatCanTakeItNow() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", false, consumer);
        ch.basicPublish("", "q", expiring("0"), utf8("now or never"));
        assertThat(consumer.next().body()).isEqualTo("now or never");
    }

    @Test
    void queueTtlZeroDropsMessagesNobodyCanTake() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 0));
        ch.basicPublish("", "q", null, utf8("nobody listening"));
        assertThat(messageCount(ch, "q")).isZero();
        assertThat(ch.basicGet("q", true)).isNull();
    }

    @Test
    void queueTtlZeroDropsMessagesWhenTheConsumerHasNoCredit() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 0));
        ch.basicQos(1);
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", false, consumer);
        ch.basicPublish("", "q", null, utf8("taken"));
        RecordingConsumer.Delivery first = consumer.next();
        ch.basicPublish("", "q", null, utf8("dropped"));
        waitUntil("the second message is gone", () -> messageCount(ch, "q") == 0);
        ch.basicAck(first.tag(), false);
        consumer.assertNothingMore();
    }

    @Test
    void nonNumericExpirationClosesTheChannelWith406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", expiring("soon"), utf8("x"));
        AMQP.Channel.Close close = awaitChannelClosed(ch, 406);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid expiration 'soon': no_integer");
    }

    @Test
    void negativeExpirationClosesTheChannelWith406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", expiring("-5"), utf8("x"));
        AMQP.Channel.Close close = awaitChannelClosed(ch, 406);
        assertThat(close.getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid expiration '-5': {value_negative,-5}");
    }

    @Test
    void expirationWithTrailingTextClosesTheChannelWith406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", expiring("10s"), utf8("x"));
        AMQP.Channel.Close close = awaitChannelClosed(ch, 406);
        assertThat(close.getReplyText())
                .isEqualTo("PRECONDITION_FAILED - invalid expiration '10s': {leftover_string,\"s\"}");
    }

    @Test
    void expirationAboveRabbitMqsTimerLimitClosesTheChannelWith406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", expiring("4294967296"), utf8("x"));
        AMQP.Channel.Close close = awaitChannelClosed(ch, 406);
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - invalid expiration '4294967296': {value_too_large,4294967296}");
    }

    @Test
    void invalidExpirationIsRefusedEvenWhenUnroutable() throws Exception {
        Channel ch = openChannel();
        ch.basicPublish("", "no-such-queue", expiring("x"), utf8("x"));
        awaitChannelClosed(ch, 406);
    }
}
