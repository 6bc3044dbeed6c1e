package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.time.Duration;

/**
 * Assertions about AMQP errors as amqp-client reports them: a channel error closes only the channel
 * (reason {@link AMQP.Channel.Close}), a connection error closes the whole connection
 * ({@link AMQP.Connection.Close}).
 */
public final class AmqpErrors {
    private AmqpErrors() {
    }

    /** A step that is expected to fail. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    /** Runs a synchronous operation that must fail with a channel error; returns the broker's channel.close. */
    public static AMQP.Channel.Close expectChannelError(int replyCode, Step step) {
        ShutdownSignalException sse = shutdownOf(step);
        assertThat(sse.isHardError()).as("connection error instead of channel error: %s", sse.getReason()).isFalse();
        Method reason = sse.getReason();
        assertThat(reason).isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) reason;
        assertThat(close.getReplyCode()).as("reply code of %s", close.getReplyText()).isEqualTo(replyCode);
        if (sse.getReference() instanceof Channel ch) {
            assertThat(ch.isOpen()).as("the failed channel is closed").isFalse();
            assertThat(ch.getConnection().isOpen()).as("the connection survives a channel error").isTrue();
        }
        return close;
    }

    /** Runs a synchronous operation that must fail with a connection error; returns the broker's connection.close. */
    public static AMQP.Connection.Close expectConnectionError(int replyCode, Step step) {
        ShutdownSignalException sse = shutdownOf(step);
        assertThat(sse.isHardError()).as("channel error instead of connection error: %s", sse.getReason()).isTrue();
        Method reason = sse.getReason();
        assertThat(reason).isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
        assertThat(close.getReplyCode()).as("reply code of %s", close.getReplyText()).isEqualTo(replyCode);
        return close;
    }

    /** Waits for a channel that was sent something asynchronous (publish, ack) to be closed by a channel error. */
    public static AMQP.Channel.Close awaitChannelClosed(Channel ch, int replyCode) {
        AmqpTestBase.waitUntil("channel " + ch.getChannelNumber() + " closed", Duration.ofSeconds(10),
                () -> !ch.isOpen());
        ShutdownSignalException sse = ch.getCloseReason();
        assertThat(sse.isHardError()).as("connection error instead of channel error: %s", sse.getReason()).isFalse();
        assertThat(sse.getReason()).isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) sse.getReason();
        assertThat(close.getReplyCode()).as("reply code of %s", close.getReplyText()).isEqualTo(replyCode);
        assertThat(ch.getConnection().isOpen()).as("connection still open after a channel error").isTrue();
        return close;
    }

    /** Waits for a connection to be closed by the broker with this connection error. */
    public static AMQP.Connection.Close awaitConnectionClosed(Connection c, int replyCode) {
        AmqpTestBase.waitUntil("connection closed", Duration.ofSeconds(10), () -> !c.isOpen());
        ShutdownSignalException sse = c.getCloseReason();
        assertThat(sse.isHardError()).isTrue();
        assertThat(sse.getReason()).isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) sse.getReason();
        assertThat(close.getReplyCode()).as("reply code of %s", close.getReplyText()).isEqualTo(replyCode);
        return close;
    }

    private static ShutdownSignalException shutdownOf(Step step) {
        try {
            step.run();
        } catch (ShutdownSignalException e) {
            return e;
        } catch (Exception e) {
            Throwable t = e;
            while (t != null) {
                if (t instanceof ShutdownSignalException sse) {
                    return sse;
                }
                t = t.getCause();
            }
            throw new AssertionError("expected an AMQP error, got " + e, e);
        }
        return fail("expected an AMQP error, but the operation succeeded");
    }
}
