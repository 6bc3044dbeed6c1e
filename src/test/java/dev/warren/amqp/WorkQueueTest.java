package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import dev.warren.testing.RecordingConsumer.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Competing consumers on one queue (RabbitMQ tutorial 2): round-robin, fair dispatch, worker failure. */
class WorkQueueTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void consumersOnOneQueueReceiveMessagesRoundRobin() throws Exception {
        Channel pub = openChannel();
        pub.queueDeclare("rr", false, false, false, null);
        List<RecordingConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Channel ch = openChannel();
            RecordingConsumer c = new RecordingConsumer(ch);
            ch.basicConsume("rr", false, c);
            consumers.add(c);
        }
        for (int i = 0; i < 30; i++) {
            pub.basicPublish("", "rr", null, bytes(Integer.toString(i)));
        }
        List<Integer> firsts = new ArrayList<>();
        for (RecordingConsumer c : consumers) {
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                got.add(Integer.parseInt(c.next().body()));
            }
            c.assertNothingMore();
            // Every third message, in order.
            for (int i = 1; i < got.size(); i++) {
                assertThat(got.get(i)).isEqualTo(got.get(i - 1) + 3);
            }
            firsts.add(got.get(0));
        }
        assertThat(firsts).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void roundRobinAlsoAppliesToConsumersOnTheSameChannel() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("rr", false, false, false, null);
        RecordingConsumer a = new RecordingConsumer(ch);
        RecordingConsumer b = new RecordingConsumer(ch);
        ch.basicConsume("rr", true, a);
        ch.basicConsume("rr", true, b);
        for (int i = 0; i < 10; i++) {
            ch.basicPublish("", "rr", null, bytes(Integer.toString(i)));
        }
        List<String> fromA = new ArrayList<>();
        List<String> fromB = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fromA.add(a.next().body());
            fromB.add(b.next().body());
        }
        assertThat(fromA).containsExactly("0", "2", "4", "6", "8");
        assertThat(fromB).containsExactly("1", "3", "5", "7", "9");
    }

    @Test
    void workersWithPrefetchOneProcessEveryTaskExactlyOnce() throws Exception {
        Channel pub = openChannel();
        pub.queueDeclare("task_queue", true, false, false, null);
        Set<String> done = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger slowCount = new AtomicInteger();
        AtomicInteger fastCount = new AtomicInteger();
        for (AtomicInteger counter : List.of(slowCount, fastCount)) {
            Channel ch = openChannel();
            ch.basicQos(1);
            boolean slow = counter == slowCount;
            ch.basicConsume("task_queue", false, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body)
                        throws IOException {
                    if (slow) {
                        long until = System.nanoTime() + 20_000_000L; // 20 ms of "work"
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                    }
                    if (!done.add(new String(body, StandardCharsets.UTF_8))) {
                        duplicates.incrementAndGet();
                    }
                    counter.incrementAndGet();
                    getChannel().basicAck(env.getDeliveryTag(), false);
                }
            });
        }
        int tasks = 200;
        for (int i = 0; i < tasks; i++) {
            pub.basicPublish("", "task_queue", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("task " + i));
        }
        waitUntil("all tasks done", () -> done.size() == tasks);
        assertThat(duplicates.get()).isZero();
        assertThat(fastCount.get()).as("the fast worker does most of the work").isGreaterThan(slowCount.get());
        assertThat(pub.queueDeclarePassive("task_queue").getMessageCount()).isZero();
    }

    @Test
    void taskOfAWorkerThatDiesIsRedeliveredToAnotherWorker() throws Exception {
        Channel pub = openChannel();
        pub.queueDeclare("task_queue", true, false, false, null);
        Connection dyingConn = connect();
        Channel dying = dyingConn.createChannel();
        dying.basicQos(1);
        RecordingConsumer dyingWorker = new RecordingConsumer(dying);
        dying.basicConsume("task_queue", false, dyingWorker);
        Channel healthy = openChannel();
        healthy.basicQos(1);
        RecordingConsumer healthyWorker = new RecordingConsumer(healthy);
        healthy.basicConsume("task_queue", false, healthyWorker);

        pub.basicPublish("", "task_queue", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("t0"));
        pub.basicPublish("", "task_queue", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("t1"));
        Delivery lost = dyingWorker.next();
        Delivery other = healthyWorker.next();
        assertThat(lost.body()).isEqualTo("t0");
        assertThat(other.body()).isEqualTo("t1");
        dyingConn.abort();
        healthyWorker.assertNothingMore(); // prefetch 1: t0 waits for t1's ack
        healthy.basicAck(other.tag(), false);
        Delivery again = healthyWorker.next();
        assertThat(again.body()).isEqualTo("t0");
        assertThat(again.redelivered()).isTrue();
        assertThat(again.properties().getDeliveryMode()).isEqualTo(2);
    }
}
