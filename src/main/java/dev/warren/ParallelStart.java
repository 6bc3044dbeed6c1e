package dev.warren;

import dev.warren.amqp.AmqpListener;
import dev.warren.logging.LoggingReady;
import dev.warren.net.NettyTransport;
import dev.warren.resp.RespListener;
import dev.warren.resp.RespServer;
import dev.warren.resp.RespSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The parts of start-up that do not need the broker, run on threads of their own while the caller sets
 * the broker up: in a fresh JVM start-up is mostly class loading, and a second core can take a good part
 * of it.
 * <ul>
 *   <li>One thread sets up logging (SLF4J and its backend), then Netty's event loops, then binds the
 *   AMQP socket (which accepts nothing until the broker is ready: {@link AmqpListener#serve}) and
 *   starts the RESP listener. Netty logs as its classes load, so it comes after logging: what is logged
 *   while SLF4J initialises is recorded and replayed with a warning. For the same reason the caller
 *   logs nothing until {@link #awaitLogging()} has returned.</li>
 *   <li>Another makes the RESP side's server (its command table, keyspace) when that listener is on.</li>
 * </ul>
 */
final class ParallelStart {
    private final CountDownLatch loggingBegun = new CountDownLatch(1);
    private final CountDownLatch loggingReady = new CountDownLatch(1);
    private final CompletableFuture<NettyTransport> transport = new CompletableFuture<>();
    private final CompletableFuture<AmqpListener> amqp = new CompletableFuture<>();
    private final CompletableFuture<RespListener> resp = new CompletableFuture<>();
    private final FutureTask<RespServer> respServer;
    private final AtomicBoolean abandoned = new AtomicBoolean();

    private ParallelStart(WarrenConfig config) {
        respServer = config.respPort() == WarrenConfig.OFF ? null : new FutureTask<>(() -> new RespServer(
                new RespSettings(config.requirepass(), config.respPort(), config.bindAddress(),
                        config.dataDir() == null ? "" : config.dataDir().toString())));
    }

    /**
     * Begins, and returns once logging is being set up: the caller's classes may then ask for their
     * loggers (SLF4J hands out stand-ins that forward once it is ready) without setting it up themselves.
     */
    static ParallelStart begin(WarrenConfig config) {
        ParallelStart start = new ParallelStart(config);
        if (start.respServer != null) {
            run(start.respServer, "warren-start-resp");
        }
        run(() -> start.listeners(config), "warren-start-listeners");
        try {
            start.loggingBegun.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return start;
    }

    private static void run(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private void listeners(WarrenConfig config) {
        try {
            loggingBegun.countDown();
            try {
                LoggingReady.loggerFactory();
            } finally {
                loggingReady.countDown();
            }
            NettyTransport loops = new NettyTransport(config.ioThreads(), config.nativeTransport());
            transport.complete(loops);
            amqp.complete(config.amqpPort() == WarrenConfig.OFF ? null : new AmqpListener(loops, config));
            resp.complete(respServer == null ? null : new RespListener(loops, config, result(respServer)));
        } catch (Throwable e) {
            transport.completeExceptionally(e);
            amqp.completeExceptionally(e);
            resp.completeExceptionally(e);
        }
    }

    /** Returns once logging is set up: from then on the caller may log. */
    void awaitLogging() throws InterruptedException {
        loggingReady.await();
    }

    NettyTransport transport() throws InterruptedException {
        return result(transport);
    }

    /** The bound AMQP listener, not yet serving, or null when it is off. */
    AmqpListener amqpListener() throws InterruptedException {
        return result(amqp);
    }

    /** The started RESP listener, or null when it is off. */
    RespListener respListener() throws InterruptedException {
        return result(resp);
    }

    /** Start-up succeeded: what was made now belongs to the running Warren, and abandon() does nothing. */
    void handedOver() {
        abandoned.set(true);
    }

    /** After a failed start: closes what was made, waiting for it to be made if need be. Once only. */
    void abandon() {
        if (!abandoned.compareAndSet(false, true)) {
            return;
        }
        for (CompletableFuture<? extends AutoCloseable> made : java.util.List.of(resp, amqp, transport)) {
            try {
                AutoCloseable c = result(made);
                if (c != null) {
                    c.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception notMade) {
                // failed to be made: nothing to close
            }
        }
    }

    private static <T> T result(Future<T> task) throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
