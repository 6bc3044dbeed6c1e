package dev.warren.amqp.session;

import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.Frame;
import dev.warren.amqp.codec.FrameDecoder;
import dev.warren.amqp.codec.FrameWriter;
import dev.warren.amqp.codec.method.AmqpMethod;
import dev.warren.amqp.codec.method.ChannelMethods;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.amqp.codec.method.MethodHandler;
import dev.warren.broker.Broker;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.User;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP connection: the handshake (start, tune, open), heartbeats, the channels, and the
 * connection-level close. Runs on its Netty event loop; other threads reach it only through
 * {@link #submitDelivery} and {@link #execute}.
 *
 * <p>Output is gathered into one buffer per read batch or delivery burst and flushed once.
 */
public final class AmqpConnection extends ChannelInboundHandlerAdapter implements MethodHandler {
    private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);
    private static final int OUT_CHUNK = 64 * 1024;
    /** Deliveries waiting in the outbox beyond which queues stop handing this connection more. */
    private static final int OUTBOX_LIMIT = 2048;
    private static final String[] MECHANISMS = {"PLAIN", "AMQPLAIN"};

    private enum State { AWAITING_HEADER, AWAITING_START_OK, AWAITING_TUNE_OK, AWAITING_OPEN, OPEN, CLOSING, CLOSED }

    private final Broker broker;
    private final WarrenConfig config;
    private final FrameDecoder decoder;
    private final ConnectionRegistry registry;
    private ChannelHandlerContext ctx;
    private State state = State.AWAITING_HEADER;
    private String peer = "?";
    private boolean peerIsLoopback;

    private User user;
    private VirtualHost vhost;
    private String clientName = "";
    private volatile String name = "?";
    private final long connectedAt = System.currentTimeMillis();
    private String authMechanism = "";
    private Map<String, Object> clientProperties = Map.of();
    private boolean consumerCancelNotify;
    private boolean authFailureClose;
    private boolean connectionBlockedNotify;
    private boolean publishingBlocked;
    private int channelMax;
    private int frameMax;
    private int heartbeat;

    private final IntObjectHashMap<AmqpChannel> channels = new IntObjectHashMap<>();
    private ByteBuf out;
    private long bytesWritten;
    private long writes;

    private record Delivery(AmqpChannel channel, ChannelConsumer consumer, Queue queue, QueueEntry entry) {
    }

    private final java.util.Queue<Delivery> outbox = io.netty.util.internal.PlatformDependent.newMpscQueue();
    private final AtomicInteger outboxSize = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean starved;
    private volatile boolean writable = true;

    public AmqpConnection(Broker broker, WarrenConfig config, FrameDecoder decoder, ConnectionRegistry registry) {
        this.broker = broker;
        this.config = config;
        this.decoder = decoder;
        this.registry = registry;
        this.frameMax = config.frameMax();
        this.channelMax = config.channelMax();
    }

    // ------------------------------------------------------------------ Netty events

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        SocketAddress remote = ctx.channel().remoteAddress();
        peer = String.valueOf(remote);
        if (remote instanceof InetSocketAddress inet) {
            peer = inet.getAddress().getHostAddress() + ":" + inet.getPort();
            peerIsLoopback = inet.getAddress().isLoopbackAddress();
        }
        name = peer + " -> " + hostAndPort(ctx.channel().localAddress());
        registry.add(this);
        broker.counters().connectionsOpened.increment();
        log.info("accepting AMQP connection {}", peer);
        ctx.executor().schedule(() -> {
            if (state.ordinal() < State.OPEN.ordinal()) {
                log.warn("closing AMQP connection {}: handshake timeout", peer);
                ctx.close();
            }
        }, config.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        try {
            handleFrame(frame);
        } catch (BrokerException e) {
            closeConnection(e.replyCode(), e.replyText(), 0, 0);
        } catch (Exception e) {
            log.error("internal error on AMQP connection {}", peer, e);
            closeConnection(BrokerException.INTERNAL_ERROR, "INTERNAL_ERROR - " + e, 0, 0);
        } finally {
            if (frame instanceof Frame.ContentBody body) {
                ReferenceCountUtil.release(body.payload());
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        for (AmqpChannel ch : channels.values()) {
            ch.flushConfirms();
        }
        drainOutbox();
        flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writable = ctx.channel().isWritable();
        if (writable) {
            resumeDeliveries();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                FrameWriter.writeHeartbeat(out());
                flush();
            } else if (idle.state() == IdleState.READER_IDLE && !publishingBlocked) {
                log.warn("closing AMQP connection {}: missed heartbeats from client, timeout: {}s", peer, heartbeat);
                ctx.close();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state != State.CLOSED && state != State.CLOSING) {
            if (state == State.OPEN) {
                log.warn("closing AMQP connection {} (user '{}', vhost '{}'): client unexpectedly closed TCP connection",
                        peer, userName(), vhostName());
            }
        }
        state = State.CLOSED;
        releaseResources();
        if (vhost != null && registry.contains(this)) {
            vhost.connectionClosed();
        }
        registry.remove(this);
        broker.counters().connectionsClosed.increment();
        if (out != null) {
            out.release();
            out = null;
        }
        // Anything still in the outbox goes back to its queue.
        drainOutbox();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("AMQP connection {} error: {}", peer, cause.toString());
        ctx.close();
    }

    // ------------------------------------------------------------------ frames

    private void handleFrame(Frame frame) throws Exception {
        if (state == State.CLOSED) {
            return;
        }
        if (frame instanceof Frame.ProtocolHeader header) {
            onProtocolHeader(header);
            return;
        }
        if (frame instanceof Frame.Error error) {
            log.warn("AMQP connection {} error: {}", peer, error.text());
            closeConnection(error.replyCode(), error.text(), error.classId(), error.methodId());
            return;
        }
        if (frame instanceof Frame.Heartbeat) {
            return;
        }
        int channelId = frame.channel();
        if (state == State.CLOSING) {
            // After sending connection.close only close and close-ok count.
            if (frame instanceof Frame.Method m && channelId == 0) {
                if (m.method() instanceof ConnectionMethods.CloseOk) {
                    ctx.close();
                } else if (m.method() instanceof ConnectionMethods.Close) {
                    sendMethod(0, new ConnectionMethods.CloseOk());
                    flush();
                }
            }
            return;
        }
        if (channelId == 0) {
            if (frame instanceof Frame.Method m) {
                if (m.method().classId() != ConnectionMethods.Start.CLASS_ID) {
                    unexpected(m.method());
                }
                m.method().dispatch(this);
                return;
            }
            throw new BrokerException(BrokerException.UNEXPECTED_FRAME,
                    "content frame on channel 0");
        }
        if (state != State.OPEN) {
            throw new BrokerException(BrokerException.UNEXPECTED_FRAME,
                    "frame on channel " + channelId + " before the connection is open");
        }
        AmqpChannel ch = channels.get(channelId);
        if (ch == null) {
            if (frame instanceof Frame.Method m && m.method() instanceof ChannelMethods.Open) {
                openChannel(channelId);
                return;
            }
            throw new BrokerException(BrokerException.CHANNEL_ERROR, "expected 'channel.open' on channel " + channelId);
        }
        ch.handleFrame(frame);
    }

    private void openChannel(int channelId) throws BrokerException {
        // As RabbitMQ: channel_max limits how many channels are open at once (not the channel numbers).
        if (channelMax > 0 && channels.size() >= channelMax) {
            throw BrokerException.notAllowed("number of channels opened (" + channels.size()
                    + ") has reached the negotiated channel_max (" + channelMax + ")");
        }
        AmqpChannel ch = new AmqpChannel(this, channelId);
        channels.put(channelId, ch);
        broker.counters().channelsOpened.increment();
        sendMethod(channelId, new ChannelMethods.OpenOk(new byte[0]));
    }

    /** The channel finished closing (close-ok exchanged); its number may be reused. */
    void channelClosed(AmqpChannel ch) {
        channels.remove(ch.id(), ch);
    }

    private void onProtocolHeader(Frame.ProtocolHeader header) {
        if (!header.supported() || state != State.AWAITING_HEADER) {
            ByteBuf reply = ctx.alloc().buffer(8);
            reply.writeBytes(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            state = State.CLOSED;
            counted(reply);
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
            log.warn("closing AMQP connection {}: unsupported protocol header", peer);
            return;
        }
        state = State.AWAITING_START_OK;
        sendMethod(0, new ConnectionMethods.Start(0, 9, ServerProperties.create(),
                String.join(" ", MECHANISMS).getBytes(StandardCharsets.UTF_8), "en_US".getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ connection class

    @Override
    public void unexpected(AmqpMethod method) throws BrokerException {
        // RabbitMQ's answer to any method on channel 0 that does not fit the connection's state.
        throw new BrokerException(BrokerException.CHANNEL_ERROR, "unexpected method " + method.name()
                + " in connection state " + stateName());
    }

    /** The connection state as RabbitMQ names it in errors. */
    private String stateName() {
        switch (state) {
            case AWAITING_HEADER:
            case AWAITING_START_OK: return "starting";
            case AWAITING_TUNE_OK: return "tuning";
            case AWAITING_OPEN: return "opening";
            case OPEN: return "running";
            default: return "closing";
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onConnectionStartOk(ConnectionMethods.StartOk m) throws BrokerException {
        if (state != State.AWAITING_START_OK) {
            unexpected(m);
        }
        Object caps = m.clientProperties().get("capabilities");
        if (caps instanceof Map<?, ?> capabilities) {
            consumerCancelNotify = Boolean.TRUE.equals(capabilities.get("consumer_cancel_notify"));
            authFailureClose = Boolean.TRUE.equals(capabilities.get("authentication_failure_close"));
            connectionBlockedNotify = Boolean.TRUE.equals(capabilities.get("connection.blocked"));
        }
        Object connectionName = m.clientProperties().get("connection_name");
        clientName = connectionName == null ? "" : String.valueOf(connectionName);
        clientProperties = m.clientProperties();
        authMechanism = m.mechanism();
        if (!List.of(MECHANISMS).contains(m.mechanism())) {
            throw BrokerException.commandInvalid("unknown authentication mechanism '" + m.mechanism() + "'");
        }
        SaslResponse credentials = SaslResponse.parse(m.mechanism(), m.response());
        User u = credentials == null ? null : broker.users().authenticate(credentials.username(), credentials.password());
        String who = credentials == null ? "?" : credentials.username();
        if (u == null) {
            refuseLogin(m.mechanism(), "user '" + who + "' - invalid credentials");
            return;
        }
        if (broker.users().loopbackOnly(u.name()) && !peerIsLoopback) {
            refuseLogin(m.mechanism(), "user '" + who + "' can only connect via localhost");
            return;
        }
        user = u;
        state = State.AWAITING_TUNE_OK;
        sendMethod(0, new ConnectionMethods.Tune(config.channelMax(), config.frameMax(), config.heartbeatSeconds()));
    }

    private void refuseLogin(String mechanism, String reason) {
        log.warn("AMQP connection {}: authentication failed: {}", peer, reason);
        if (authFailureClose) {
            closeConnection(BrokerException.ACCESS_REFUSED, "ACCESS_REFUSED - Login was refused using authentication"
                    + " mechanism " + mechanism + ". For details see the broker logfile.", 0, 0);
        } else {
            state = State.CLOSED;
            flush();
            ctx.close();
        }
    }

    @Override
    public void onConnectionTuneOk(ConnectionMethods.TuneOk m) throws BrokerException {
        if (state != State.AWAITING_TUNE_OK) {
            unexpected(m);
        }
        if (config.channelMax() > 0 && (m.channelMax() == 0 || m.channelMax() > config.channelMax())) {
            throw BrokerException.notAllowed("channel_max=" + m.channelMax() + " > " + config.channelMax() + " max");
        }
        if (m.frameMax() != 0 && m.frameMax() < Frame.FRAME_MIN_SIZE) {
            throw BrokerException.notAllowed("frame_max=" + m.frameMax() + " < " + Frame.FRAME_MIN_SIZE + " min size");
        }
        if (config.frameMax() > 0 && (m.frameMax() == 0 || m.frameMax() > config.frameMax())) {
            throw BrokerException.notAllowed("frame_max=" + m.frameMax() + " > " + config.frameMax() + " max size");
        }
        channelMax = m.channelMax();
        frameMax = (int) Math.min(Integer.MAX_VALUE, m.frameMax() == 0 ? Integer.MAX_VALUE : m.frameMax());
        decoder.setMaxFrameSize(frameMax);
        heartbeat = m.heartbeat();
        if (heartbeat > 0) {
            // As RabbitMQ: a heartbeat after half an interval without output (so the client never waits
            // close to two intervals), and the client is dropped after two intervals without input.
            ctx.pipeline().addFirst("heartbeat", new IdleStateHandler(heartbeat * 2000L, heartbeat * 500L, 0,
                    TimeUnit.MILLISECONDS));
        }
        state = State.AWAITING_OPEN;
    }

    @Override
    public void onConnectionOpen(ConnectionMethods.Open m) throws BrokerException {
        if (state != State.AWAITING_OPEN) {
            unexpected(m);
        }
        VirtualHost vh = broker.virtualHost(m.virtualHost());
        if (vh == null) {
            throw BrokerException.notAllowed("vhost " + m.virtualHost() + " not found");
        }
        if (!user.mayAccess(vh.name())) {
            throw BrokerException.notAllowed("access to vhost '" + vh.name() + "' refused for user '" + user.name() + "'");
        }
        long limit = vh.limit("max-connections");
        if (!vh.tryAddConnection()) {
            throw BrokerException.notAllowed("access to vhost '" + vh.name() + "' refused for user '" + user.name()
                    + "': connection limit (" + limit + ") is reached");
        }
        vhost = vh;
        state = State.OPEN;
        sendMethod(0, new ConnectionMethods.OpenOk(""));
        log.info("connection {} ({}) opened: user '{}' authenticated and granted access to vhost '{}'",
                peer, clientName, user.name(), vh.name());
    }

    @Override
    public void onConnectionClose(ConnectionMethods.Close m) {
        log.info("closing AMQP connection {} (user '{}', vhost '{}')", peer, userName(), vhostName());
        state = State.CLOSED;
        releaseResources();
        sendMethod(0, new ConnectionMethods.CloseOk());
        flushAndClose();
    }

    @Override
    public void onConnectionCloseOk(ConnectionMethods.CloseOk m) {
        ctx.close();
    }

    @Override
    public void onConnectionUpdateSecret(ConnectionMethods.UpdateSecret m) {
        sendMethod(0, new ConnectionMethods.UpdateSecretOk());
    }

    @Override
    public void onConnectionBlocked(ConnectionMethods.Blocked m) {
    }

    @Override
    public void onConnectionUnblocked(ConnectionMethods.Unblocked m) {
    }

    /** Closes the connection with an error: connection.close is sent, then we wait for close-ok. */
    void closeConnection(int code, String text, int classId, int methodId) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        if (code != 200) {
            log.warn("closing AMQP connection {} (user '{}', vhost '{}') with error {}: {}",
                    peer, userName(), vhostName(), code, text);
        }
        boolean handshakeDone = state == State.OPEN;
        state = State.CLOSING;
        if (handshakeDone) {
            releaseResources();
        }
        sendMethod(0, new ConnectionMethods.Close(code, text, classId, methodId));
        flush();
        ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
    }

    /**
     * A resource alarm is on and this connection publishes: stop reading from it (RabbitMQ's "blocked"
     * state) and tell clients that understand connection.blocked, until every alarm has cleared.
     */
    void blockPublishing(ResourceMonitor resources) {
        if (publishingBlocked || state != State.OPEN) {
            return;
        }
        publishingBlocked = true;
        ctx.channel().config().setAutoRead(false);
        if (connectionBlockedNotify) {
            sendMethod(0, new ConnectionMethods.Blocked(resources.reason()));
        }
        log.info("blocking publishing connection {} (user '{}'): {}", peer, userName(), resources.reason());
        resources.whenClear(() -> execute(this::unblockPublishing));
    }

    private void unblockPublishing() {
        if (!publishingBlocked) {
            return;
        }
        publishingBlocked = false;
        if (state == State.OPEN) {
            if (connectionBlockedNotify) {
                sendMethod(0, new ConnectionMethods.Unblocked());
            }
            ctx.channel().config().setAutoRead(true);
            ctx.read();
            log.info("unblocked publishing connection {}", peer);
        }
    }

    /** Closes from the broker side (e.g. management), as RabbitMQ's CONNECTION_FORCED. */
    public void forceClose(String reason) {
        execute(() -> closeConnection(BrokerException.CONNECTION_FORCED, "CONNECTION_FORCED - " + reason, 0, 0));
    }

    /**
     * Closes because the broker stops: connection.close 320 is written, then the socket is closed
     * without waiting for close-ok. The returned future completes when the socket is closed.
     */
    public Future<?> closeForShutdown() {
        ctx.executor().execute(() -> {
            closeConnection(BrokerException.CONNECTION_FORCED, "CONNECTION_FORCED - broker shutdown", 0, 0);
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        });
        return ctx.channel().closeFuture();
    }

    private void releaseResources() {
        for (AmqpChannel ch : new ArrayList<>(channels.values())) {
            ch.release();
        }
        channels.clear();
        if (vhost != null) {
            for (Queue q : new ArrayList<>(vhost.queues())) {
                if (q.exclusiveOwner() == this) {
                    vhost.removeQueue(q);
                }
            }
        }
    }

    // ------------------------------------------------------------------ deliveries from queues

    /** Called by a queue (under its lock, on any thread) to hand an entry to one of our consumers. */
    void submitDelivery(AmqpChannel channel, ChannelConsumer consumer, Queue queue, QueueEntry entry) {
        outbox.add(new Delivery(channel, consumer, queue, entry));
        outboxSize.incrementAndGet();
        if (drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drainAndFlush);
        }
    }

    /** True while this connection can take more deliveries without buffering without bound. */
    boolean acceptsDeliveries() {
        if (outboxSize.get() < OUTBOX_LIMIT && writable) {
            return true;
        }
        starved = true;
        // Check again: a drain that ran between the first check and the flag did not see the flag and
        // will not resume us, so refusing now could leave the consumer without deliveries.
        return outboxSize.get() < OUTBOX_LIMIT && writable;
    }

    private void drainAndFlush() {
        drainOutbox();
        flush();
    }

    private void drainOutbox() {
        drainScheduled.set(false);
        Delivery d;
        int drained = 0;
        while ((d = outbox.poll()) != null) {
            drained++;
            if (state == State.OPEN && d.channel.isOpen()) {
                d.channel.sendDelivery(d.consumer, d.queue, d.entry);
            } else {
                d.queue.giveBack(d.entry, !d.consumer.noAck());
            }
        }
        if (drained > 0) {
            outboxSize.addAndGet(-drained);
        }
        if (starved && state == State.OPEN && outboxSize.get() < OUTBOX_LIMIT / 2 && writable) {
            starved = false;
            resumeDeliveries();
        }
    }

    private void resumeDeliveries() {
        for (AmqpChannel ch : new ArrayList<>(channels.values())) {
            ch.resumeDeliveries();
        }
    }

    /** Runs a task on this connection's event loop, then flushes what it wrote. */
    void execute(Runnable task) {
        ctx.executor().execute(() -> {
            task.run();
            flush();
        });
    }

    // ------------------------------------------------------------------ output

    ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(4096);
        } else if (out.readableBytes() >= OUT_CHUNK) {
            ctx.write(counted(out), ctx.voidPromise());
            out = ctx.alloc().ioBuffer(4096);
        }
        return out;
    }

    void sendMethod(int channel, AmqpMethod method) {
        FrameWriter.writeMethod(out(), channel, method);
    }

    /** Writes a content-carrying method with the message's header and body frames. */
    void sendContent(int channel, AmqpMethod method, Message message) {
        byte[] body = message.body();
        ByteBuf buf = out();
        buf.ensureWritable(64 + message.rawProperties().length + FrameWriter.bodyFramesSize(body.length, frameMax));
        FrameWriter.writeMethod(buf, channel, method);
        FrameWriter.writeContentHeader(buf, channel, body.length, message.rawProperties());
        FrameWriter.writeBody(buf, channel, body, frameMax);
    }

    /** Writes a basic.deliver with the message's header and body frames. */
    void sendDelivery(int channel, byte[] consumerTag, long deliveryTag, boolean redelivered, Message message) {
        byte[] body = message.body();
        ByteBuf buf = out();
        buf.ensureWritable(96 + consumerTag.length + message.exchangeBytes().length + message.routingKeyBytes().length
                + message.rawProperties().length + FrameWriter.bodyFramesSize(body.length, frameMax));
        FrameWriter.writeDeliver(buf, channel, consumerTag, deliveryTag, redelivered, message.exchangeBytes(),
                message.routingKeyBytes());
        FrameWriter.writeContentHeader(buf, channel, body.length, message.rawProperties());
        FrameWriter.writeBody(buf, channel, body, frameMax);
    }

    void flush() {
        if (ctx == null) {
            return;
        }
        if (out != null) {
            if (out.isReadable() && ctx.channel().isActive()) {
                ctx.write(counted(out), ctx.voidPromise());
            } else {
                out.release();
            }
            out = null;
        }
        ctx.flush();
    }

    /** Counts a buffer about to be written to the socket (management's send_oct and send_cnt). */
    private ByteBuf counted(ByteBuf buf) {
        bytesWritten += buf.readableBytes();
        writes++;
        return buf;
    }

    private void flushAndClose() {
        ByteBuf last = out;
        out = null;
        if (last != null && last.isReadable()) {
            ctx.writeAndFlush(counted(last)).addListener(ChannelFutureListener.CLOSE);
        } else {
            if (last != null) {
                last.release();
            }
            ctx.close();
        }
    }

    // ------------------------------------------------------------------ management view

    /** RabbitMQ's connection name: "peer-host:port -> local-host:port". */
    public String name() {
        return name;
    }

    /** A snapshot of this connection, its channels and consumers, taken on its event loop. */
    public CompletableFuture<ConnectionInfo> describe() {
        CompletableFuture<ConnectionInfo> f = new CompletableFuture<>();
        if (ctx == null) {
            f.completeExceptionally(new IllegalStateException("not connected"));
            return f;
        }
        try {
            ctx.executor().execute(() -> {
                try {
                    f.complete(snapshot());
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) { // event loop shut down
            f.completeExceptionally(e);
        }
        return f;
    }

    private ConnectionInfo snapshot() {
        List<ConnectionInfo.ChannelInfo> chs = new ArrayList<>();
        for (AmqpChannel ch : channels.values()) {
            chs.add(ch.snapshot());
        }
        chs.sort(java.util.Comparator.comparingInt(ConnectionInfo.ChannelInfo::number));
        String[] peerParts = splitHostPort(peer);
        String[] local = splitHostPort(hostAndPort(ctx.channel().localAddress()));
        String st = switch (state) {
            case OPEN -> publishingBlocked ? "blocked" : "running";
            case CLOSING, CLOSED -> "closing";
            default -> "starting";
        };
        return new ConnectionInfo(name, peerParts[0], Integer.parseInt(peerParts[1]), local[0],
                Integer.parseInt(local[1]), userName(), vhostName(), st, authMechanism, clientProperties, connectedAt,
                frameMax, channelMax, heartbeat, publishingBlocked, chs,
                new ConnectionInfo.Traffic(decoder.bytesRead(), decoder.reads(), bytesWritten, writes));
    }

    private static String hostAndPort(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return address + ":0";
    }

    private static String[] splitHostPort(String s) {
        int i = s.lastIndexOf(':');
        try {
            Integer.parseInt(s.substring(i + 1));
            return new String[] {s.substring(0, i), s.substring(i + 1)};
        } catch (RuntimeException e) {
            return new String[] {s, "0"};
        }
    }

    // ------------------------------------------------------------------ accessors

    Broker broker() {
        return broker;
    }

    VirtualHost vhost() {
        return vhost;
    }

    User user() {
        return user;
    }

    int frameMax() {
        return frameMax;
    }

    boolean consumerCancelNotify() {
        return consumerCancelNotify;
    }

    String peer() {
        return peer;
    }

    private String userName() {
        return user == null ? "" : user.name();
    }

    /** The virtual host this connection opened, or "" before connection.open. */
    public String vhostName() {
        return vhost == null ? "" : vhost.name();
    }
}
