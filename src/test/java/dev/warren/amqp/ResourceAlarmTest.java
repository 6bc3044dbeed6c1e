package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RabbitMQ's memory and disk alarms: publishers are blocked, consumers go on draining. */
class ResourceAlarmTest extends AmqpTestBase {
    @TempDir
    Path dataDir;
    private long diskFreeLimit = 1;

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.memoryHighWatermarkBytes(200_000).dataDir(dataDir).diskFreeLimitBytes(diskFreeLimit);
    }

    private static BlockingQueue<String> watch(Connection c) {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        c.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
                events.add("blocked: " + reason);
            }

            @Override
            public void handleUnblocked() {
                events.add("unblocked");
            }
        });
        return events;
    }

    @Test
    void publisherIsBlockedAboveTheMemoryWatermarkAndUnblockedWhenConsumersDrain() throws Exception {
        Connection publisher = connect();
        BlockingQueue<String> events = watch(publisher);
        Channel pub = publisher.createChannel();
        pub.queueDeclare("backlog", false, false, false, null);
        byte[] body = new byte[4096];
        for (int i = 0; i < 100; i++) {
            pub.basicPublish("", "backlog", null, body);
        }
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("blocked: low on memory");

        Channel consumer = connect().createChannel();
        int drained = 0;
        GetResponse r;
        while ((r = consumer.basicGet("backlog", true)) != null) {
            drained++;
        }
        assertThat(drained).isPositive();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("unblocked");

        pub.basicPublish("", "backlog", null, "after".getBytes());
        waitUntil("the publisher's next message arrives", () -> {
            try {
                return consumer.basicGet("backlog", true) != null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void publisherIsBlockedWhileDiskSpaceIsBelowTheLimitButConsumersStillWork() throws Exception {
        warren.close();
        diskFreeLimit = Long.MAX_VALUE; // no disk has that much free space: the disk alarm is on
        startWarren();
        Channel setup = connect().createChannel();
        setup.queueDeclare("q", false, false, false, null);
        Connection publisher = connect();
        BlockingQueue<String> events = watch(publisher);
        publisher.createChannel().basicPublish("", "q", null, "m".getBytes());
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("blocked: low on disk");
        GetResponse got = setup.basicGet("q", true);
        assertThat(got).isNotNull();
        assertThat(new String(got.getBody())).isEqualTo("m");
    }
}
