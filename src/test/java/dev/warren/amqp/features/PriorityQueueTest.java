package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.body;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.amqp.features.FeatureSupport.withPriority;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Priority queues ({@code x-max-priority}) as RabbitMQ's "Priority Queue Support" guide describes them:
 * higher-priority messages are delivered first, FIFO within a priority, messages without a priority count
 * as 0 and priorities above the maximum count as the maximum.
 */
class PriorityQueueTest extends AmqpTestBase {

    @Test
    void higherPriorityMessagesComeFirst() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-priority", 10));
        ch.basicPublish("", "q", withPriority(1), utf8("p1"));
        ch.basicPublish("", "q", withPriority(5), utf8("p5"));
        ch.basicPublish("", "q", null, utf8("none"));
        ch.basicPublish("", "q", withPriority(10), utf8("p10"));
        ch.basicPublish("", "q", withPriority(3), utf8("p3"));
        assertThat(drain(ch, "q")).containsExactly("p10", "p5", "p3", "p1", "none");
    }

    @Test
    void messagesOfOnePriorityStayInPublishOrder() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-priority", 5));
        ch.basicPublish("", "q", withPriority(2), utf8("a"));
        ch.basicPublish("", "q", withPriority(1), utf8("x"));
        ch.basicPublish("", "q", withPriority(2), utf8("b"));
        ch.basicPublish("", "q", withPriority(1), utf8("y"));
        ch.basicPublish("", "q", withPriority(2), utf8("c"));
        assertThat(drain(ch, "q")).containsExactly("a", "b", "c", "x", "y");
    }

    @Test
    void prioritiesAboveTheMaximumCountAsTheMaximum() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-priority", 5));
        ch.basicPublish("", "q", withPriority(4), utf8("p4"));
        ch.basicPublish("", "q", withPriority(9), utf8("p9"));
        ch.basicPublish("", "q", withPriority(5), utf8("p5"));
        ch.basicPublish("", "q", withPriority(200), utf8("p200"));
        assertThat(drain(ch, "q")).containsExactly("p9", "p5", "p200", "p4");
    }

    @Test
    void consumersReceiveBacklogHighestPriorityFirst() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-priority", 9));
        for (int p : new int[] {1, 9, 4, 9, 0}) {
            ch.basicPublish("", "q", withPriority(p), utf8("p" + p));
        }
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume("q", true, consumer);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(consumer.next().body());
        }
        assertThat(got).containsExactly("p9", "p9", "p4", "p1", "p0");
    }

    @Test
    void requeuedLowPriorityMessageStaysBehindHigherPriorities() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-priority", 5));
        ch.basicPublish("", "q", withPriority(1), utf8("low"));
        GetResponse low = ch.basicGet("q", false);
        ch.basicPublish("", "q", withPriority(5), utf8("high"));
        ch.basicPublish("", "q", withPriority(1), utf8("low2"));
        ch.basicReject(low.getEnvelope().getDeliveryTag(), true);
        assertThat(drain(ch, "q")).containsExactly("high", "low", "low2");
    }

    @Test
    void queueWithoutMaxPriorityIgnoresMessagePriorities() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", withPriority(1), utf8("first"));
        ch.basicPublish("", "q", withPriority(9), utf8("second"));
        GetResponse r = ch.basicGet("q", true);
        assertThat(body(r)).isEqualTo("first");
        assertThat(r.getProps().getPriority()).isEqualTo(1);
    }
}
