package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.warren.Warren;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void publishAndGet() throws Exception {
        try (Warren warren = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).start()) {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(warren.amqpPort());
            try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("hello", false, false, false, null);
                ch.basicPublish("", "hello", null, "Hello World!".getBytes(StandardCharsets.UTF_8));
                GetResponse r = ch.basicGet("hello", true);
                assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("Hello World!");
            }
        }
    }
}
