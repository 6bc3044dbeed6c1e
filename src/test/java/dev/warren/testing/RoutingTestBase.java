package dev.warren.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;

/**
 * For routing tests: one channel, named queues bound to exchanges, and {@link #route} which publishes
 * a message and reports which of the given queues received it (draining them).
 */
public abstract class RoutingTestBase extends AmqpTestBase {
    protected Channel ch;

    @BeforeEach
    void openRoutingChannel() throws Exception {
        ch = openChannel();
    }

    /** Declares (or re-declares) a plain queue with this name. */
    protected String queue(String name) throws Exception {
        ch.queueDeclare(name, false, false, false, null);
        return name;
    }

    /** Declares a queue with this name and binds it to {@code exchange} with {@code key}. */
    protected String queueBound(String name, String exchange, String key) throws Exception {
        return queueBound(name, exchange, key, null);
    }

    protected String queueBound(String name, String exchange, String key, Map<String, Object> args)
            throws Exception {
        queue(name);
        ch.queueBind(name, exchange, key, args);
        return name;
    }

    /** Publishes one message and returns those of {@code queues} that received it (each drained). */
    protected Set<String> route(String exchange, String routingKey, String... queues) throws Exception {
        return route(exchange, routingKey, null, queues);
    }

    protected Set<String> route(String exchange, String routingKey, AMQP.BasicProperties props, String... queues)
            throws Exception {
        String body = "to " + exchange + " with '" + routingKey + "'";
        ch.basicPublish(exchange, routingKey, props, body.getBytes(StandardCharsets.UTF_8));
        Set<String> received = new TreeSet<>();
        for (String q : queues) {
            int n = drain(q);
            if (n > 1) {
                throw new AssertionError("queue " + q + " received the message " + n + " times");
            }
            if (n == 1) {
                received.add(q);
            }
        }
        return received;
    }

    /** Removes every ready message from the queue and returns how many there were. */
    protected int drain(String queue) throws Exception {
        int n = 0;
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            n++;
            if (r.getMessageCount() == 0) {
                break;
            }
        }
        return n;
    }

    protected static AMQP.BasicProperties headers(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }
}
