package dev.warren;

import dev.warren.logging.ConsoleLogging;
import dev.warren.logging.LoggingReady;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A Warren started once on a background thread, quietly, served one AMQP and one RESP connection, and
 * closed: in a fresh JVM most of the first start (about 0.2 s on 2 cores) and of its first connections
 * is loading classes, and this loads them before the real start is asked for, while the caller does
 * something else (the JUnit extension begins it when the test session opens, while JUnit discovers the
 * tests). A start waits for a preload still under way rather than competing with it.
 */
final class Preload {
    private static final String HOST = "127.0.0.1";
    private static Thread running;

    private Preload() {
    }

    static synchronized void begin() {
        if (running != null) {
            return;
        }
        running = new Thread(Preload::run, "warren-preload");
        running.setDaemon(true);
        running.start();
    }

    /** Waits (at most 10 s) for a preload under way to end; returns at once on the preload's own thread. */
    static void awaitDone() {
        Thread t;
        synchronized (Preload.class) {
            t = running;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run() {
        try {
            if (LoggingReady.loggerFactory().getClass().getName().startsWith("ch.qos.logback.")) {
                ConsoleLogging.errorsOnlyWhile(Preload::startServeAndClose);
            } else {
                startServeAndClose();
            }
        } catch (Exception | LinkageError e) {
            // only the first real start is slower
        }
    }

    private static void startServeAndClose() {
        WarrenConfig config = Warren.builder().bindAddress(HOST).amqpPort(0).respPort(0)
                .httpPort(WarrenConfig.OFF).prometheusPort(WarrenConfig.OFF).nativeTransport(false);
        try (Warren warren = config.start()) {
            try (Socket amqp = new Socket(HOST, warren.amqpPort());
                 Socket resp = new Socket(HOST, warren.respPort())) {
                amqp.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
                resp.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                amqp.setSoTimeout(5_000);
                resp.setSoTimeout(5_000);
                amqp.getInputStream().read(); // connection.start
                resp.getInputStream().read(); // +PONG
            } catch (IOException e) {
                // only the first real connections are slower
            }
            // let the server see the connection go, rather than close it "for shutdown"
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (warren.amqpConnectionCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
