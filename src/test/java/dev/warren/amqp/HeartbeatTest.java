package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.method.ChannelMethods;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RawAmqpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heartbeats: the server sends them when idle and drops clients that stop sending anything. */
class HeartbeatTest extends AmqpTestBase {
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.heartbeatSeconds(1);
    }

    @Test
    void silentClientIsDisconnectedAfterMissingHeartbeats() throws Exception {
        Connection bystander = connect();
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake(1);
            long start = System.nanoTime();
            // The client now says nothing at all; the server keeps sending heartbeats, then gives up.
            List<RawAmqpClient.RawFrame> frames = raw.readFramesUntilClosed(Duration.ofSeconds(10));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(frames).isNotEmpty().allMatch(RawAmqpClient.RawFrame::isHeartbeat);
            assertThat(frames).allMatch(f -> f.channel() == 0);
            // Two missed intervals of 1 s, give or take scheduling; certainly not the first second.
            assertThat(elapsedMillis).isBetween(1_500L, 6_000L);
        }
        waitUntil("server dropped the silent connection", () -> warren.amqpConnectionCount() == 1);
        assertUsable(bystander);
    }

    @Test
    void idleServerSendsHeartbeatsAndKeepsAClientThatAnswersThem() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake(1);
            int heartbeats = 0;
            long start = System.nanoTime();
            // Answer each server heartbeat with one of ours, for well over two intervals.
            while (heartbeats < 7) {
                RawAmqpClient.RawFrame f = raw.readFrame();
                assertThat(f.isHeartbeat()).as("only heartbeats on an idle connection").isTrue();
                heartbeats++;
                raw.sendHeartbeat();
            }
            assertThat(System.nanoTime() - start).isGreaterThan(Duration.ofMillis(2_500).toNanos());
            // Still open: a channel can be opened.
            raw.sendMethod(1, new ChannelMethods.Open(""));
            RawAmqpClient.RawFrame f = raw.readMethodFrame();
            assertThat(f.method()).isInstanceOf(ChannelMethods.OpenOk.class);
        }
    }

    @Test
    void idleServerSendsHeartbeatsEveryHalfIntervalAsRabbitMqDoes() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake(2);
            assertThat(raw.readFrame().isHeartbeat()).isTrue();
            long first = System.nanoTime();
            for (int i = 0; i < 2; i++) {
                assertThat(raw.readFrame().isHeartbeat()).isTrue();
                raw.sendHeartbeat();
            }
            // Two more heartbeats take about 2 s at half-interval pacing, 4 s at full-interval pacing.
            assertThat(System.nanoTime() - first).isLessThan(Duration.ofMillis(3_200).toNanos());
        }
    }

    @Test
    void clientThatNegotiatesNoHeartbeatIsNotDisconnectedWhenSilent() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake(0);
            // With heartbeat 0 the server neither sends heartbeats nor times the client out.
            assertThat(raw.awaitServerClose(Duration.ofMillis(2_500))).isFalse();
            raw.openChannel(1);
        }
    }

    @Test
    void realClientWithHeartbeatsStaysConnectedWhileIdle() throws Exception {
        ConnectionFactory f = factory();
        f.setRequestedHeartbeat(1);
        Connection c = track(f.newConnection());
        assertThat(c.getHeartbeat()).isEqualTo(1);
        long start = System.nanoTime();
        // Poll (without any traffic of our own) until well past the 2 s timeout.
        waitUntil("3 s have passed", Duration.ofSeconds(10),
                () -> System.nanoTime() - start > Duration.ofSeconds(3).toNanos());
        assertThat(c.isOpen()).isTrue();
        assertUsable(c);
    }
}
