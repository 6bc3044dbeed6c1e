package dev.warren.resp;

import dev.warren.WarrenConfig;
import dev.warren.net.NettyTransport;
import dev.warren.resp.codec.RespCommandDecoder;
import dev.warren.resp.session.RespChannelHandler;
import dev.warren.resp.session.RespClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The RESP (Redis protocol) TCP listener and the keyspace's periodic tasks (active expiry). */
public final class RespListener implements AutoCloseable {
    private final Channel serverChannel;
    private final RespServer server;
    private final ScheduledFuture<?> expiryTask;
    private final ScheduledFuture<?> persistenceTask;
    private final RespPersistence persistence;

    /** A listener for {@code server}, made beforehand from the same configuration. */
    public RespListener(NettyTransport transport, WarrenConfig config, RespServer server) throws InterruptedException {
        this.server = server;
        server.settings.set("appendfsync", config.respAppendfsync());
        if (config.dataDir() != null) {
            server.settings.initial("appendonly", "yes");
            persistence = new RespPersistence(server, config.dataDir().resolve("redis").resolve("appendonly.aof"));
        } else {
            persistence = null;
        }
        // As Redis with its default io-threads 1, every RESP connection (and the keyspace's periodic
        // tasks) runs on one event loop: the keyspace's data stays in one core's caches and its lock is
        // never contended, which beats spreading connections over the loops when every command takes
        // the same lock anyway (about 1.2-1.9x with redis-benchmark on 2 cores). System property
        // warren.resp.io-threads > 1: connections spread over all the worker loops.
        int ioThreads = Integer.getInteger("warren.resp.io-threads",
                Integer.parseInt(server.settings.get("io-threads")));
        EventLoopGroup loops = ioThreads <= 1 ? transport.workers().next() : transport.workers();
        ServerBootstrap b = transport.serverBootstrap(loops)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("resp-decoder", new RespCommandDecoder(
                                server.settings.getLong("proto-max-bulk-len"),
                                server.settings.getLong("client-query-buffer-limit")));
                        ch.pipeline().addLast("resp", new RespChannelHandler(server));
                    }
                });
        serverChannel = b.bind(config.bindAddress(), config.respPort()).sync().channel();
        server.port(port());
        expiryTask = loops.next().scheduleAtFixedRate(() -> {
            if (server.pause.active()) {
                return; // as in Redis, keys do not expire actively during CLIENT PAUSE
            }
            server.keyspace.enter();
            try {
                server.keyspace.activeExpire();
                server.keyspace.serveReadyKeys();
            } finally {
                server.keyspace.exit();
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        // the once-a-second AOF fsync blocks its thread for as long as the disk takes: not on the loop
        // that serves the RESP connections when there is another one
        EventExecutor tickLoop = loops.next();
        if (ioThreads <= 1) {
            for (EventExecutor e : transport.workers()) {
                if (e != loops) {
                    tickLoop = e;
                    break;
                }
            }
        }
        persistenceTask = persistence == null ? null
                : tickLoop.scheduleAtFixedRate(persistence::tick, 1, 1, TimeUnit.SECONDS);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public RespServer server() {
        return server;
    }

    @Override
    public void close() {
        expiryTask.cancel(false);
        serverChannel.close().syncUninterruptibly();
        for (RespClient c : server.clients.all()) {
            c.channel().close().syncUninterruptibly();
        }
        if (persistence != null) {
            persistenceTask.cancel(false);
            persistence.close();
        }
    }
}
