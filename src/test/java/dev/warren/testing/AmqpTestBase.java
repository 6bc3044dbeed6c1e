package dev.warren.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts a fresh in-process Warren on a free loopback port before each test and closes it (and every
 * connection the test opened through {@link #connect()}) afterwards. Override {@link #configure} to
 * change the configuration.
 */
public abstract class AmqpTestBase {
    protected Warren warren;
    private final List<Connection> connections = new ArrayList<>();

    protected WarrenConfig configure(WarrenConfig config) {
        return config;
    }

    @BeforeEach
    protected void startWarren() {
        warren = configure(Warren.builder()
                .bindAddress("127.0.0.1")
                .amqpPort(0)
                .respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF)
                .ioThreads(2)).start();
    }

    @AfterEach
    void stopWarren() {
        for (Connection c : connections) {
            try {
                if (c.isOpen()) {
                    c.abort(1000);
                }
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        connections.clear();
        if (warren != null) {
            warren.close();
        }
    }

    /** A connection factory pointing at this test's Warren, as guest/guest on vhost "/". */
    protected ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(warren.amqpPort());
        f.setAutomaticRecoveryEnabled(false);
        return f;
    }

    protected Connection connect() throws Exception {
        return track(factory().newConnection());
    }

    protected Connection track(Connection c) {
        connections.add(c);
        return c;
    }

    protected Channel openChannel() throws Exception {
        return connect().createChannel();
    }

    /** Waits up to 10 s for the condition, polling; fails the test if it never holds. */
    public static void waitUntil(String what, BooleanSupplier condition) {
        waitUntil(what, Duration.ofSeconds(10), condition);
    }

    public static void waitUntil(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
