package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in x-delayed-message exchange, compatible with RabbitMQ's delayed message plugin. */
class DelayedMessageExchangeTest extends DurabilityTestBase {
    private static final Map<String, Object> DIRECT = Map.of("x-delayed-type", "direct");

    private static AMQP.BasicProperties delay(long ms, boolean persistent) {
        return new AMQP.BasicProperties.Builder().headers(Map.of("x-delay", ms))
                .deliveryMode(persistent ? 2 : 1).build();
    }

    private static String get(Channel ch, String queue) throws IOException {
        GetResponse r = ch.basicGet(queue, true);
        return r == null ? null : new String(r.getBody(), StandardCharsets.UTF_8);
    }

    private Channel setUp(boolean durable) throws Exception {
        Channel ch = connect().createChannel();
        ch.exchangeDeclare("later", "x-delayed-message", durable, false, DIRECT);
        ch.queueDeclare("due", durable, false, false, null);
        ch.queueBind("due", "later", "k");
        return ch;
    }

    @Test
    void messageIsHeldForItsDelayThenRoutedByTheDelayedType() throws Exception {
        start();
        Channel ch = setUp(false);
        long sent = System.currentTimeMillis();
        ch.basicPublish("later", "k", delay(400, false), "hi".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("later", "other-key", delay(100, false), "unrouted".getBytes(StandardCharsets.UTF_8));
        assertThat(get(ch, "due")).isNull();
        AmqpTestBase.waitUntil("the delayed message arrives", () -> {
            try {
                return ch.queueDeclarePassive("due").getMessageCount() == 1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(400);
        assertThat(get(ch, "due")).isEqualTo("hi");
    }

    @Test
    void shorterDelaysOvertakeLongerOnesAndNoDelayMeansNow() throws Exception {
        start();
        Channel ch = setUp(false);
        ch.basicPublish("later", "k", delay(600, false), "slow".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("later", "k", delay(150, false), "fast".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("later", "k", null, "now".getBytes(StandardCharsets.UTF_8));
        assertThat(get(ch, "due")).isEqualTo("now");
        List<String> order = new ArrayList<>();
        AmqpTestBase.waitUntil("both delayed messages arrive", () -> {
            try {
                String s = get(ch, "due");
                if (s != null) {
                    order.add(s);
                }
                return order.size() == 2;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(order).containsExactly("fast", "slow");
    }

    @Test
    void delayedTypeArgumentIsRequired() throws Exception {
        start();
        Channel ch = connect().createChannel();
        assertThatThrownBy(() -> ch.exchangeDeclare("bad", "x-delayed-message", false, false, Map.of()))
                .isInstanceOf(IOException.class)
                .cause().hasMessageContaining("406").hasMessageContaining("x-delayed-type");
    }

    @Test
    void durableDelaysSurviveARestart() throws Exception {
        start();
        Channel ch = setUp(true);
        ch.confirmSelect();
        long sent = System.currentTimeMillis();
        ch.basicPublish("later", "k", delay(3000, true), "kept".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5_000);

        restart();

        Channel after = connect().createChannel();
        if (System.currentTimeMillis() - sent < 2500) { // (a very slow restart may already be past the delay)
            assertThat(get(after, "due")).as("still held after the restart").isNull();
        }
        AmqpTestBase.waitUntil("the delayed message arrives after the restart", () -> {
            try {
                return after.queueDeclarePassive("due").getMessageCount() == 1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(get(after, "due")).isEqualTo("kept");

        restart(); // routed and consumed: it must not be held again

        Channel third = connect().createChannel();
        assertThat(warren.broker().delayedMessages().size()).isZero();
        assertThat(get(third, "due")).isNull();
    }
}
