package dev.warren.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of one Warren instance, shared by its listeners: native epoll where available,
 * NIO elsewhere. Each instance owns its own loops, so two instances in one JVM do not interfere.
 */
public final class NettyTransport implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannelClass;

    public NettyTransport(int ioThreads) {
        int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptors = new MultiThreadIoEventLoopGroup(1, factory);
        workers = new MultiThreadIoEventLoopGroup(threads, factory);
        serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * Starts loading Netty's native transport (extracting and linking its library takes a while) on a
     * background thread, so that it overlaps with whatever the caller does before the first listener.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            Epoll.isAvailable();
            io.netty.buffer.ByteBufAllocator.DEFAULT.buffer(1).release();
        }, "warren-netty-preload");
        t.setDaemon(true);
        t.start();
    }

    public ServerBootstrap serverBootstrap() {
        return serverBootstrap(workers);
    }

    /** A server bootstrap whose connections are served by {@code children} (a subset of the workers). */
    public ServerBootstrap serverBootstrap(EventLoopGroup children) {
        return new ServerBootstrap().group(acceptors, children).channel(serverChannelClass);
    }

    public EventLoopGroup workers() {
        return workers;
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
