package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Old live messages do not pin the log: when the oldest segment holds only a few live messages while
 * newer segments pile up, those messages are copied forward and the segment is deleted, without losing,
 * duplicating or reordering anything, before or after a restart.
 */
class CompactionTest extends DurabilityTestBase {

    @Override
    WarrenConfig config() {
        return super.config().segmentSizeBytes(64 * 1024);
    }

    private long segmentCount() {
        try (Stream<Path> files = Files.list(dataDir.resolve("messages"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(Channel ch, String queue) throws Exception {
        List<String> out = new ArrayList<>();
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            out.add(new String(r.getBody(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Publishes and consumes many 1 KiB messages through another queue: lots of dead segments. */
    private static void churn(Channel ch, int messages) throws Exception {
        byte[] body = new byte[1024];
        for (int i = 0; i < messages; i++) {
            ch.basicPublish("", "churn", PERSISTENT, body);
            if (i % 200 == 199) {
                ch.waitForConfirmsOrDie(10_000);
                while (ch.basicGet("churn", true) != null) {
                    // drain
                }
            }
        }
        ch.waitForConfirmsOrDie(10_000);
        while (ch.basicGet("churn", true) != null) {
            // drain
        }
    }

    @Test
    void oldLiveMessagesAreCopiedForwardSoTheirSegmentsCanBeDeleted() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.confirmSelect();
        ch.queueDeclare("stuck", true, false, false, null);
        ch.queueDeclare("churn", true, false, false, null);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "stuck", PERSISTENT, utf8("old-" + i));
        }
        ch.waitForConfirmsOrDie(10_000);
        // one of them is delivered and held unacknowledged by a consumer the whole time
        Channel holder = connect().createChannel();
        GetResponse held = holder.basicGet("stuck", false);
        assertThat(new String(held.getBody(), StandardCharsets.UTF_8)).isEqualTo("old-0");

        churn(ch, 3000); // about 3 MB: some 50 segments of 64 KiB

        AmqpTestBase.waitUntil("compaction keeps the log small", () -> segmentCount() <= 6);
        // the held message can still be acknowledged, the others are still there, in order
        holder.basicAck(held.getEnvelope().getDeliveryTag(), false);
        ch.basicPublish("", "stuck", PERSISTENT, utf8("new"));
        ch.waitForConfirmsOrDie(10_000);

        restart();

        Channel after = connect().createChannel();
        assertThat(drain(after, "stuck")).containsExactly("old-1", "old-2", "new");
        assertThat(drain(after, "churn")).isEmpty();
    }

    @Test
    void unackedMessageCopiedForwardComesBackRedeliveredAfterARestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.confirmSelect();
        ch.queueDeclare("stuck", true, false, false, null);
        ch.queueDeclare("churn", true, false, false, null);
        ch.basicPublish("", "stuck", PERSISTENT, utf8("held"));
        ch.basicPublish("", "stuck", PERSISTENT, utf8("waiting"));
        ch.waitForConfirmsOrDie(10_000);
        Channel holder = connect().createChannel();
        assertThat(holder.basicGet("stuck", false)).isNotNull();

        churn(ch, 3000);
        AmqpTestBase.waitUntil("compaction keeps the log small", () -> segmentCount() <= 6);

        restart();

        Channel after = connect().createChannel();
        GetResponse first = after.basicGet("stuck", true);
        assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("held");
        assertThat(first.getEnvelope().isRedeliver()).isTrue();
        assertThat(drain(after, "stuck")).containsExactly("waiting");
    }
}
