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
 * The event loops of one Warren instance, shared by its listeners: native epoll where available (unless
 * NIO is asked for), NIO elsewhere. Each instance owns its own loops, so two instances in one JVM do
 * not interfere.
 */
public final class NettyTransport implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannelClass;

    /**
     * @param ioThreads I/O threads; 0 means one per core
     * @param preferNative epoll when available; false: NIO, which needs no native library and so starts
     *     about 50 ms sooner in a fresh JVM (what tests want more than epoll's throughput)
     */
    public NettyTransport(int ioThreads, boolean preferNative) {
        useNettyDefaults();
        int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        boolean epoll = preferNative && Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptors = new MultiThreadIoEventLoopGroup(1, factory);
        workers = new MultiThreadIoEventLoopGroup(threads, factory);
        serverChannelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * Warren's defaults for Netty's system-wide settings, unless already set: Netty's JFR events (buffer
     * and chunk allocations) off, since registering them with JFR costs about 100 ms on the first
     * connection of a fresh JVM. Call before Netty's classes are first used; {@code
     * -Dio.netty.jfr.enabled=true} turns them back on.
     */
    public static void useNettyDefaults() {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
    }

    /**
     * Starts loading Netty's native transport (extracting and linking its library takes a while) on a
     * background thread, so that it overlaps with whatever the caller does before the first listener.
     */
    public static void preload() {
        useNettyDefaults();
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
