package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Two Warren instances in one JVM share nothing: same queue names, separate contents and lifecycles. */
class TwoInstancesTest extends AmqpTestBase {
    private Connection connectTo(Warren w) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(w.amqpPort());
        f.setAutomaticRecoveryEnabled(false);
        return track(f.newConnection());
    }

    private static Warren startSecond() {
        return Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(1).start();
    }

    private static String text(GetResponse r) {
        return new String(r.getBody(), StandardCharsets.UTF_8);
    }

    @Test
    void sameQueueNameHoldsDifferentContentsOnEachInstance() throws Exception {
        try (Warren second = startSecond()) {
            assertThat(second.amqpPort()).isNotEqualTo(warren.amqpPort());
            Channel one = openChannel();
            Channel two = connectTo(second).createChannel();
            one.queueDeclare("shared-name", false, false, false, null);
            // Declared on one instance only so far.
            assertThat(two.queueDeclare("shared-name", true, false, false, null).getMessageCount()).isZero();
            one.basicPublish("", "shared-name", null, "from-one".getBytes(StandardCharsets.UTF_8));
            one.basicPublish("", "shared-name", null, "also-one".getBytes(StandardCharsets.UTF_8));
            two.basicPublish("", "shared-name", null, "from-two".getBytes(StandardCharsets.UTF_8));
            assertThat(one.queueDeclarePassive("shared-name").getMessageCount()).isEqualTo(2);
            assertThat(two.queueDeclarePassive("shared-name").getMessageCount()).isEqualTo(1);
            assertThat(text(two.basicGet("shared-name", true))).isEqualTo("from-two");
            assertThat(text(one.basicGet("shared-name", true))).isEqualTo("from-one");
        }
    }

    @Test
    void exclusiveQueuesAndConsumerTagsDoNotCollideAcrossInstances() throws Exception {
        try (Warren second = startSecond()) {
            Channel one = openChannel();
            Channel two = connectTo(second).createChannel();
            one.queueDeclare("excl", false, true, false, null);
            two.queueDeclare("excl", false, true, false, null); // not locked: a different broker
            one.basicConsume("excl", true, "tag", new com.rabbitmq.client.DefaultConsumer(one));
            two.basicConsume("excl", true, "tag", new com.rabbitmq.client.DefaultConsumer(two));
            assertThat(one.queueDeclarePassive("excl").getConsumerCount()).isEqualTo(1);
            assertThat(two.queueDeclarePassive("excl").getConsumerCount()).isEqualTo(1);
        }
    }

    @Test
    void closingOneInstanceLeavesTheOtherRunning() throws Exception {
        Channel one = openChannel();
        one.queueDeclare("survivor", false, false, false, null);
        Warren second = startSecond();
        Connection toSecond = connectTo(second);
        toSecond.createChannel().queueDeclare("survivor", false, false, false, null);
        second.close();
        waitUntil("connection to the closed instance is gone", () -> !toSecond.isOpen());
        one.basicPublish("", "survivor", null, "still-here".getBytes(StandardCharsets.UTF_8));
        assertThat(text(one.basicGet("survivor", true))).isEqualTo("still-here");
        assertThat(openChannel().queueDeclarePassive("survivor").getQueue()).isEqualTo("survivor");
    }
}
