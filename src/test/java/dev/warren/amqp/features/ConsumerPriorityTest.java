package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Consumer priorities ({@code x-priority} on basic.consume) as RabbitMQ's "Consumer Priorities" guide
 * describes them: active consumers of higher priority get messages as long as they have prefetch credit;
 * lower-priority consumers get messages only while the higher ones are blocked; consumers of equal
 * priority share round-robin.
 */
class ConsumerPriorityTest extends AmqpTestBase {

    private static void publish(Channel ch, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
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
    void higherPriorityConsumerGetsEverythingWhileItHasCredit() throws Exception {
        Connection c = connect();
        Channel lowCh = c.createChannel();
        Channel highCh = c.createChannel();
        lowCh.queueDeclare("q", false, false, false, null);
        RecordingConsumer low = new RecordingConsumer(lowCh);
        RecordingConsumer high = new RecordingConsumer(highCh);
        lowCh.basicConsume("q", false, args("x-priority", 1), low);
        highCh.basicConsume("q", false, args("x-priority", 10), high);
        publish(lowCh, 5);
        assertThat(next(high, 5)).containsExactly("m1", "m2", "m3", "m4", "m5");
        low.assertNothingMore();
    }

    @Test
    void lowerPriorityConsumerGetsMessagesWhenTheHigherOneIsFull() throws Exception {
        Connection c = connect();
        Channel lowCh = c.createChannel();
        Channel highCh = c.createChannel();
        lowCh.queueDeclare("q", false, false, false, null);
        highCh.basicQos(2);
        RecordingConsumer low = new RecordingConsumer(lowCh);
        RecordingConsumer high = new RecordingConsumer(highCh);
        lowCh.basicConsume("q", false, args("x-priority", 1), low);
        highCh.basicConsume("q", false, args("x-priority", 10), high);
        publish(lowCh, 5);
        List<RecordingConsumer.Delivery> toHigh = new ArrayList<>();
        toHigh.add(high.next());
        toHigh.add(high.next());
        assertThat(next(low, 3)).containsExactly("m3", "m4", "m5");
        assertThat(toHigh).extracting(RecordingConsumer.Delivery::body).containsExactly("m1", "m2");
        high.assertNothingMore();
        // with credit again, the higher-priority consumer is first in line once more
        highCh.basicAck(toHigh.get(1).tag(), true);
        lowCh.basicPublish("", "q", null, utf8("m6"));
        assertThat(high.next().body()).isEqualTo("m6");
        low.assertNothingMore();
    }

    @Test
    void consumerWithoutPriorityRanksBelowPositiveAndAboveNegative() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer negative = new RecordingConsumer(ch);
        RecordingConsumer plain = new RecordingConsumer(ch);
        ch.basicConsume("q", true, args("x-priority", -5), negative);
        ch.basicConsume("q", true, plain);
        publish(ch, 3);
        assertThat(next(plain, 3)).containsExactly("m1", "m2", "m3");
        negative.assertNothingMore();
    }

    @Test
    void consumersOfEqualPriorityShareRoundRobin() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer a = new RecordingConsumer(ch);
        RecordingConsumer b = new RecordingConsumer(ch);
        RecordingConsumer low = new RecordingConsumer(ch);
        ch.basicConsume("q", true, args("x-priority", 5), a);
        ch.basicConsume("q", true, args("x-priority", 0), low);
        ch.basicConsume("q", true, args("x-priority", 5), b);
        publish(ch, 4);
        assertThat(next(a, 2)).containsExactly("m1", "m3");
        assertThat(next(b, 2)).containsExactly("m2", "m4");
        low.assertNothingMore();
    }

    @Test
    void whenTheHighPriorityConsumerCancelsTheLowerOneTakesOver() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("q", false, false, false, null);
        RecordingConsumer low = new RecordingConsumer(ch);
        RecordingConsumer high = new RecordingConsumer(ch);
        ch.basicConsume("q", true, args("x-priority", 1), low);
        String tag = ch.basicConsume("q", true, args("x-priority", 2), high);
        publish(ch, 1);
        assertThat(high.next().body()).isEqualTo("m1");
        ch.basicCancel(tag);
        ch.basicPublish("", "q", null, utf8("after"));
        assertThat(low.next().body()).isEqualTo("after");
    }

    @Test
    void nonIntegerPriorityIs406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.basicConsume("q", true, args("x-priority", "high"), new RecordingConsumer(ch)));
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - invalid arg 'x-priority' for queue 'q' in vhost '/': {unacceptable_type,longstr}");
    }
}
