package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Checks that a connection still works (after an error elsewhere); for the errors see {@link AmqpErrors}. */
public final class AmqpAssertions {
    private AmqpAssertions() {
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
