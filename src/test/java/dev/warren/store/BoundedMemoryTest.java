package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import dev.warren.testing.WarrenProcess;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue far larger than the heap: a Warren process with a 64 MiB heap takes 200,000 persistent 1 KiB
 * messages (about 200 MB), restarts, and delivers every one of them in order.
 *
 * <p>Issue 3's full-size figure (2,000,000 messages, 256 MiB heap) runs with
 * {@code mvn test -Dtest=BoundedMemoryTest -Dwarren.bigQueue.messages=2000000 -Dwarren.bigQueue.heap=256m}.
 */
class BoundedMemoryTest {
    private static final int COUNT = Integer.getInteger("warren.bigQueue.messages", 200_000);
    private static final List<String> SMALL_HEAP = List.of("-Xmx" + System.getProperty("warren.bigQueue.heap", "64m"),
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    private WarrenProcess start(int port) {
        return WarrenProcess.start(SMALL_HEAP, dir.resolve("warren.log"), "--amqp-port", String.valueOf(port),
                "--resp-port", "off", "--http-port", "off", "--bind", "127.0.0.1",
                "--data-dir", dir.resolve("data").toString()).awaitPort(port, Duration.ofSeconds(30));
    }

    private static Connection connect(int port) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void queueMuchLargerThanTheHeapIsKeptAndDeliveredInOrder() throws Exception {
        int port = WarrenProcess.freePort();
        byte[] body = new byte[1024];
        try (WarrenProcess warren = start(port)) {
            Connection c = connect(port);
            Channel ch = c.createChannel();
            ch.queueDeclare("huge", true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < COUNT; i++) {
                ByteBuffer.wrap(body).putInt(0, i);
                ch.basicPublish("", "huge", MessageProperties.PERSISTENT_BASIC, body);
                if (i % 1000 == 999) {
                    ch.waitForConfirmsOrDie(60_000);
                }
            }
            ch.waitForConfirmsOrDie(60_000);
            assertThat(ch.queueDeclarePassive("huge").getMessageCount()).isEqualTo(COUNT);
            c.close();
            assertThat(warren.isAlive()).isTrue();
            warren.stop();
            assertThat(warren.output()).doesNotContain("OutOfMemoryError");
        }
        try (WarrenProcess warren = start(port)) {
            Connection c = connect(port);
            Channel ch = c.createChannel();
            assertThat(ch.queueDeclarePassive("huge").getMessageCount()).isEqualTo(COUNT);
            ch.basicQos(500);
            AtomicInteger next = new AtomicInteger();
            AtomicReference<String> error = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            ch.basicConsume("huge", false, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] b)
                        throws java.io.IOException {
                    int n = ByteBuffer.wrap(b).getInt(0);
                    if (n != next.get() && error.get() == null) {
                        error.set("expected message " + next.get() + " but got " + n);
                    }
                    if (next.incrementAndGet() % 100 == 0 || next.get() == COUNT) {
                        getChannel().basicAck(env.getDeliveryTag(), true);
                    }
                    if (next.get() == COUNT) {
                        done.countDown();
                    }
                }
            });
            assertThat(done.await(Math.max(120, COUNT / 2000), TimeUnit.SECONDS)).as("all %d delivered (got %d)", COUNT, next.get()).isTrue();
            assertThat(error.get()).isNull();
            c.close();
            warren.stop();
            assertThat(warren.output()).doesNotContain("OutOfMemoryError");
        }
    }
}
