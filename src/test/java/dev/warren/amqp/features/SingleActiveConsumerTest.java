package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Single active consumer ({@code x-single-active-consumer}) as RabbitMQ's consumers guide describes it:
 * only one consumer of the queue receives messages; when it is cancelled or its channel closes, the next
 * consumer in line takes over, including the messages the first left unacknowledged.
 */
class SingleActiveConsumerTest extends AmqpTestBase {

    private static void publish(Channel ch, int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            ch.basicPublish("", "q", null, utf8("m" + i));
        }
    }

    private static List<String> next(RecordingConsumer c, int n) throws Exception {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(c.next().body());
        }
        return got;
    }

    @Test
    void onlyTheFirstConsumerReceives() throws Exception {
        Connection c = connect();
        Channel ch1 = c.createChannel();
        Channel ch2 = c.createChannel();
        ch1.queueDeclare("q", false, false, false, args("x-single-active-consumer", true));
        RecordingConsumer first = new RecordingConsumer(ch1);
        RecordingConsumer second = new RecordingConsumer(ch2);
        ch1.basicConsume("q", true, first);
        ch2.basicConsume("q", true, second);
        publish(ch1, 1, 10);
        assertThat(next(first, 10)).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
        second.assertNothingMore();
    }

    @Test
    void theNextConsumerDoesNotStepInWhileTheActiveOneIsAtItsPrefetch() throws Exception {
        Connection c = connect();
        Channel ch1 = c.createChannel();
        Channel ch2 = c.createChannel();
        ch1.queueDeclare("q", false, false, false, args("x-single-active-consumer", true));
        ch1.basicQos(1);
        RecordingConsumer first = new RecordingConsumer(ch1);
        RecordingConsumer second = new RecordingConsumer(ch2);
        ch1.basicConsume("q", false, first);
        ch2.basicConsume("q", false, second);
        publish(ch1, 1, 3);
        RecordingConsumer.Delivery d = first.next();
        second.assertNothingMore();
        ch1.basicAck(d.tag(), false);
        assertThat(first.next().body()).isEqualTo("m2");
        second.assertNothingMore();
    }

    @Test
    void cancellingTheActiveConsumerHandsOverToTheNext() throws Exception {
        Connection c = connect();
        Channel ch1 = c.createChannel();
        Channel ch2 = c.createChannel();
        ch1.queueDeclare("q", false, false, false, args("x-single-active-consumer", true));
        RecordingConsumer first = new RecordingConsumer(ch1);
        RecordingConsumer second = new RecordingConsumer(ch2);
        String tag = ch1.basicConsume("q", true, first);
        ch2.basicConsume("q", true, second);
        publish(ch1, 1, 2);
        assertThat(next(first, 2)).containsExactly("m1", "m2");
        ch1.basicCancel(tag);
        publish(ch1, 3, 4);
        assertThat(next(second, 2)).containsExactly("m3", "m4");
        first.assertNothingMore();
    }

    @Test
    void whenTheActiveConsumersChannelClosesTheNextGetsItsUnackedMessages() throws Exception {
        Connection c = connect();
        Channel ch1 = c.createChannel();
        Channel ch2 = c.createChannel();
        ch2.queueDeclare("q", false, false, false, args("x-single-active-consumer", true));
        RecordingConsumer first = new RecordingConsumer(ch1);
        RecordingConsumer second = new RecordingConsumer(ch2);
        ch1.basicConsume("q", false, first);
        ch2.basicConsume("q", false, second);
        publish(ch2, 1, 3);
        assertThat(next(first, 3)).containsExactly("m1", "m2", "m3");
        ch1.close();
        List<RecordingConsumer.Delivery> redelivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            redelivered.add(second.next());
        }
        assertThat(redelivered).extracting(RecordingConsumer.Delivery::body).containsExactly("m1", "m2", "m3");
        assertThat(redelivered).allMatch(RecordingConsumer.Delivery::redelivered);
        publish(ch2, 4, 4);
        assertThat(second.next().body()).isEqualTo("m4");
    }

    @Test
    void consumersTakeOverInTheOrderTheyAttached() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, args("x-single-active-consumer", true));
        RecordingConsumer first = new RecordingConsumer(ch);
        RecordingConsumer second = new RecordingConsumer(ch);
        RecordingConsumer third = new RecordingConsumer(ch);
        String t1 = ch.basicConsume("q", true, first);
        String t2 = ch.basicConsume("q", true, second);
        ch.basicConsume("q", true, third);
        ch.basicCancel(t1);
        publish(ch, 1, 1);
        assertThat(second.next().body()).isEqualTo("m1");
        ch.basicCancel(t2);
        publish(ch, 2, 2);
        assertThat(third.next().body()).isEqualTo("m2");
        first.assertNothingMore();
    }

    @Test
    void aLaterConsumerWithAHigherPriorityDoesNotTakeOverFromTheActiveOne() throws Exception {
        Connection c = connect();
        Channel ch1 = c.createChannel();
        Channel ch2 = c.createChannel();
        ch1.queueDeclare("q", false, false, false, args("x-single-active-consumer", true));
        RecordingConsumer first = new RecordingConsumer(ch1);
        RecordingConsumer eager = new RecordingConsumer(ch2);
        ch1.basicConsume("q", false, first);
        publish(ch1, 1, 1);
        RecordingConsumer.Delivery pending = first.next();
        ch2.basicConsume("q", false, args("x-priority", 10), eager);
        publish(ch1, 2, 3);
        assertThat(next(first, 2)).as("order is kept: one consumer at a time").containsExactly("m2", "m3");
        eager.assertNothingMore();
        ch1.basicAck(pending.tag(), false);
    }

    @Test
    void queueWithoutTheArgumentSharesMessagesRoundRobin() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, args("x-single-active-consumer", false));
        RecordingConsumer first = new RecordingConsumer(ch);
        RecordingConsumer second = new RecordingConsumer(ch);
        ch.basicConsume("q", true, first);
        ch.basicConsume("q", true, second);
        publish(ch, 1, 4);
        assertThat(next(first, 2)).containsExactly("m1", "m3");
        assertThat(next(second, 2)).containsExactly("m2", "m4");
    }
}
