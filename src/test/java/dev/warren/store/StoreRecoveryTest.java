package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Damaged segment files: a torn tail is cut off, a damaged record elsewhere costs only that record. */
class StoreRecoveryTest extends DurabilityTestBase {

    private List<String> drain(String queue) throws Exception {
        Channel ch = connect().createChannel();
        List<String> bodies = new ArrayList<>();
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            bodies.add(new String(r.getBody(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private void publishConfirmed(String queue, String... bodies) throws Exception {
        Channel ch = connect().createChannel();
        ch.queueDeclare(queue, true, false, false, null);
        ch.confirmSelect();
        for (String b : bodies) {
            ch.basicPublish("", queue, PERSISTENT, b.getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(5_000);
    }

    private Path onlySegment() throws Exception {
        try (Stream<Path> files = Files.list(dataDir.resolve("messages"))) {
            List<Path> segs = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
            assertThat(segs).isNotEmpty();
            return segs.get(segs.size() - 1);
        }
    }

    @Test
    void tornRecordAtTheEndIsCutOffAndEverythingBeforeItSurvives() throws Exception {
        start();
        publishConfirmed("q", "one", "two", "three");
        stop();
        Path seg = onlySegment();
        long before = Files.size(seg);
        // a crash in the middle of writing the next record: its framing and half its payload
        Files.write(seg, new byte[] {(byte) 0xA5, 0, 0, 0, 100, 1, 2, 3, 4, 1, 0, 0}, StandardOpenOption.APPEND);

        start();

        assertThat(Files.size(seg)).isEqualTo(before);
        assertThat(drain("q")).containsExactly("one", "two", "three");
    }

    @Test
    void damagedRecordInTheMiddleIsSkippedAndTheRestIsRecovered() throws Exception {
        start();
        publishConfirmed("q", "first-message", "second-message", "third-message");
        stop();
        Path seg = onlySegment();
        byte[] bytes = Files.readAllBytes(seg);
        int at = indexOf(bytes, "second-message".getBytes(StandardCharsets.UTF_8));
        assertThat(at).isPositive();
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.seek(at + 3);
            f.write('X'); // the checksum no longer matches
        }

        start();

        assertThat(drain("q")).containsExactly("first-message", "third-message");
    }

    @Test
    void segmentsOfAckedMessagesAreDeleted() throws Exception {
        start();
        warren.close();
        warren = config().segmentSizeBytes(64 * 1024).start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("big", true, false, false, null);
        ch.confirmSelect();
        byte[] body = new byte[1024];
        for (int i = 0; i < 2000; i++) {
            ch.basicPublish("", "big", PERSISTENT, body);
        }
        ch.waitForConfirmsOrDie(10_000);
        long full = segmentCount();
        assertThat(full).isGreaterThan(20);
        while (ch.basicGet("big", true) != null) {
            // drain with auto-ack
        }
        ch.queueDeclarePassive("big"); // round trip
        // keep writing a little so the writer moves on from the segment holding the last acks
        ch.queueDeclare("other", true, false, false, null);
        for (int i = 0; i < 100; i++) {
            ch.basicPublish("", "other", PERSISTENT, body);
        }
        ch.waitForConfirmsOrDie(10_000);
        dev.warren.testing.AmqpTestBase.waitUntil("acked segments are deleted", () -> segmentCount() <= 4);
        assertThat(segmentCount()).isLessThan(full);
    }

    private long segmentCount() {
        try (Stream<Path> files = Files.list(dataDir.resolve("messages"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
