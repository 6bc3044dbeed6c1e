package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.body;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@code x-queue-type}: "classic" is the default; "quorum" is accepted and behaves as a durable classic
 * queue, with RabbitMQ's rules (durable, not exclusive, not auto-delete); "stream" makes a stream queue.
 */
class QueueTypeTest extends AmqpTestBase {

    @Test
    void durableQuorumQueueIsAcceptedAndWorks() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("qq", true, false, false, args("x-queue-type", "quorum"));
        ch.basicPublish("", "qq", null, utf8("one"));
        assertThat(body(ch.basicGet("qq", true))).isEqualTo("one");
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("qq", false, consumer);
        ch.basicPublish("", "qq", null, utf8("two"));
        RecordingConsumer.Delivery d = consumer.next();
        assertThat(d.body()).isEqualTo("two");
        ch.basicAck(d.tag(), false);
    }

    @Test
    void quorumQueueCanBeRedeclaredAsQuorum() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("qq", true, false, false, args("x-queue-type", "quorum"));
        assertThat(ch.queueDeclare("qq", true, false, false, args("x-queue-type", "quorum")).getQueue())
                .isEqualTo("qq");
    }

    @Test
    void nonDurableQuorumQueueIs406() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("qq", false, false, false, args("x-queue-type", "quorum")));
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - invalid property 'non-durable' for queue 'qq' in vhost '/'");
    }

    @Test
    void exclusiveQuorumQueueIs406() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("qq", true, true, false, args("x-queue-type", "quorum")));
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - invalid property 'exclusive-owner' for queue 'qq' in vhost '/'");
    }

    @Test
    void autoDeleteQuorumQueueIs406() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("qq", true, false, true, args("x-queue-type", "quorum")));
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - invalid property 'auto-delete' for queue 'qq' in vhost '/'");
    }

    @Test
    void durableStreamQueueIsAccepted() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("s", true, false, false, args("x-queue-type", "stream"));
        assertThat(ch.queueDeclarePassive("s").getQueue()).isEqualTo("s"); // StreamQueueTest has the rest
    }

    @Test
    void unknownQueueTypeIs406() throws Exception {
        Channel ch = openChannel();
        expectChannelError(406, () -> ch.queueDeclare("q", true, false, false, args("x-queue-type", "lazy")));
    }

    @Test
    void redeclaringAQuorumQueueAsClassicIs406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("qq", true, false, false, args("x-queue-type", "quorum"));
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("qq", true, false, false, args("x-queue-type", "classic")));
        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED - inequivalent arg 'x-queue-type'");
    }

    @Test
    void queueDeclaredWithoutTypeCanBeRedeclaredAsClassicAndBack() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("c", false, false, false, null);
        assertThat(ch.queueDeclare("c", false, false, false, args("x-queue-type", "classic")).getQueue())
                .isEqualTo("c");
        ch.queueDeclare("explicit", false, false, false, args("x-queue-type", "classic"));
        assertThat(ch.queueDeclare("explicit", false, false, false, null).getQueue()).isEqualTo("explicit");
    }

    @Test
    void quorumQueueRedeclaredWithoutTypeIs406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("qq", true, false, false, args("x-queue-type", "quorum"));
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("qq", true, false, false, null));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue "
                + "'qq' in vhost '/': received none but current is the value 'quorum' of type 'longstr'");
    }

    @Test
    void classicIsAcceptedExplicitly() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("c", false, false, true, args("x-queue-type", "classic"));
        ch.basicPublish("", "c", null, utf8("m"));
        assertThat(body(ch.basicGet("c", true))).isEqualTo("m");
    }
}
