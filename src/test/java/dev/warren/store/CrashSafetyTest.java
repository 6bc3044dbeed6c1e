package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.warren.testing.WarrenProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with a real process and a real {@code kill -9}: publishers with confirms are cut off at
 * a random moment; after a restart every confirmed message is there exactly once, in publish order.
 */
class CrashSafetyTest {
    private static final String[] QUEUES = {"crash-a", "crash-b"};
    private static final int PUBLISHERS = 3;

    @TempDir
    Path dir;

    private WarrenProcess start(int port) {
        return WarrenProcess.start(dir.resolve("warren.log"), "--amqp-port", String.valueOf(port),
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

    /** One publisher thread: persistent messages "p{publisher}-{n}" to one queue, confirms tracked. */
    private static Thread publisher(int port, int id, String queue, Set<String> confirmed, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            try (Connection c = connect(port)) {
                Channel ch = c.createChannel();
                ch.confirmSelect();
                ConcurrentNavigableMap<Long, String> outstanding = new ConcurrentSkipListMap<>();
                ch.addConfirmListener((tag, multiple) -> {
                    ConcurrentNavigableMap<Long, String> done = multiple ? outstanding.headMap(tag, true)
                            : outstanding.subMap(tag, true, tag, true);
                    confirmed.addAll(done.values());
                    done.clear();
                }, (tag, multiple) -> {
                    ConcurrentNavigableMap<Long, String> done = multiple ? outstanding.headMap(tag, true)
                            : outstanding.subMap(tag, true, tag, true);
                    done.clear();
                });
                for (int n = 0; !stop.get(); n++) {
                    String body = "p" + id + "-" + n;
                    outstanding.put(ch.getNextPublishSeqNo(), body);
                    ch.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body.getBytes(StandardCharsets.UTF_8));
                    while (outstanding.size() > 100 && !stop.get()) {
                        Thread.onSpinWait();
                    }
                }
            } catch (Exception expected) {
                // the broker was killed under us
            }
        }, "publisher-" + id);
        t.start();
        return t;
    }

    @Test
    void everyConfirmedMessageSurvivesKillNineExactlyOnceInOrder() throws Exception {
        Random random = new Random(42);
        int port = WarrenProcess.freePort();
        for (int round = 0; round < 3; round++) {
            Set<String> confirmed = new ConcurrentSkipListSet<>();
            try (WarrenProcess warren = start(port)) {
                try (Connection c = connect(port)) {
                    Channel ch = c.createChannel();
                    for (String q : QUEUES) {
                        ch.queueDeclare(q, true, false, false, null);
                    }
                }
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < PUBLISHERS; p++) {
                    threads.add(publisher(port, p, QUEUES[p % QUEUES.length], confirmed, stop));
                }
                long until = System.currentTimeMillis() + 400 + random.nextInt(1200);
                while (System.currentTimeMillis() < until || confirmed.size() < 50) {
                    Thread.sleep(10); // let the load run for a random while before pulling the plug
                }
                assertThat(warren.kill()).isEqualTo(137);
                stop.set(true);
                for (Thread t : threads) {
                    t.join(10_000);
                }
            }
            try (WarrenProcess warren = start(port)) {
                Connection c = connect(port);
                Channel ch = c.createChannel();
                Map<String, Integer> seen = new HashMap<>();
                for (String q : QUEUES) {
                    Map<Integer, Integer> lastPerPublisher = new HashMap<>();
                    GetResponse r;
                    while ((r = ch.basicGet(q, true)) != null) {
                        String body = new String(r.getBody(), StandardCharsets.UTF_8);
                        seen.merge(body, 1, Integer::sum);
                        int publisherId = Integer.parseInt(body.substring(1, body.indexOf('-')));
                        int n = Integer.parseInt(body.substring(body.indexOf('-') + 1));
                        Integer last = lastPerPublisher.put(publisherId, n);
                        assertThat(last == null || last < n).as("order in %s: %s after p%s-%s", q, body,
                                publisherId, last).isTrue();
                    }
                }
                assertThat(confirmed).as("round %d confirmed messages", round).isNotEmpty();
                for (String body : confirmed) {
                    assertThat(seen.get(body)).as("confirmed %s after kill -9 (round %d)", body, round).isEqualTo(1);
                }
                assertThat(seen.values()).as("no duplicates").allMatch(count -> count == 1);
                c.close();
                warren.stop();
            }
        }
    }

    @Test
    void acknowledgedMessagesDoNotComeBackAfterKillNine() throws Exception {
        int port = WarrenProcess.freePort();
        try (WarrenProcess warren = start(port)) {
            Connection c = connect(port);
            Channel ch = c.createChannel();
            ch.queueDeclare("acked", true, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 100; i++) {
                ch.basicPublish("", "acked", MessageProperties.PERSISTENT_BASIC, ("m" + i).getBytes());
            }
            ch.waitForConfirmsOrDie(10_000);
            Channel consumer = c.createChannel();
            for (int i = 0; i < 60; i++) {
                GetResponse r = consumer.basicGet("acked", false);
                consumer.basicAck(r.getEnvelope().getDeliveryTag(), false);
            }
            GetResponse unacked = consumer.basicGet("acked", false); // m60 delivered, never acked
            assertThat(new String(unacked.getBody())).isEqualTo("m60");
            // a confirmed publish after the acks: its fsync also covers the ack records written before it
            ch.basicPublish("", "acked", MessageProperties.PERSISTENT_BASIC, "barrier".getBytes());
            ch.waitForConfirmsOrDie(10_000);
            warren.kill();
            c.abort();
        }
        try (WarrenProcess warren = start(port)) {
            Connection c = connect(port);
            Channel ch = c.createChannel();
            List<String> left = new ArrayList<>();
            GetResponse r;
            GetResponse first = null;
            while ((r = ch.basicGet("acked", true)) != null) {
                if (first == null) {
                    first = r;
                }
                left.add(new String(r.getBody()));
            }
            assertThat(left).hasSize(41).startsWith("m60", "m61").endsWith("barrier");
            assertThat(first.getEnvelope().isRedeliver()).as("m60 was delivered before the crash").isTrue();
            c.close();
            warren.stop();
        }
    }
}
