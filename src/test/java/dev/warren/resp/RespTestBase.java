package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.Warren;
import dev.warren.WarrenConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Starts a fresh in-process Warren with only the RESP listener (on a free loopback port) before each
 * test and closes it and every Jedis connection opened through {@link #connect()} afterwards.
 */
public abstract class RespTestBase {
    protected Warren warren;
    protected Jedis jedis;
    private final List<Jedis> connections = new ArrayList<>();

    protected WarrenConfig configure(WarrenConfig config) {
        return config;
    }

    @BeforeEach
    void startWarren() {
        warren = configure(Warren.builder()
                .bindAddress("127.0.0.1")
                .amqpPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF)
                .respPort(0)
                .ioThreads(2)).start();
        jedis = connect();
    }

    @AfterEach
    void stopWarren() {
        for (Jedis j : connections) {
            try {
                j.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        connections.clear();
        if (warren != null) {
            warren.close();
        }
    }

    protected Jedis connect() {
        Jedis j = new Jedis("127.0.0.1", warren.respPort(), 10_000);
        connections.add(j);
        return j;
    }

    /** Asserts that the call fails with exactly this Redis error text. */
    protected static AbstractThrowableAssert<?, ? extends Throwable> assertError(String message,
                                                                                ThrowableAssert.ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOf(JedisDataException.class).hasMessage(message);
    }

    /** Waits up to 10 s for the condition, polling; fails the test if it never holds. */
    public static void waitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }

    /** Sends a raw command and returns the reply Jedis decoded (byte[] / Long / List ...). */
    protected Object raw(Jedis j, String... args) {
        return j.sendCommand(new RawCommand(args[0]), java.util.Arrays.copyOfRange(args, 1, args.length));
    }

    /** Any command name for {@code sendCommand}. */
    protected record RawCommand(String name) implements redis.clients.jedis.commands.ProtocolCommand {
        @Override
        public byte[] getRaw() {
            return name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    protected static String str(Object reply) {
        return reply == null ? null : new String((byte[]) reply, java.nio.charset.StandardCharsets.UTF_8);
    }
}
