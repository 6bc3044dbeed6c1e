package dev.warren.amqp;

import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.Frame;
import dev.warren.amqp.codec.FrameDecoder;
import dev.warren.amqp.session.AmqpConnection;
import dev.warren.amqp.session.ConnectionRegistry;
import dev.warren.broker.Broker;
import dev.warren.net.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The AMQP 0-9-1 TCP listener: one {@link AmqpConnection} per accepted socket. */
public final class AmqpListener implements AutoCloseable {
    private final Channel serverChannel;
    private final ConnectionRegistry connections = new ConnectionRegistry();

    /** Set by {@link #serve}, before the first connection is accepted. */
    private volatile Broker broker;

    /**
     * Binds the listening socket. Connections wait in its backlog until {@link #serve}: the socket can
     * be bound while the broker is still being set up.
     */
    public AmqpListener(NettyTransport transport, WarrenConfig config) throws InterruptedException {
        ServerBootstrap b = transport.serverBootstrap()
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Until tune-ok the server's own frame_max applies; 0 ("no limit") is not a limit
                        // for frames from a client not yet authenticated, so use the spec's minimum, as RabbitMQ.
                        FrameDecoder decoder = new FrameDecoder(config.frameMax() > 0 ? config.frameMax()
                                : Frame.FRAME_MIN_SIZE);
                        ch.pipeline().addLast("frames", decoder);
                        ch.pipeline().addLast("amqp", new AmqpConnection(broker, config, decoder, connections));
                    }
                });
        ChannelFuture bound = b.bind(config.bindAddress(), config.amqpPort()).await();
        if (!bound.isSuccess()) {
            // Say which listener failed: "Address already in use" alone does not name the port.
            Throwable cause = bound.cause();
            String reason = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            throw new IllegalStateException("AMQP listener on " + config.bindAddress() + ":" + config.amqpPort()
                    + ": " + reason, cause);
        }
        serverChannel = bound.channel();
    }

    /** Starts accepting connections, which {@code broker} serves. */
    public void serve(Broker broker) {
        this.broker = broker;
        serverChannel.config().setAutoRead(true);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        // Tell every client why before the event loops (and with them the sockets) go away.
        List<Future<?>> closing = new ArrayList<>();
        for (AmqpConnection c : connections.all()) {
            closing.add(c.closeForShutdown());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Future<?> f : closing) {
            f.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
