package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.amqp.features.FeatureSupport.Confirms;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Queue length limits as RabbitMQ's "Queue Length Limit" guide describes them: {@code x-max-length}
 * and {@code x-max-length-bytes} count ready messages only; {@code x-overflow} drop-head (default) drops
 * the oldest, reject-publish refuses the newest (basic.nack in confirm mode) and reject-publish-dlx also
 * dead-letters it.
 */
class LengthLimitTest extends AmqpTestBase {

    private static void publish(Channel ch, String queue, String... bodies) throws Exception {
        for (String b : bodies) {
            ch.basicPublish("", queue, null, utf8(b));
        }
    }

    @Test
    void maxLengthDropsTheOldestMessagesByDefault() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 3));
        publish(ch, "q", "1", "2", "3", "4", "5");
        assertThat(messageCount(ch, "q")).isEqualTo(3);
        assertThat(drain(ch, "q")).containsExactly("3", "4", "5");
    }

    @Test
    void maxLengthBytesDropsTheOldestUntilTheBodiesFit() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length-bytes", 10));
        publish(ch, "q", "aaaaa", "bbbbb", "ccccc");
        assertThat(drain(ch, "q")).containsExactly("bbbbb", "ccccc");
    }

    @Test
    void messageLargerThanMaxLengthBytesIsDroppedItself() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length-bytes", 4));
        publish(ch, "q", "abc", "too large");
        assertThat(drain(ch, "q")).isEmpty();
    }

    @Test
    void unacknowledgedMessagesDoNotCountTowardsTheLimit() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 1));
        publish(ch, "q", "taken");
        GetResponse taken = ch.basicGet("q", false);
        publish(ch, "q", "ready");
        assertThat(messageCount(ch, "q")).isEqualTo(1);
        assertThat(drain(ch, "q")).containsExactly("ready");
        ch.basicAck(taken.getEnvelope().getDeliveryTag(), false);
    }

    @Test
    void maxLengthZeroKeepsNothingWhenNobodyConsumes() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 0));
        publish(ch, "q", "gone");
        assertThat(messageCount(ch, "q")).isZero();
    }

    @Test
    void maxLengthZeroStillDeliversToAConsumerWithCredit() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 0));
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", true, consumer);
        publish(ch, "q", "straight through");
        assertThat(consumer.next().body()).isEqualTo("straight through");
    }

    @Test
    void rejectPublishNacksTheNewestAndKeepsTheOldest() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 2, "x-overflow", "reject-publish"));
        Confirms confirms = Confirms.on(ch);
        publish(ch, "q", "1", "2", "3", "4");
        waitUntil("all four are confirmed one way or the other", () -> confirms.settled(4));
        assertThat(confirms.acked).containsExactly(1L, 2L);
        assertThat(confirms.nacked).containsExactly(3L, 4L);
        assertThat(drain(ch, "q")).containsExactly("1", "2");
    }

    @Test
    void rejectPublishAcceptsAgainOnceThereIsRoom() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 1, "x-overflow", "reject-publish"));
        Confirms confirms = Confirms.on(ch);
        publish(ch, "q", "1", "2");
        waitUntil("both are confirmed", () -> confirms.settled(2));
        assertThat(drain(ch, "q")).containsExactly("1");
        publish(ch, "q", "3");
        waitUntil("the third is confirmed", () -> confirms.settled(3));
        assertThat(confirms.acked).containsExactly(1L, 3L);
        assertThat(confirms.nacked).containsExactly(2L);
        assertThat(drain(ch, "q")).containsExactly("3");
    }

    @Test
    void rejectPublishWithMaxLengthBytesRefusesWhatWouldNotFit() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false,
                args("x-max-length-bytes", 10, "x-overflow", "reject-publish"));
        Confirms confirms = Confirms.on(ch);
        publish(ch, "q", "aaaa", "bbbb", "cccc", "dd");
        waitUntil("all are confirmed", () -> confirms.settled(4));
        assertThat(confirms.nacked).containsExactly(3L);
        assertThat(drain(ch, "q")).containsExactly("aaaa", "bbbb", "dd");
    }

    @Test
    void rejectPublishWithoutConfirmsDropsTheMessageSilently() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 1, "x-overflow", "reject-publish"));
        AtomicInteger returns = new AtomicInteger();
        ch.addReturnListener(r -> returns.incrementAndGet());
        ch.basicPublish("", "q", true, null, utf8("1"));
        ch.basicPublish("", "q", true, null, utf8("2"));
        assertThat(drain(ch, "q")).containsExactly("1");
        assertThat(returns.get()).as("a refused message was routed: no basic.return").isZero();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void rejectPublishNacksEvenWhenAnotherQueueTookTheMessage() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("fan", "fanout");
        ch.queueDeclare("full", false, false, false, args("x-max-length", 0, "x-overflow", "reject-publish"));
        ch.queueDeclare("open", false, false, false, null);
        ch.queueBind("full", "fan", "");
        ch.queueBind("open", "fan", "");
        Confirms confirms = Confirms.on(ch);
        ch.basicPublish("fan", "", null, utf8("m"));
        waitUntil("the publish is confirmed", () -> confirms.settled(1));
        assertThat(confirms.nacked).containsExactly(1L);
        assertThat(drain(ch, "open")).containsExactly("m");
        assertThat(messageCount(ch, "full")).isZero();
    }

    @Test
    void rejectPublishDlxNacksAndDeadLettersTheRefusedMessage() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("dlx", "fanout");
        ch.queueDeclare("dlq", false, false, false, null);
        ch.queueBind("dlq", "dlx", "");
        ch.queueDeclare("q", false, false, false, args("x-max-length", 1,
                "x-overflow", "reject-publish-dlx", "x-dead-letter-exchange", "dlx"));
        Confirms confirms = Confirms.on(ch);
        publish(ch, "q", "kept", "refused");
        waitUntil("both are confirmed", () -> confirms.settled(2));
        assertThat(confirms.acked).containsExactly(1L);
        assertThat(confirms.nacked).containsExactly(2L);
        waitUntil("the refused message is dead-lettered", () -> messageCount(ch, "dlq") == 1);
        GetResponse dead = ch.basicGet("dlq", true);
        assertThat(FeatureSupport.body(dead)).isEqualTo("refused");
        @SuppressWarnings("unchecked")
        Map<String, Object> death = ((List<Map<String, Object>>) dead.getProps().getHeaders().get("x-death")).get(0);
        assertThat(death.get("reason").toString()).isEqualTo("maxlen");
        assertThat(death.get("queue").toString()).isEqualTo("q");
        assertThat(drain(ch, "q")).containsExactly("kept");
    }

    @Test
    void rejectPublishDoesNotDeadLetterTheRefusedMessage() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("dlx", "fanout");
        ch.queueDeclare("dlq", false, false, false, null);
        ch.queueBind("dlq", "dlx", "");
        ch.queueDeclare("q", false, false, false, args("x-max-length", 1,
                "x-overflow", "reject-publish", "x-dead-letter-exchange", "dlx"));
        Confirms confirms = Confirms.on(ch);
        publish(ch, "q", "kept", "refused");
        waitUntil("both are confirmed", () -> confirms.settled(2));
        // a marker dead-lettered afterwards from another queue arrives after anything dead-lettered before it
        ch.queueDeclare("other", false, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "other", null, utf8("marker"));
        ch.basicReject(ch.basicGet("other", false).getEnvelope().getDeliveryTag(), false);
        waitUntil("the marker arrives", () -> messageCount(ch, "dlq") >= 1);
        assertThat(drain(ch, "dlq")).containsExactly("marker");
    }
}
