package dev.warren.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.warren.Warren;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@link WarrenTest}: an in-process Warren per test class, reached by real clients. */
@WarrenTest
class WarrenExtensionTest {
    private static Warren started;

    @BeforeAll
    static void declareQueue(Warren warren, WarrenEndpoints endpoints) throws Exception {
        started = warren;
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(endpoints.amqpUri());
        try (Connection c = f.newConnection()) {
            c.createChannel().queueDeclare("orders", false, false, false, null);
        }
    }

    @Test
    void amqpClientsConnectWithTheInjectedUri(WarrenEndpoints endpoints, Warren warren) throws Exception {
        assertThat(warren).isSameAs(started);
        assertThat(endpoints.amqpPort()).isPositive();
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(endpoints.amqpUri());
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.basicPublish("", "orders", null, "order-1".getBytes(StandardCharsets.UTF_8));
            GetResponse r = ch.basicGet("orders", true);
            assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        }
    }

    @Test
    void redisClientsConnectToTheSameInstance(WarrenEndpoints endpoints, Warren warren) {
        assertThat(warren).isSameAs(started);
        try (Jedis jedis = new Jedis(URI.create(endpoints.respUri()))) {
            assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
            assertThat(jedis.get("greeting")).isEqualTo("hello");
        }
    }

    @Test
    void httpIsOffUnlessAskedFor(WarrenEndpoints endpoints) {
        assertThat(endpoints.httpPort()).isEqualTo(-1);
    }

    /** A persistent Warren keeps durable queues and persistent messages in a temporary data directory. */
    @Nested
    @WarrenTest(persistent = true, resp = false)
    class Persistent {
        @Test
        void persistentMessagesGoToTheStore(Warren warren, WarrenEndpoints endpoints) throws Exception {
            assertThat(warren).isNotSameAs(started);
            assertThat(warren.broker().store()).isNotNull();
            assertThat(endpoints.respPort()).isEqualTo(-1);
            ConnectionFactory f = new ConnectionFactory();
            f.setUri(endpoints.amqpUri());
            try (Connection c = f.newConnection()) {
                Channel ch = c.createChannel();
                ch.queueDeclare("durable-orders", true, false, false, null);
                ch.confirmSelect();
                ch.basicPublish("", "durable-orders", MessageProperties.PERSISTENT_TEXT_PLAIN, "kept".getBytes());
                ch.waitForConfirmsOrDie(5_000);
                assertThat(ch.queueDeclarePassive("durable-orders").getMessageCount()).isEqualTo(1);
            }
        }
    }
}
