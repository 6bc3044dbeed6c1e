package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Queue-level message deduplication as the community rabbitmq-message-deduplication plugin defines it:
 * on a queue declared with {@code x-message-deduplication = true}, a message whose
 * {@code x-deduplication-header} value is already in the queue is dropped; once that message has left
 * the queue (acked, expired, dropped, purged) the value is accepted again.
 */
class DeduplicationTest extends AmqpTestBase {

    private static final Map<String, Object> DEDUP = args("x-message-deduplication", true);

    private static AMQP.BasicProperties keyed(String key) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("x-deduplication-header", key);
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    private static AMQP.BasicProperties keyedExpiring(String key, String ttl) {
        return keyed(key).builder().expiration(ttl).build();
    }

    @Test
    void messageWithAValueAlreadyInTheQueueIsDropped() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        ch.basicPublish("", "q", keyed("order-1"), utf8("first"));
        ch.basicPublish("", "q", keyed("order-1"), utf8("duplicate"));
        ch.basicPublish("", "q", keyed("order-2"), utf8("other"));
        assertThat(drain(ch, "q")).containsExactly("first", "other");
    }

    @Test
    void valueIsAcceptedAgainAfterTheMessageWasConsumedAndAcked() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        ch.basicPublish("", "q", keyed("k"), utf8("one"));
        GetResponse r = ch.basicGet("q", false);
        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        ch.basicPublish("", "q", keyed("k"), utf8("two"));
        assertThat(drain(ch, "q")).containsExactly("two");
    }

    @Test
    void valueIsAcceptedAgainAfterAConsumerAckedTheMessage() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", false, consumer);
        ch.basicPublish("", "q", keyed("k"), utf8("one"));
        ch.basicAck(consumer.next().tag(), false);
        ch.basicPublish("", "q", keyed("k"), utf8("two"));
        assertThat(consumer.next().body()).isEqualTo("two");
    }

    @Test
    void requeuedMessageStillHoldsItsValue() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        ch.basicPublish("", "q", keyed("k"), utf8("one"));
        GetResponse r = ch.basicGet("q", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), true);
        ch.basicPublish("", "q", keyed("k"), utf8("duplicate"));
        assertThat(drain(ch, "q")).containsExactly("one");
    }

    @Test
    void valueIsAcceptedAgainAfterTheMessageExpired() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        ch.basicPublish("", "q", keyedExpiring("k", "50"), utf8("short-lived"));
        waitUntil("the message expires", () -> messageCount(ch, "q") == 0);
        ch.basicPublish("", "q", keyed("k"), utf8("again"));
        assertThat(drain(ch, "q")).containsExactly("again");
    }

    @Test
    void valueIsAcceptedAgainAfterAPurge() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        ch.basicPublish("", "q", keyed("k"), utf8("purged"));
        assertThat(ch.queuePurge("q").getMessageCount()).isEqualTo(1);
        ch.basicPublish("", "q", keyed("k"), utf8("again"));
        assertThat(drain(ch, "q")).containsExactly("again");
    }

    @Test
    void valueIsAcceptedAgainAfterTheMessageWasDroppedOverTheLengthLimit() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-deduplication", true, "x-max-length", 1));
        ch.basicPublish("", "q", keyed("a"), utf8("a1"));
        ch.basicPublish("", "q", keyed("b"), utf8("b1"));
        ch.basicPublish("", "q", keyed("a"), utf8("a2"));
        assertThat(drain(ch, "q")).containsExactly("a2");
    }

    @Test
    void messagesWithoutTheHeaderAreNeverDeduplicated() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, DEDUP);
        ch.basicPublish("", "q", null, utf8("same"));
        ch.basicPublish("", "q", null, utf8("same"));
        assertThat(drain(ch, "q")).containsExactly("same", "same");
    }

    @Test
    void queueWithoutTheArgumentKeepsDuplicates() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", keyed("k"), utf8("one"));
        ch.basicPublish("", "q", keyed("k"), utf8("two"));
        assertThat(drain(ch, "q")).containsExactly("one", "two");
    }

    @Test
    void deduplicationIsPerQueue() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("fan", "fanout");
        ch.queueDeclare("a", false, false, false, DEDUP);
        ch.queueDeclare("b", false, false, false, DEDUP);
        ch.queueBind("a", "fan", "");
        ch.queueBind("b", "fan", "");
        ch.basicPublish("fan", "", keyed("k"), utf8("m"));
        ch.basicPublish("", "a", keyed("k"), utf8("dup for a"));
        assertThat(drain(ch, "a")).containsExactly("m");
        assertThat(drain(ch, "b")).containsExactly("m");
    }
}
