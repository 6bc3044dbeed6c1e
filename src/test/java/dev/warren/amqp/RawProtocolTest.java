package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DeliverCallback;
import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.Frame;
import dev.warren.amqp.codec.method.BasicMethods;
import dev.warren.amqp.codec.method.ChannelMethods;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.amqp.codec.method.QueueMethods;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RawAmqpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the server does with byte streams no well-behaved client sends: wrong protocol headers, broken
 * frames, methods out of place, silence. Every case closes only the offending connection; a normal
 * client connected alongside keeps publishing and consuming.
 */
class RawProtocolTest extends AmqpTestBase {
    private static final int FRAME_MAX = 8192;

    private Connection bystander;
    private Channel bystanderChannel;
    private final BlockingQueue<String> bystanderInbox = new LinkedBlockingQueue<>();

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.frameMax(FRAME_MAX).channelMax(16).heartbeatSeconds(60);
    }

    @BeforeEach
    void connectBystander() throws Exception {
        bystander = connect();
        bystanderChannel = bystander.createChannel();
        bystanderChannel.queueDeclare("bystander", false, false, false, null);
        DeliverCallback onDelivery = (tag, d) -> bystanderInbox.add(new String(d.getBody(), StandardCharsets.UTF_8));
        bystanderChannel.basicConsume("bystander", true, onDelivery, tag -> { });
        assertBystanderWorks("before");
    }

    @AfterEach
    void bystanderIsUnaffected() throws Exception {
        assertBystanderWorks("after");
        assertUsable(bystander);
    }

    private void assertBystanderWorks(String label) throws Exception {
        assertThat(bystander.isOpen()).as("bystander connection open " + label).isTrue();
        bystanderChannel.basicPublish("", "bystander", null, label.getBytes(StandardCharsets.UTF_8));
        assertThat(bystanderInbox.poll(10, TimeUnit.SECONDS)).as("bystander message " + label).isEqualTo(label);
    }

    private RawAmqpClient raw() throws Exception {
        return new RawAmqpClient(warren.amqpPort());
    }

    private static void assertClosedWith(RawAmqpClient raw, int code) throws Exception {
        ConnectionMethods.Close close = raw.expectConnectionClose();
        assertThat(close.replyCode()).as(close.replyText()).isEqualTo(code);
        assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).as("socket closed after close-ok").isTrue();
    }

    /**
     * After a framing error the server cannot read the stream any more (not even close-ok), so it closes
     * the socket on a timer, as RabbitMQ does; only one test waits for that.
     */
    private static void assertFrameError(RawAmqpClient raw) throws Exception {
        ConnectionMethods.Close close = raw.expectConnectionClose();
        assertThat(close.replyCode()).as(close.replyText()).isEqualTo(501);
        assertThat(close.replyText()).startsWith("FRAME_ERROR");
    }

    // ------------------------------------------------------------------ protocol header

    @Test
    void newerProtocolVersionIsAnsweredWithTheSupportedHeaderAndClosed() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 10, 0});
            assertThat(raw.readBytes(8)).isEqualTo(RawAmqpClient.AMQP_0_9_1);
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void amqp09HeaderIsServedAsAmqp091AsRabbitMqDoes() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
            ConnectionMethods.Start start = raw.expect(ConnectionMethods.Start.class);
            assertThat(start.versionMinor()).isEqualTo(9);
        }
    }

    @Test
    void amqp10HeaderIsAnsweredWithTheSupportedHeaderAndClosed() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendBytes(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            assertThat(raw.readBytes(8)).startsWith('A', 'M', 'Q', 'P');
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void httpRequestIsAnsweredWithTheAmqpHeaderAndClosed() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readBytes(8)).isEqualTo(RawAmqpClient.AMQP_0_9_1);
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void shortGarbageIsAnsweredWithTheAmqpHeaderAndClosed() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendBytes("HTTP".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readBytes(8)).isEqualTo(RawAmqpClient.AMQP_0_9_1);
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void frameBeforeTheProtocolHeaderIsRefused() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendMethod(0, new ConnectionMethods.StartOk(Map.of(), "PLAIN",
                    RawAmqpClient.plainResponse("guest", "guest"), "en_US"));
            assertThat(raw.readBytes(8)).isEqualTo(RawAmqpClient.AMQP_0_9_1);
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    // ------------------------------------------------------------------ framing errors

    @Test
    void frameLargerThanFrameMaxClosesTheConnectionWithFrameError() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendFrame(Frame.FRAME_BODY, 1, new byte[FRAME_MAX + 1]);
            assertClosedWith(raw, 501);
        }
    }

    @Test
    void framesUpToEightBytesOverFrameMaxAreToleratedAsRabbitMqDoes() throws Exception {
        // RabbitMQ accepts a payload of up to frame_max bytes (not frame_max - 8), because many clients
        // get the frame overhead wrong.
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendMethod(1, new QueueMethods.Declare(0, "big", false, false, false, false, false, Map.of()));
            raw.expect(QueueMethods.DeclareOk.class);
            raw.sendPublish(1, "", "big", new byte[FRAME_MAX]);
            raw.sendMethod(1, new QueueMethods.Declare(0, "big", true, false, false, false, false, Map.of()));
            assertThat(raw.expect(QueueMethods.DeclareOk.class).messageCount()).isEqualTo(1);
        }
    }

    @Test
    void frameSizeIsCheckedFromTheHeaderBeforeThePayloadArrives() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            // Only the 7-byte header of a 1 GB frame: the server must not wait for (or buffer) the payload.
            raw.sendBytes(new byte[] {Frame.FRAME_BODY, 0, 1, 0x40, 0, 0, 0});
            assertFrameError(raw);
        }
    }

    @Test
    void frameExactlyAtFrameMaxIsAccepted() throws Exception {
        try (RawAmqpClient raw = raw()) {
            ConnectionMethods.Tune tune = raw.handshake(0);
            assertThat(tune.frameMax()).isEqualTo(FRAME_MAX);
            raw.openChannel(1);
            raw.sendMethod(1, new QueueMethods.Declare(0, "big", false, false, false, false, false, Map.of()));
            raw.expect(QueueMethods.DeclareOk.class);
            byte[] body = new byte[FRAME_MAX - Frame.FRAME_OVERHEAD];
            raw.sendPublish(1, "", "big", body);
            raw.sendMethod(1, new BasicMethods.Get(0, "big", true));
            BasicMethods.GetOk ok = raw.expect(BasicMethods.GetOk.class);
            assertThat(ok.routingKey()).isEqualTo("big");
            raw.readFrame(); // content header
            RawAmqpClient.RawFrame bodyFrame = raw.readFrame();
            assertThat(bodyFrame.type()).isEqualTo(Frame.FRAME_BODY);
            assertThat(bodyFrame.payload()).hasSize(body.length);
        }
    }

    @Test
    void badFrameEndOctetClosesTheConnectionWithFrameError() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
            new ChannelMethods.Open("").writeArguments(buf);
            byte[] args = new byte[buf.readableBytes()];
            buf.readBytes(args);
            byte[] payload = new byte[4 + args.length];
            payload[1] = 20; // class channel
            payload[3] = 10; // method open
            System.arraycopy(args, 0, payload, 4, args.length);
            raw.sendFrame(Frame.FRAME_METHOD, 1, payload, 0xAB);
            assertFrameError(raw);
        }
    }

    @Test
    void unknownFrameTypeClosesTheConnectionWithFrameError() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendFrame(5, 0, new byte[] {1, 2, 3});
            assertFrameError(raw);
        }
    }

    @Test
    void malformedMethodArgumentsCloseTheConnection() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            // queue.declare whose queue name claims 200 bytes that are not there.
            raw.sendFrame(Frame.FRAME_METHOD, 1, new byte[] {0, 50, 0, 10, 0, 0, (byte) 200, 'q'});
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isBetween(500, 599);
        }
    }

    @Test
    void unknownMethodClosesTheConnection() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendFrame(Frame.FRAME_METHOD, 1, new byte[] {0, 50, 0, 99});
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isBetween(500, 599);
        }
    }

    // ------------------------------------------------------------------ frames out of place

    @Test
    void methodOnAChannelThatWasNeverOpenedIsAChannelError504() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendMethod(3, new QueueMethods.Declare(0, "q", false, false, false, false, false, Map.of()));
            assertClosedWith(raw, 504);
        }
    }

    @Test
    void contentOnAChannelThatWasNeverOpenedIsAChannelError504() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendFrame(Frame.FRAME_BODY, 2, new byte[] {1, 2, 3});
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isIn(504, 505);
        }
    }

    @Test
    void openingAnOpenChannelAgainIsAChannelError504() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendMethod(1, new ChannelMethods.Open(""));
            assertClosedWith(raw, 504);
        }
    }

    @Test
    void channelMethodOnChannelZeroIsAConnectionError() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendMethod(0, new QueueMethods.Declare(0, "q", false, false, false, false, false, Map.of()));
            // RabbitMQ: 504 CHANNEL_ERROR "unexpected method in connection state running"
            assertClosedWith(raw, 504);
        }
    }

    @Test
    void contentFrameOnChannelZeroIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendFrame(Frame.FRAME_BODY, 0, new byte[] {1});
            assertClosedWith(raw, 505);
        }
    }

    @Test
    void heartbeatOnANonZeroChannelIsRefused() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendFrame(Frame.FRAME_HEARTBEAT, 1, new byte[0]);
            ConnectionMethods.Close close = raw.expectConnectionClose();
            // RabbitMQ answers 505 UNEXPECTED_FRAME
            assertThat(close.replyCode()).isEqualTo(505);
        }
    }

    @Test
    void contentBodyWithoutPublishIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendFrame(Frame.FRAME_BODY, 1, new byte[] {1, 2, 3});
            assertClosedWith(raw, 505);
        }
    }

    @Test
    void methodWhereContentHeaderIsExpectedIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendMethod(1, new BasicMethods.Publish(0, "", "q", false, false));
            raw.sendMethod(1, new QueueMethods.Declare(0, "q", false, false, false, false, false, Map.of()));
            assertClosedWith(raw, 505);
        }
    }

    @Test
    void secondConnectionOpenIsRefused() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendMethod(0, new ConnectionMethods.Open("/", "", false));
            // RabbitMQ: 504 CHANNEL_ERROR "unexpected method in connection state running"
            assertClosedWith(raw, 504);
        }
    }

    @Test
    void channelIsRefusedOnceChannelMaxChannelsAreOpen() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.sendProtocolHeader();
            raw.expect(ConnectionMethods.Start.class);
            raw.sendMethod(0, new ConnectionMethods.StartOk(RawAmqpClient.clientProperties(true), "PLAIN",
                    RawAmqpClient.plainResponse("guest", "guest"), "en_US"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            assertThat(tune.channelMax()).isEqualTo(16);
            raw.sendMethod(0, new ConnectionMethods.TuneOk(2, tune.frameMax(), 0));
            raw.sendMethod(0, new ConnectionMethods.Open("/", "", false));
            raw.expect(ConnectionMethods.OpenOk.class);
            raw.openChannel(1);
            raw.openChannel(2);
            raw.sendMethod(1, new ChannelMethods.Close(200, "", 0, 0));
            raw.expect(ChannelMethods.CloseOk.class);
            raw.openChannel(1); // a closed channel frees its slot
            raw.sendMethod(3, new ChannelMethods.Open(""));
            // RabbitMQ: 530 NOT_ALLOWED "number of channels opened (2) has reached the negotiated channel_max (2)"
            assertClosedWith(raw, 530);
        }
    }

    @Test
    void channelOpenBeforeConnectionOpenIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("guest", "guest"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            raw.sendMethod(0, new ConnectionMethods.TuneOk(tune.channelMax(), tune.frameMax(), 0));
            raw.sendMethod(1, new ChannelMethods.Open(""));
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(505);
        }
    }

    @Test
    void framesSplitIntoSingleBytesAreReassembled() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
            dev.warren.amqp.codec.FrameWriter.writeMethod(buf, 1,
                    new QueueMethods.Declare(0, "bytewise", false, false, false, false, false, Map.of("x-a", 1)));
            while (buf.isReadable()) {
                raw.sendBytes(new byte[] {buf.readByte()});
            }
            assertThat(raw.expect(QueueMethods.DeclareOk.class).queue()).isEqualTo("bytewise");
        }
    }

    @Test
    void clientVanishingInTheMiddleOfAFrameIsCleanedUp() throws Exception {
        waitUntil("bystander registered", () -> warren.amqpConnectionCount() == 1);
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendMethod(1, new QueueMethods.Declare(0, "mine", false, false, true, false, false, Map.of()));
            raw.expect(QueueMethods.DeclareOk.class);
            raw.sendMethod(1, new BasicMethods.Publish(0, "", "mine", false, false));
            raw.sendBytes(new byte[] {Frame.FRAME_HEADER, 0, 1, 0, 0, 0, 20, 0, 60}); // half a content header
        }
        waitUntil("connection gone", () -> warren.amqpConnectionCount() == 1);
        waitUntil("exclusive queue deleted", () -> warren.broker().virtualHost("/").queue("mine") == null);
    }

    @Test
    void crossingChannelClosesAreBothAnsweredAndTheChannelCanBeReopened() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            // The passive declare fails (server closes the channel) while our own close is in flight.
            raw.sendMethod(1, new QueueMethods.Declare(0, "missing", true, false, false, false, false, Map.of()));
            raw.sendMethod(1, new ChannelMethods.Close(200, "bye", 0, 0));
            ChannelMethods.Close serverClose = raw.expect(ChannelMethods.Close.class);
            assertThat(serverClose.replyCode()).isEqualTo(404);
            raw.expect(ChannelMethods.CloseOk.class); // the answer to our close
            raw.sendMethod(1, new ChannelMethods.CloseOk()); // our answer to theirs
            raw.openChannel(1);
            raw.sendMethod(1, new QueueMethods.Declare(0, "", false, false, true, true, false, Map.of()));
            assertThat(raw.expect(QueueMethods.DeclareOk.class).queue()).startsWith("amq.gen-");
        }
    }

    @Test
    void framesOnAChannelTheServerIsClosingAreDiscardedUntilCloseOk() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendMethod(1, new QueueMethods.Declare(0, "missing", true, false, false, false, false, Map.of()));
            raw.sendMethod(1, new QueueMethods.Declare(0, "ignored", false, false, false, false, false, Map.of()));
            raw.sendPublish(1, "", "ignored", new byte[] {1});
            assertThat(raw.expect(ChannelMethods.Close.class).replyCode()).isEqualTo(404);
            raw.sendMethod(1, new ChannelMethods.CloseOk());
            raw.openChannel(1);
            assertThat(warren.broker().virtualHost("/").queue("ignored")).isNull();
        }
    }

    // ------------------------------------------------------------------ tuning

    @Test
    void tuneOkAskingForMoreThanTheServersFrameMaxIsRefused() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("guest", "guest"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            raw.sendMethod(0, new ConnectionMethods.TuneOk(tune.channelMax(), FRAME_MAX * 2L, 0));
            assertClosedWith(raw, 530);
        }
    }

    @Test
    void tuneOkWithFrameMaxBelowTheMinimumIsRefused() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("guest", "guest"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            raw.sendMethod(0, new ConnectionMethods.TuneOk(tune.channelMax(), 1024, 0));
            assertClosedWith(raw, 530);
        }
    }

    @Test
    void tuneOkAskingForMoreChannelsThanTheServerAllowsIsRefused() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("guest", "guest"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            raw.sendMethod(0, new ConnectionMethods.TuneOk(tune.channelMax() + 1, tune.frameMax(), 0));
            assertClosedWith(raw, 530);
        }
    }

    // ------------------------------------------------------------------ closing

    @Test
    void connectionCloseFromTheClientIsAnsweredWithCloseOkAndTheSocketIsClosed() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.openChannel(1);
            raw.sendMethod(0, new ConnectionMethods.Close(200, "bye", 0, 0));
            raw.expect(ConnectionMethods.CloseOk.class);
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void afterAConnectionErrorOnlyCloseOkIsExpectedAndOtherFramesAreIgnored() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            raw.sendMethod(5, new QueueMethods.Declare(0, "q", false, false, false, false, false, Map.of()));
            RawAmqpClient.RawFrame f = raw.readMethodFrame();
            assertThat(f.method()).isInstanceOf(ConnectionMethods.Close.class);
            // Frames sent while the server waits for close-ok are discarded, not answered.
            raw.sendMethod(1, new ChannelMethods.Open(""));
            raw.sendMethod(1, new QueueMethods.Declare(0, "q2", false, false, false, false, false, Map.of()));
            raw.sendMethod(0, new ConnectionMethods.CloseOk());
            assertThat(raw.readFramesUntilClosed(Duration.ofSeconds(5))).isEmpty();
            assertThat(warren.broker().virtualHost("/").queue("q2")).isNull();
        }
    }

    @Test
    void garbageAfterTheHandshakeDoesNotDisturbOtherConnections() throws Exception {
        try (RawAmqpClient raw = raw()) {
            raw.handshake(0);
            byte[] garbage = new byte[256];
            new java.util.Random(42).nextBytes(garbage);
            garbage[0] = 1; // a method frame ...
            garbage[3] = 0x7f; // ... claiming to be huge
            raw.sendBytes(garbage);
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(501);
        }
        // bystanderIsUnaffected() checks the other connection
    }
}
