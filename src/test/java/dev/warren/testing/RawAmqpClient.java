package dev.warren.testing;

import dev.warren.amqp.codec.FieldTables;
import dev.warren.amqp.codec.Frame;
import dev.warren.amqp.codec.FrameWriter;
import dev.warren.amqp.codec.Wire;
import dev.warren.amqp.codec.method.AmqpMethod;
import dev.warren.amqp.codec.method.BasicMethods;
import dev.warren.amqp.codec.method.ChannelMethods;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.amqp.codec.method.MethodDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-driven AMQP 0-9-1 client over a plain socket, for tests that must send what a well-behaved
 * client never would (bad headers, oversized frames, silence). Frames are encoded with Warren's own
 * codec ({@link FrameWriter} and the generated method records).
 */
public final class RawAmqpClient implements AutoCloseable {
    public static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    /** One frame as read from the socket. */
    public record RawFrame(int type, int channel, byte[] payload) {
        public boolean isHeartbeat() {
            return type == Frame.FRAME_HEARTBEAT;
        }

        public AmqpMethod method() {
            if (type != Frame.FRAME_METHOD) {
                throw new AssertionError("expected a method frame, got frame type " + type);
            }
            ByteBuf in = Unpooled.wrappedBuffer(payload);
            return MethodDecoder.decode(in.readUnsignedShort(), in.readUnsignedShort(), in);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawAmqpClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    // ------------------------------------------------------------------ sending

    public void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendProtocolHeader() throws IOException {
        sendBytes(AMQP_0_9_1);
    }

    public void sendMethod(int channel, AmqpMethod method) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        FrameWriter.writeMethod(buf, channel, method);
        send(buf);
    }

    public void sendHeartbeat() throws IOException {
        ByteBuf buf = Unpooled.buffer();
        FrameWriter.writeHeartbeat(buf);
        send(buf);
    }

    /** A frame with the given type and payload, ending in {@code endOctet} (0xCE when well formed). */
    public void sendFrame(int type, int channel, byte[] payload, int endOctet) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(type);
        buf.writeShort(channel);
        buf.writeInt(payload.length);
        buf.writeBytes(payload);
        buf.writeByte(endOctet);
        send(buf);
    }

    public void sendFrame(int type, int channel, byte[] payload) throws IOException {
        sendFrame(type, channel, payload, Frame.FRAME_END);
    }

    /** A complete basic.publish: method, content header with no properties, and one body frame. */
    public void sendPublish(int channel, String exchange, String routingKey, byte[] body) throws IOException {
        sendMethod(channel, new BasicMethods.Publish(0, exchange, routingKey, false, false));
        ByteBuf buf = Unpooled.buffer();
        FrameWriter.writeContentHeader(buf, channel, body.length, new byte[] {0, 0});
        send(buf);
        sendFrame(Frame.FRAME_BODY, channel, body);
    }

    private void send(ByteBuf buf) throws IOException {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        sendBytes(bytes);
    }

    // ------------------------------------------------------------------ receiving

    public RawFrame readFrame() throws IOException {
        int type = in.readUnsignedByte();
        int channel = in.readUnsignedShort();
        int size = in.readInt();
        byte[] payload = new byte[size];
        in.readFully(payload);
        int end = in.readUnsignedByte();
        if (end != Frame.FRAME_END) {
            throw new AssertionError("server sent a frame without the frame-end octet: " + end);
        }
        return new RawFrame(type, channel, payload);
    }

    public byte[] readBytes(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** The next method frame, skipping heartbeats. */
    public RawFrame readMethodFrame() throws IOException {
        while (true) {
            RawFrame f = readFrame();
            if (!f.isHeartbeat()) {
                return f;
            }
        }
    }

    /** The next method (skipping heartbeats), which must be of the given type. */
    public <T extends AmqpMethod> T expect(Class<T> type) throws IOException {
        AmqpMethod m = readMethodFrame().method();
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but the server sent " + m);
        }
        return type.cast(m);
    }

    /** Reads until the server sends connection.close, answers close-ok, and returns the close. */
    public ConnectionMethods.Close expectConnectionClose() throws IOException {
        while (true) {
            RawFrame f = readMethodFrame();
            if (f.channel() == 0 && f.method() instanceof ConnectionMethods.Close close) {
                sendMethod(0, new ConnectionMethods.CloseOk());
                return close;
            }
        }
    }

    /**
     * Reads (and discards) until the server closes the socket. Returns true when it did within the
     * timeout, false when the socket was still open.
     */
    public boolean awaitServerClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) left);
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /** Every frame the server sends until it closes the socket (which it must do within the timeout). */
    public List<RawFrame> readFramesUntilClosed(Duration timeout) throws IOException {
        List<RawFrame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("server did not close the socket within " + timeout);
                }
                socket.setSoTimeout((int) left);
                frames.add(readFrame());
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server did not close the socket within " + timeout);
        } catch (EOFException | SocketException e) {
            return frames;
        }
    }

    public void setReadTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    // ------------------------------------------------------------------ handshake

    /** Client properties announcing {@code authentication_failure_close}, as real clients do. */
    public static Map<String, Object> clientProperties(boolean authFailureClose) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("authentication_failure_close", authFailureClose);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("product", "RawAmqpClient");
        props.put("capabilities", capabilities);
        return props;
    }

    public static byte[] plainResponse(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    /** An AMQPLAIN response: a field table without its length prefix, holding LOGIN and PASSWORD. */
    public static byte[] amqplainResponse(String user, String password) {
        ByteBuf buf = Unpooled.buffer();
        Wire.writeShortString(buf, "LOGIN");
        FieldTables.writeValue(buf, user);
        Wire.writeShortString(buf, "PASSWORD");
        FieldTables.writeValue(buf, password);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    /** Sends the protocol header, reads connection.start and answers it with the given login. */
    public ConnectionMethods.Start startAndLogin(String mechanism, byte[] response) throws IOException {
        sendProtocolHeader();
        ConnectionMethods.Start start = expect(ConnectionMethods.Start.class);
        sendMethod(0, new ConnectionMethods.StartOk(clientProperties(true), mechanism, response, "en_US"));
        return start;
    }

    /**
     * The whole handshake as guest on vhost "/": start, start-ok (PLAIN), tune, tune-ok accepting the
     * server's channel_max and frame_max with the given heartbeat, open, open-ok. Returns the server's tune.
     */
    public ConnectionMethods.Tune handshake(int heartbeat) throws IOException {
        return handshake("PLAIN", plainResponse("guest", "guest"), "/", heartbeat);
    }

    public ConnectionMethods.Tune handshake(String mechanism, byte[] response, String vhost, int heartbeat)
            throws IOException {
        startAndLogin(mechanism, response);
        ConnectionMethods.Tune tune = expect(ConnectionMethods.Tune.class);
        sendMethod(0, new ConnectionMethods.TuneOk(tune.channelMax(), tune.frameMax(), heartbeat));
        sendMethod(0, new ConnectionMethods.Open(vhost, "", false));
        expect(ConnectionMethods.OpenOk.class);
        return tune;
    }

    /** Opens a channel and waits for open-ok. */
    public void openChannel(int channel) throws IOException {
        sendMethod(channel, new ChannelMethods.Open(""));
        RawFrame f = readMethodFrame();
        if (f.channel() != channel || !(f.method() instanceof ChannelMethods.OpenOk)) {
            throw new AssertionError("expected channel.open-ok on channel " + channel + ", got " + f.method()
                    + " on channel " + f.channel());
        }
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
