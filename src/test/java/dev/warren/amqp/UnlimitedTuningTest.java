package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RawAmqpClient;
import org.junit.jupiter.api.Test;

/** A server configured with frame_max = 0, channel_max = 0 and heartbeat = 0 ("no limit", "none"). */
class UnlimitedTuningTest extends AmqpTestBase {
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.frameMax(0).channelMax(0).heartbeatSeconds(0);
    }

    @Test
    void serverProposesNoLimitsAndTheClientsOwnLimitsApply() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("guest", "guest"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            assertThat(tune.channelMax()).isZero();
            assertThat(tune.frameMax()).isZero();
            assertThat(tune.heartbeat()).isZero();
        }
        ConnectionFactory f = factory();
        f.setRequestedFrameMax(16384);
        f.setRequestedChannelMax(7);
        f.setRequestedHeartbeat(0);
        Connection c = track(f.newConnection());
        assertThat(c.getFrameMax()).isEqualTo(16384);
        assertThat(c.getChannelMax()).isEqualTo(7);
        assertThat(c.getHeartbeat()).isZero();
        assertUsable(c);
    }

    @Test
    void clientWithoutLimitsCanSendLargeFrames() throws Exception {
        ConnectionFactory f = factory();
        f.setRequestedFrameMax(0);
        Connection c = track(f.newConnection());
        assertThat(c.getFrameMax()).isZero();
        Channel ch = c.createChannel();
        String q = ch.queueDeclare().getQueue();
        byte[] body = new byte[1 << 20];
        body[body.length - 1] = 42;
        ch.basicPublish("", q, null, body); // one body frame of 1 MiB
        assertThat(ch.basicGet(q, true).getBody()).isEqualTo(body);
    }
}
