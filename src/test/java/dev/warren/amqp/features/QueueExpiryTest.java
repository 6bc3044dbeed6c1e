package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.queueExists;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import org.junit.jupiter.api.Test;

/**
 * Queue expiry ({@code x-expires}) as RabbitMQ's TTL guide describes it: a queue that is unused (no
 * consumers, not redeclared, no basic.get) for the period is deleted, whatever messages it holds;
 * a queue with a consumer is not.
 */
class QueueExpiryTest extends AmqpTestBase {

    private static void waitMillis(long ms) {
        long until = System.currentTimeMillis() + ms;
        waitUntil(ms + " ms have passed", () -> System.currentTimeMillis() >= until);
    }

    @Test
    void unusedQueueIsDeletedAfterTheExpiryPeriod() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, args("x-expires", 200));
        assertThat(queueExists(c, "q")).isTrue();
        waitUntil("the queue is deleted", () -> !queueExists(c, "q"));
    }

    @Test
    void queueHoldingMessagesExpiresAllTheSame() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.exchangeDeclare("x", "fanout");
        ch.queueDeclare("q", false, false, false, args("x-expires", 200));
        ch.queueBind("q", "x", "");
        ch.basicPublish("", "q", null, utf8("left behind"));
        waitUntil("the queue is deleted", () -> !queueExists(c, "q"));
        var returned = new java.util.concurrent.atomic.AtomicBoolean();
        ch.addReturnListener(r -> returned.set(true));
        ch.basicPublish("x", "", true, null, utf8("unroutable now"));
        waitUntil("its binding went with it: the publish is returned", returned::get);
    }

    @Test
    void queueWithAConsumerIsNotDeletedUntilTheConsumerGoes() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, args("x-expires", 150));
        RecordingConsumer consumer = new RecordingConsumer(ch);
        String tag = ch.basicConsume("q", true, consumer);
        waitMillis(500);
        assertThat(queueExists(c, "q")).as("in use by a consumer").isTrue();
        ch.basicPublish("", "q", null, utf8("still served"));
        assertThat(consumer.next().body()).isEqualTo("still served");
        ch.basicCancel(tag);
        waitUntil("the queue is deleted once unused", () -> !queueExists(c, "q"));
    }

    @Test
    void queueWhoseConsumerChannelClosesExpires() throws Exception {
        Connection c = connect();
        Channel consumerChannel = c.createChannel();
        consumerChannel.queueDeclare("q", false, false, false, args("x-expires", 150));
        consumerChannel.basicConsume("q", true, new RecordingConsumer(consumerChannel));
        waitMillis(300);
        assertThat(queueExists(c, "q")).isTrue();
        consumerChannel.close();
        waitUntil("the queue is deleted", () -> !queueExists(c, "q"));
    }

    @Test
    void basicGetCountsAsUse() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, args("x-expires", 1000));
        long declared = System.currentTimeMillis();
        waitMillis(600);
        assertThat(ch.basicGet("q", true)).isNull();
        long got = System.currentTimeMillis();
        waitUntil("the first countdown would have run out", () -> System.currentTimeMillis() > declared + 1200);
        if (System.currentTimeMillis() < got + 900) {
            assertThat(queueExists(c, "q")).as("the countdown restarted at basic.get").isTrue();
        }
        waitUntil("the queue is deleted at last", () -> !queueExists(c, "q"));
    }

    @Test
    void redeclaringTheQueueRestartsTheCountdown() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, args("x-expires", 1000));
        long declared = System.currentTimeMillis();
        waitMillis(600);
        ch.queueDeclare("q", false, false, false, args("x-expires", 1000));
        long redeclared = System.currentTimeMillis();
        waitUntil("the first countdown would have run out", () -> System.currentTimeMillis() > declared + 1200);
        if (System.currentTimeMillis() < redeclared + 900) {
            assertThat(queueExists(c, "q")).as("the countdown restarted at the redeclaration").isTrue();
        }
        waitUntil("the queue is deleted at last", () -> !queueExists(c, "q"));
    }
}
