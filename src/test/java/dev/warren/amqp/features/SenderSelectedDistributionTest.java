package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.amqp.features.FeatureSupport.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.warren.testing.AmqpTestBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sender-selected distribution (RabbitMQ's CC and BCC headers): extra routing keys for the same
 * exchange; each queue gets the message once; BCC never reaches a consumer.
 */
class SenderSelectedDistributionTest extends AmqpTestBase {

    private Channel directWithQueues(String... keys) throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("x", "direct");
        for (String k : keys) {
            ch.queueDeclare("q-" + k, false, false, false, null);
            ch.queueBind("q-" + k, "x", k);
        }
        return ch;
    }

    @Test
    void ccAndBccRouteToTheirKeysAsWell() throws Exception {
        Channel ch = directWithQueues("a", "b", "c", "d");
        ch.basicPublish("x", "a", withHeaders(Map.of("CC", List.of("b"), "BCC", List.of("c"))), utf8("hello"));
        assertThat(drain(ch, "q-a")).containsExactly("hello");
        assertThat(drain(ch, "q-b")).containsExactly("hello");
        assertThat(drain(ch, "q-c")).containsExactly("hello");
        assertThat(drain(ch, "q-d")).isEmpty();
    }

    @Test
    void bccIsRemovedAndCcKeptInTheDeliveredMessage() throws Exception {
        Channel ch = directWithQueues("a", "c");
        ch.basicPublish("x", "a", withHeaders(Map.of("CC", List.of("nobody"), "BCC", List.of("c"), "other", 1)),
                utf8("m"));
        for (String q : List.of("q-a", "q-c")) {
            GetResponse r = ch.basicGet(q, true);
            assertThat(r).as(q).isNotNull();
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("a");
            Map<String, Object> headers = r.getProps().getHeaders();
            assertThat(headers).doesNotContainKey("BCC").containsKeys("CC", "other");
            assertThat(((List<?>) headers.get("CC")).stream().map(Object::toString).toList())
                    .containsExactly("nobody");
        }
    }

    @Test
    void aQueueMatchedBySeveralKeysGetsTheMessageOnce() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("x", "direct");
        ch.queueDeclare("q", false, false, false, null);
        for (String k : List.of("a", "b", "c")) {
            ch.queueBind("q", "x", k);
        }
        ch.basicPublish("x", "a", withHeaders(Map.of("CC", List.of("b", "c"), "BCC", List.of("a", "b"))),
                utf8("once"));
        assertThat(drain(ch, "q")).containsExactly("once");
    }

    @Test
    void keysApplyToTopicExchangesAndTheDefaultExchange() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("t", "topic");
        ch.queueDeclare("logs-error", false, false, false, null);
        ch.queueBind("logs-error", "t", "*.error");
        ch.queueDeclare("direct-1", false, false, false, null);
        ch.queueDeclare("direct-2", false, false, false, null);
        ch.basicPublish("t", "app.info", withHeaders(Map.of("CC", List.of("app.error"))), utf8("topic"));
        ch.basicPublish("", "direct-1", withHeaders(Map.of("BCC", List.of("direct-2"))), utf8("default"));
        assertThat(drain(ch, "logs-error")).containsExactly("topic");
        assertThat(drain(ch, "direct-1")).containsExactly("default");
        assertThat(drain(ch, "direct-2")).containsExactly("default");
    }

    @Test
    void mandatoryMessageRoutedOnlyThroughCcIsNotReturned() throws Exception {
        Channel ch = directWithQueues("b");
        LinkedBlockingQueue<String> returned = new LinkedBlockingQueue<>();
        ch.addReturnListener(r -> returned.add(r.getRoutingKey()));
        ch.basicPublish("x", "unbound", true, withHeaders(Map.of("CC", List.of("b"))), utf8("m"));
        ch.basicPublish("x", "unbound", true, withHeaders(Map.of("CC", List.of("nowhere"))), utf8("lost"));
        assertThat(returned.poll(10, TimeUnit.SECONDS)).isEqualTo("unbound");
        assertThat(drain(ch, "q-b")).containsExactly("m");
        assertThat(returned).isEmpty();
    }

    @Test
    void ccThatIsNotAnArrayIsIgnored() throws Exception {
        Channel ch = directWithQueues("a", "b");
        ch.basicPublish("x", "a", withHeaders(Map.of("CC", "b")), utf8("m"));
        assertThat(drain(ch, "q-a")).containsExactly("m");
        assertThat(drain(ch, "q-b")).isEmpty();
        // a long string inside the array works like a string
        ch.basicPublish("x", "a", withHeaders(Map.of("CC", List.of(longString("b")))), utf8("n"));
        assertThat(drain(ch, "q-b")).containsExactly("n");
    }

    private static LongString longString(String s) {
        return com.rabbitmq.client.impl.LongStringHelper.asLongString(s);
    }
}
