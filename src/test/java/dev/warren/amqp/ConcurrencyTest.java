package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.testing.AmqpTestBase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Several publishers and consumers on separate connections at once: nothing lost, nothing duplicated. */
class ConcurrencyTest extends AmqpTestBase {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 5_000;
    private static final int CONSUMERS = 3;

    private static byte[] id(int publisher, int seq) {
        return ByteBuffer.allocate(8).putInt(publisher).putInt(seq).array();
    }

    /** Records every (publisher, seq) seen; duplicates and per-publisher order violations are counted. */
    private static final class Seen {
        private final BitSet[] seen = new BitSet[PUBLISHERS];
        int total;
        int duplicates;

        Seen() {
            for (int i = 0; i < PUBLISHERS; i++) {
                seen[i] = new BitSet(PER_PUBLISHER);
            }
        }

        synchronized void add(byte[] body) {
            ByteBuffer b = ByteBuffer.wrap(body);
            int p = b.getInt();
            int s = b.getInt();
            if (seen[p].get(s)) {
                duplicates++;
            } else {
                seen[p].set(s);
                total++;
            }
        }

        synchronized int total() {
            return total;
        }

        synchronized int duplicates() {
            return duplicates;
        }
    }

    @Test
    void everyMessageFromConcurrentPublishersIsConsumedExactlyOnce() throws Exception {
        Channel admin = openChannel();
        admin.queueDeclare("work", false, false, false, null);
        Seen seen = new Seen();
        List<AtomicInteger> perConsumer = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            Channel ch = connect().createChannel();
            ch.basicQos(50);
            AtomicInteger count = new AtomicInteger();
            perConsumer.add(count);
            ch.basicConsume("work", false, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body)
                        throws IOException {
                    seen.add(body);
                    count.incrementAndGet();
                    if (env.getDeliveryTag() % 10 == 0) {
                        getChannel().basicAck(env.getDeliveryTag(), true);
                    }
                }
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Connection conn = connect();
                done.add(pool.submit(() -> {
                    Channel ch = conn.createChannel();
                    ch.confirmSelect();
                    for (int s = 0; s < PER_PUBLISHER; s++) {
                        ch.basicPublish("", "work", null, id(publisher, s));
                    }
                    ch.waitForConfirmsOrDie(60_000);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int expected = PUBLISHERS * PER_PUBLISHER;
        waitUntil("all messages consumed", Duration.ofSeconds(60), () -> seen.total() >= expected);
        assertThat(seen.total()).isEqualTo(expected);
        assertThat(seen.duplicates()).isZero();
        for (AtomicInteger count : perConsumer) {
            assertThat(count.get()).as("every consumer took part").isPositive();
        }
        assertThat(admin.queueDeclarePassive("work").getMessageCount()).isZero();
    }

    @Test
    void concurrentPublishersToSeveralQueuesKeepEachPublishersOrder() throws Exception {
        Channel admin = openChannel();
        admin.exchangeDeclare("fan", "fanout");
        for (int q = 0; q < 2; q++) {
            admin.queueDeclare("copy" + q, false, false, false, null);
            admin.queueBind("copy" + q, "fan", "");
        }
        int perPublisher = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Connection conn = connect();
                done.add(pool.submit(() -> {
                    Channel ch = conn.createChannel();
                    ch.confirmSelect();
                    for (int s = 0; s < perPublisher; s++) {
                        ch.basicPublish("fan", "", null, id(publisher, s));
                    }
                    ch.waitForConfirmsOrDie(60_000);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int q = 0; q < 2; q++) {
            Channel ch = connect().createChannel();
            int[] next = new int[PUBLISHERS];
            AtomicInteger outOfOrder = new AtomicInteger();
            AtomicInteger received = new AtomicInteger();
            ch.basicConsume("copy" + q, true, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                    ByteBuffer b = ByteBuffer.wrap(body);
                    int publisher = b.getInt();
                    int seq = b.getInt();
                    if (next[publisher] != seq) {
                        outOfOrder.incrementAndGet();
                    }
                    next[publisher] = seq + 1;
                    received.incrementAndGet();
                }
            });
            waitUntil("copy" + q + " consumed", Duration.ofSeconds(60),
                    () -> received.get() >= PUBLISHERS * perPublisher);
            assertThat(received.get()).isEqualTo(PUBLISHERS * perPublisher);
            assertThat(outOfOrder.get()).as("per-publisher order in copy%d", q).isZero();
        }
    }
}
