package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelloWorldTest extends AmqpTestBase {
    @Test
    void messagePublishedToDefaultExchangeArrivesInNamedQueue() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("hello", false, false, false, null);
        ch.basicPublish("", "hello", null, "Hello World!".getBytes(StandardCharsets.UTF_8));
        GetResponse r = ch.basicGet("hello", true);
        assertThat(r).isNotNull();
        assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("Hello World!");
        assertThat(ch.basicGet("hello", true)).isNull();
    }
}
