package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Assertions about how the server refused something: which reply code, and whether it closed the
 * channel (a soft error) or the whole connection (a hard error); and that a connection still works.
 */
public final class AmqpAssertions {
    private AmqpAssertions() {
    }

    /** Something the client does that may throw. */
    @FunctionalInterface
    public interface AmqpAction {
        void run() throws Exception;
    }

    /** Runs an action that must fail with a channel error of the given code; returns the server's channel.close. */
    public static AMQP.Channel.Close expectChannelError(int replyCode, AmqpAction action) {
        ShutdownSignalException sse = expectShutdown(action);
        return assertChannelClose(sse, replyCode);
    }

    /** Runs an action that must fail with a connection error of the given code; returns the connection.close. */
    public static AMQP.Connection.Close expectConnectionError(int replyCode, AmqpAction action) {
        ShutdownSignalException sse = expectShutdown(action);
        return assertConnectionClose(sse, replyCode);
    }

    /** Waits until the server closes the channel (after an asynchronous method such as basic.publish). */
    public static AMQP.Channel.Close awaitChannelError(Channel ch, int replyCode) {
        AmqpTestBase.waitUntil("channel " + ch.getChannelNumber() + " is closed", () -> !ch.isOpen());
        return assertChannelClose(ch.getCloseReason(), replyCode);
    }

    /** Waits until the server closes the connection. */
    public static AMQP.Connection.Close awaitConnectionError(Connection c, int replyCode) {
        AmqpTestBase.waitUntil("connection is closed", () -> !c.isOpen());
        return assertConnectionClose(c.getCloseReason(), replyCode);
    }

    public static AMQP.Channel.Close assertChannelClose(ShutdownSignalException sse, int replyCode) {
        assertThat(sse).as("shutdown signal").isNotNull();
        assertThat(sse.isInitiatedByApplication()).as("closed by the server").isFalse();
        assertThat(sse.isHardError()).as("a channel error, not a connection error: " + sse.getReason()).isFalse();
        Method reason = sse.getReason();
        assertThat(reason).isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) reason;
        assertThat(close.getReplyCode()).as("reply code of " + close.getReplyText()).isEqualTo(replyCode);
        return close;
    }

    public static AMQP.Connection.Close assertConnectionClose(ShutdownSignalException sse, int replyCode) {
        assertThat(sse).as("shutdown signal").isNotNull();
        assertThat(sse.isInitiatedByApplication()).as("closed by the server").isFalse();
        assertThat(sse.isHardError()).as("a connection error, not a channel error: " + sse.getReason()).isTrue();
        Method reason = sse.getReason();
        assertThat(reason).isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
        assertThat(close.getReplyCode()).as("reply code of " + close.getReplyText()).isEqualTo(replyCode);
        return close;
    }

    private static ShutdownSignalException expectShutdown(AmqpAction action) {
        try {
            action.run();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ShutdownSignalException sse) {
                    return sse;
                }
            }
            throw new AssertionError("expected the server to close the channel or connection, but got " + e, e);
        }
        throw new AssertionError("expected the server to refuse, but the action succeeded");
    }

    /** A round trip on a fresh channel of {@code c}: declare a queue, publish to it, get the message back. */
    public static void assertUsable(Connection c) throws Exception {
        assertThat(c.isOpen()).as("connection open").isTrue();
        Channel ch = c.createChannel();
        String queue = ch.queueDeclare("", false, true, true, null).getQueue();
        String body = "still working " + UUID.randomUUID();
        ch.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
        GetResponse r = ch.basicGet(queue, true);
        assertThat(r).as("message published on a fresh channel").isNotNull();
        assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
        ch.close();
    }
}
