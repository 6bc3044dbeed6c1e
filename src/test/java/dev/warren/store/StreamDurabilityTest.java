package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.testing.RecordingConsumer;
import dev.warren.testing.WarrenProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Stream queues keep their log in their own segment files: it survives restarts and a kill -9. */
class StreamDurabilityTest extends DurabilityTestBase {
    private static final Map<String, Object> STREAM = Map.of("x-queue-type", "stream");

    private static void publishConfirmed(Channel ch, String queue, int from, int to) throws Exception {
        ch.confirmSelect();
        for (int i = from; i < to; i++) {
            // transient messages too: a stream keeps everything
            ch.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(10_000);
    }

    /** Reads the stream from the first offset: "offset:body" of each of the {@code n} messages. */
    private static List<String> readAll(Connection c, String queue, int n) throws Exception {
        Channel ch = c.createChannel();
        ch.basicQos(50);
        RecordingConsumer consumer = new RecordingConsumer(ch);
        ch.basicConsume(queue, false, Map.of("x-stream-offset", "first"), consumer);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RecordingConsumer.Delivery d = consumer.next();
            got.add(d.properties().getHeaders().get("x-stream-offset") + ":" + d.body());
            ch.basicAck(d.tag(), false);
        }
        consumer.assertNothingMore();
        ch.close();
        return got;
    }

    private static List<String> expected(int from, int to) {
        List<String> e = new ArrayList<>();
        for (int i = from; i < to; i++) {
            e.add(i + ":m" + i);
        }
        return e;
    }

    @Test
    void streamSurvivesARestartWithItsOffsets() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("s", true, false, false, STREAM);
        publishConfirmed(ch, "s", 0, 30);
        restart();
        Connection c = connect();
        assertThat(c.createChannel().queueDeclarePassive("s").getMessageCount()).isEqualTo(30);
        assertThat(readAll(c, "s", 30)).isEqualTo(expected(0, 30));
        publishConfirmed(c.createChannel(), "s", 30, 35);
        assertThat(readAll(c, "s", 35)).isEqualTo(expected(0, 35));
    }

    @Test
    void retentionDropsSegmentFilesAndOffsetsStayAfterRestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("s", true, false, false, Map.of("x-queue-type", "stream", "x-max-length-bytes", 3_000L,
                "x-stream-max-segment-size-bytes", 1_000));
        ch.confirmSelect();
        for (int i = 0; i < 100; i++) {
            ch.basicPublish("", "s", null, new byte[100]);
        }
        ch.waitForConfirmsOrDie(10_000);
        int kept = ch.queueDeclarePassive("s").getMessageCount();
        assertThat(kept).isBetween(1, 99);
        try (Stream<Path> files = Files.walk(dataDir.resolve("streams"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".segment")).count()).isLessThan(10);
        }
        restart();
        Connection c = connect();
        assertThat(c.createChannel().queueDeclarePassive("s").getMessageCount()).isEqualTo(kept);
        List<String> all = readAll(c, "s", kept);
        assertThat(all.get(0)).startsWith((100 - kept) + ":");
        assertThat(all.get(kept - 1)).startsWith("99:");
    }

    @Test
    void tornTailIsCutOffAtRecovery() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("s", true, false, false, STREAM);
        publishConfirmed(ch, "s", 0, 10);
        stop();
        Path segment;
        try (Stream<Path> files = Files.walk(dataDir.resolve("streams"))) {
            segment = files.filter(p -> p.toString().endsWith(".segment")).findFirst().orElseThrow();
        }
        // half a record: a length that promises more than is there
        Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 9, 9}, StandardOpenOption.APPEND);
        start();
        Connection c = connect();
        assertThat(readAll(c, "s", 10)).isEqualTo(expected(0, 10));
        publishConfirmed(c.createChannel(), "s", 10, 12);
        restart();
        assertThat(readAll(connect(), "s", 12)).isEqualTo(expected(0, 12));
    }

    @Test
    void deletedStreamLeavesNothingBehind() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("s", true, false, false, STREAM);
        publishConfirmed(ch, "s", 0, 5);
        ch.queueDelete("s");
        try (Stream<Path> files = Files.walk(dataDir.resolve("streams"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".segment")).count()).isZero();
        }
        restart();
        Channel again = connect().createChannel();
        again.queueDeclare("s", true, false, false, STREAM);
        assertThat(again.queueDeclarePassive("s").getMessageCount()).isZero();
    }

    @Test
    void committedTransactionToAStreamSurvivesARestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("s", true, false, false, STREAM);
        ch.txSelect();
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "s", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.txCommit();
        ch.basicPublish("", "s", null, "rolled back".getBytes(StandardCharsets.UTF_8));
        ch.txRollback();
        restart();
        assertThat(readAll(connect(), "s", 3)).isEqualTo(expected(0, 3));
    }

    @Test
    void logsOfNoStreamQueueAreDeletedAtStart() throws Exception {
        Path orphan = dataDir.resolve("streams").resolve("0123456789abcdef0123456789abcdef");
        Files.createDirectories(orphan);
        Files.write(orphan.resolve("00000000000000000000.segment"), new byte[0]);
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("kept", true, false, false, STREAM);
        publishConfirmed(ch, "kept", 0, 1);
        assertThat(orphan).doesNotExist();
        restart();
        assertThat(readAll(connect(), "kept", 1)).isEqualTo(expected(0, 1));
    }

    @Test
    void confirmedMessagesSurviveKillDashNine() throws Exception {
        int port = WarrenProcess.freePort();
        List<String> args = List.of("--amqp-port", String.valueOf(port), "--resp-port", "off", "--http-port", "off",
                "--bind", "127.0.0.1", "--data-dir", dataDir.resolve("data").toString());
        try (WarrenProcess p = WarrenProcess.start(dataDir.resolve("warren.log"), args.toArray(String[]::new))) {
            p.awaitPort(port, Duration.ofSeconds(30));
            try (Connection c = connect(port)) {
                Channel ch = c.createChannel();
                ch.queueDeclare("s", true, false, false, STREAM);
                publishConfirmed(ch, "s", 0, 200);
                p.kill();
            } catch (Exception brokerGone) {
                // closing the connection of a killed broker may fail
            }
        }
        try (WarrenProcess p = WarrenProcess.start(dataDir.resolve("warren.log"), args.toArray(String[]::new))) {
            p.awaitPort(port, Duration.ofSeconds(30));
            try (Connection c = connect(port)) {
                assertThat(readAll(c, "s", 200)).isEqualTo(expected(0, 200));
            }
        }
    }

    private static Connection connect(int port) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection();
    }
}
