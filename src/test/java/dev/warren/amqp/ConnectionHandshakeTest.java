package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RawAmqpClient;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** connection.start / tune / open as a real client sees them, channels on a connection, and closing. */
class ConnectionHandshakeTest extends AmqpTestBase {
    private static final int CHANNEL_MAX = 64;
    private static final int FRAME_MAX = 65536;
    private static final int HEARTBEAT = 7;

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.channelMax(CHANNEL_MAX).frameMax(FRAME_MAX).heartbeatSeconds(HEARTBEAT);
    }

    @Test
    void serverPropertiesNameTheProductAndAnnounceRabbitMqCapabilities() throws Exception {
        Connection c = connect();
        Map<String, Object> props = c.getServerProperties();

        assertThat(props.get("product")).hasToString("Warren");
        assertThat(props).containsKeys("version", "platform", "copyright", "information");
        assertThat(props.get("capabilities")).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = (Map<String, Object>) props.get("capabilities");
        for (String capability : List.of("publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "authentication_failure_close", "per_consumer_qos",
                "direct_reply_to")) {
            assertThat(capabilities.get(capability)).as(capability).isEqualTo(Boolean.TRUE);
        }
    }

    @Test
    void clientAskingForNoLimitsGetsTheServersChannelMaxFrameMaxAndHeartbeat() throws Exception {
        ConnectionFactory f = factory();
        f.setRequestedChannelMax(0);
        f.setRequestedFrameMax(0);
        f.setRequestedHeartbeat(0);
        Connection c = track(f.newConnection());

        assertThat(c.getChannelMax()).isEqualTo(CHANNEL_MAX);
        assertThat(c.getFrameMax()).isEqualTo(FRAME_MAX);
        assertThat(c.getHeartbeat()).isEqualTo(HEARTBEAT);
    }

    @Test
    void clientMayNegotiateLowerLimitsThanTheServerProposes() throws Exception {
        ConnectionFactory f = factory();
        f.setRequestedChannelMax(10);
        f.setRequestedFrameMax(8192);
        f.setRequestedHeartbeat(3);
        Connection c = track(f.newConnection());

        assertThat(c.getChannelMax()).isEqualTo(10);
        assertThat(c.getFrameMax()).isEqualTo(8192);
        assertThat(c.getHeartbeat()).isEqualTo(3);
        assertUsable(c);
    }

    @Test
    void clientAskingForHigherLimitsGetsTheServersLimits() throws Exception {
        ConnectionFactory f = factory();
        f.setRequestedChannelMax(CHANNEL_MAX * 2);
        f.setRequestedFrameMax(FRAME_MAX * 2);
        f.setRequestedHeartbeat(HEARTBEAT * 2);
        Connection c = track(f.newConnection());

        assertThat(c.getChannelMax()).isEqualTo(CHANNEL_MAX);
        assertThat(c.getFrameMax()).isEqualTo(FRAME_MAX);
        assertThat(c.getHeartbeat()).isEqualTo(HEARTBEAT);
    }

    @Test
    void messagesLargerThanFrameMaxAreSplitIntoSeveralBodyFramesBothWays() throws Exception {
        ConnectionFactory f = factory();
        f.setRequestedFrameMax(4096);
        Channel ch = track(f.newConnection()).createChannel();
        byte[] body = new byte[4096 * 5 + 123];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        String q = ch.queueDeclare().getQueue();
        ch.basicPublish("", q, null, body);
        GetResponse r = ch.basicGet(q, true);
        assertThat(r).isNotNull();
        assertThat(r.getBody()).isEqualTo(body);
    }

    @Test
    void manyChannelsOnOneConnectionWorkIndependently() throws Exception {
        Connection c = connect();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < CHANNEL_MAX; i++) {
            channels.add(c.createChannel());
        }
        assertThat(channels).extracting(Channel::getChannelNumber).doesNotHaveDuplicates();
        for (int i = 0; i < channels.size(); i++) {
            Channel ch = channels.get(i);
            ch.queueDeclare("q" + i, false, false, true, null);
            ch.basicPublish("", "q" + i, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        // Each message is fetched on a different channel than the one that published it.
        for (int i = 0; i < channels.size(); i++) {
            Channel other = channels.get((i + 1) % channels.size());
            GetResponse r = other.basicGet("q" + i, true);
            assertThat(r).as("message in q" + i).isNotNull();
            assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
        }
        // Closing one channel leaves the others open.
        channels.get(0).close();
        assertThat(channels.subList(1, channels.size())).allMatch(Channel::isOpen);
        assertThat(channels.get(1).queueDeclarePassive("q1").getMessageCount()).isZero();
    }

    @Test
    void channelNumberCanBeReusedAfterTheChannelIsClosed() throws Exception {
        Connection c = connect();
        for (int round = 0; round < 3; round++) {
            Channel ch = c.createChannel(5);
            assertThat(ch).as("channel 5 in round " + round).isNotNull();
            assertThat(ch.getChannelNumber()).isEqualTo(5);
            String q = ch.queueDeclare().getQueue();
            ch.basicPublish("", q, null, new byte[] {(byte) round});
            assertThat(ch.basicGet(q, true).getBody()).containsExactly((byte) round);
            ch.close();
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void channelNumberCanBeReusedAfterTheServerClosedTheChannel() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel(7);
        try {
            ch.queueDeclarePassive("no-such-queue");
        } catch (Exception expected) {
            // 404, checked elsewhere
        }
        assertThat(ch.isOpen()).isFalse();
        Channel again = c.createChannel(7);
        assertThat(again).isNotNull();
        assertThat(again.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    @Test
    void clientCloseIsConfirmedAndTheServerForgetsTheConnection() throws Exception {
        Connection c = connect();
        Connection other = connect();
        waitUntil("both connections registered", () -> warren.amqpConnectionCount() == 2);
        c.createChannel().queueDeclare("exclusive-of-c", false, true, false, null);

        c.close(); // waits for connection.close-ok: would time out if the server did not answer

        assertThat(c.isOpen()).isFalse();
        assertThat(c.getCloseReason().isInitiatedByApplication()).isTrue();
        waitUntil("server dropped the connection", () -> warren.amqpConnectionCount() == 1);
        // Its exclusive queue went with it; the other connection is unaffected.
        Channel ch = other.createChannel();
        assertThat(ch.queueDeclare("exclusive-of-c", false, false, false, null).getConsumerCount()).isZero();
        assertUsable(other);
    }

    @Test
    void clientDisappearingWithoutCloseIsCleanedUp() throws Exception {
        Connection c = connect();
        c.createChannel().queueDeclare("exclusive-of-aborted", false, true, false, null);
        waitUntil("connection registered", () -> warren.amqpConnectionCount() == 1);

        c.abort(); // TCP close without connection.close

        waitUntil("server dropped the connection", () -> warren.amqpConnectionCount() == 0);
        Channel ch = connect().createChannel();
        waitUntil("exclusive queue deleted", () -> warren.broker().virtualHost("/").queue("exclusive-of-aborted")
                == null);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void serverShutdownClosesConnectionsWithConnectionForced() throws Exception {
        Connection c = connect();
        AtomicReference<ShutdownSignalException> signal = new AtomicReference<>();
        c.addShutdownListener(signal::set);

        warren.close();
        warren = null; // already closed; nothing left for the base class to stop

        waitUntil("client saw the connection close", () -> signal.get() != null);
        ShutdownSignalException sse = signal.get();
        assertThat(sse.isHardError()).isTrue();
        assertThat(sse.isInitiatedByApplication()).isFalse();
        assertThat(sse.getReason()).isInstanceOf(AMQP.Connection.Close.class);
        assertThat(((AMQP.Connection.Close) sse.getReason()).getReplyCode()).isEqualTo(320);
    }

    @Test
    void serverShutdownSendsConnectionCloseThenClosesTheSocketWithoutWaitingForCloseOk() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake(0);
            raw.openChannel(1);

            warren.close();
            warren = null;

            List<RawAmqpClient.RawFrame> frames = raw.readFramesUntilClosed(Duration.ofSeconds(5));
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).channel()).isZero();
            assertThat(frames.get(0).method()).isInstanceOf(ConnectionMethods.Close.class);
            assertThat(((ConnectionMethods.Close) frames.get(0).method()).replyCode()).isEqualTo(320);
        }
    }
}
