package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A queue over its memory budget keeps further transient messages off the heap (compactly encoded)
 * and gives them back intact and in order; the off-heap memory is freed as they are taken.
 */
class TransientPagingTest extends AmqpTestBase {
    private static final int BUDGET = 64 * 1024;
    private static final int COUNT = 5000;

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.queueMemoryBudgetBytes(BUDGET);
    }

    private static byte[] body(int i) {
        byte[] b = new byte[100 + i % 50];
        Arrays.fill(b, (byte) i);
        ByteBuffer.wrap(b).putInt(i);
        return b;
    }

    private static AMQP.BasicProperties props(int i) {
        return new AMQP.BasicProperties.Builder()
                .contentType(i % 2 == 0 ? "text/plain" : "application/json")
                .headers(Map.of("n", i))
                .messageId("m" + i)
                .build();
    }

    private long heldBytes() {
        return warren.broker().resources().messageBytes();
    }

    @Test
    void transientMessagesBeyondTheBudgetComeBackIntactAndInOrder() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("long", false, false, false, null);
        for (int i = 0; i < COUNT; i++) {
            ch.basicPublish("", "long", props(i), body(i));
        }
        waitUntil("all queued", () -> warren.broker().virtualHost("/").queue("long").messageCount() == COUNT);
        // about 1.5 MB arrived: the heap keeps the 64 KiB budget, the rest sits in off-heap chunks
        assertThat(warren.broker().virtualHost("/").queue("long").stats().bytes()).isLessThan(BUDGET + 1024);
        assertThat(heldBytes()).isLessThan(BUDGET + 3L * (1 << 20));

        for (int i = 0; i < COUNT; i++) {
            GetResponse r = ch.basicGet("long", false);
            assertThat(r).as("message %d", i).isNotNull();
            assertThat(r.getBody()).as("body %d", i).isEqualTo(body(i));
            assertThat(r.getProps().getMessageId()).isEqualTo("m" + i);
            assertThat(r.getProps().getContentType()).isEqualTo(i % 2 == 0 ? "text/plain" : "application/json");
            assertThat(r.getProps().getHeaders()).containsEntry("n", i);
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("long");
            ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        }
        assertThat(ch.basicGet("long", true)).isNull();
        assertThat(heldBytes()).as("memory given back").isZero();
    }

    @Test
    void messagesLargerThanAnOffHeapChunkAreSpilledWhole() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("big", false, false, false, null);
        byte[] filler = new byte[BUDGET];
        ch.basicPublish("", "big", null, filler); // fills the heap budget: what follows is spilled
        byte[] big = new byte[3 * (1 << 20) + 7];
        new java.util.Random(42).nextBytes(big);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "big", null, body(i));
            ch.basicPublish("", "big", null, big);
        }
        waitUntil("all queued", () -> warren.broker().virtualHost("/").queue("big").messageCount() == 7);
        assertThat(ch.basicGet("big", true).getBody()).isEqualTo(filler);
        for (int i = 0; i < 3; i++) {
            assertThat(ch.basicGet("big", true).getBody()).isEqualTo(body(i));
            assertThat(ch.basicGet("big", true).getBody()).isEqualTo(big);
        }
        assertThat(heldBytes()).isZero();
    }

    @Test
    void aConsumerDrainsASpilledQueueAndPurgeFreesIt() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("spill", false, false, false, null);
        for (int i = 0; i < COUNT; i++) {
            ch.basicPublish("", "spill", null, body(i));
        }
        waitUntil("all queued", () -> warren.broker().virtualHost("/").queue("spill").messageCount() == COUNT);

        Channel consumerChannel = openChannel();
        consumerChannel.basicQos(50);
        List<byte[]> received = new CopyOnWriteArrayList<>();
        consumerChannel.basicConsume("spill", false, new DefaultConsumer(consumerChannel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
                    throws IOException {
                received.add(body);
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        waitUntil("all delivered", () -> received.size() == COUNT);
        for (int i = 0; i < COUNT; i++) {
            assertThat(received.get(i)).as("message %d", i).isEqualTo(body(i));
        }
        waitUntil("all acked and freed", () -> heldBytes() == 0);

        consumerChannel.close();
        for (int i = 0; i < COUNT; i++) {
            ch.basicPublish("", "spill", null, body(i));
        }
        waitUntil("queued again", () -> warren.broker().virtualHost("/").queue("spill").messageCount() == COUNT);
        assertThat(heldBytes()).isGreaterThan(BUDGET);
        assertThat(ch.queuePurge("spill").getMessageCount()).isEqualTo(COUNT);
        assertThat(heldBytes()).as("memory given back by purge").isZero();
    }
}
