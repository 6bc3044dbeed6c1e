package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * As RabbitMQ splits them: {@code deliver} and {@code get} count manual-ack deliveries and basic.gets,
 * {@code deliver_no_ack} and {@code get_no_ack} auto-ack ones, {@code deliver_get} all four, {@code get_empty} the
 * empty basic.gets; in the queue's, channel's, vhost's and overview's message_stats and in the Prometheus
 * channel counters. One channel does everything below, so its counters are the vhost's.
 */
class MessageStatsAckModesTest extends ManagementTestBase {
    private Channel ch;

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).prometheusPort(0);
    }

    private void publish(String exchange, String key, boolean mandatory) throws Exception {
        ch.basicPublish(exchange, key, mandatory, null, "m".getBytes(StandardCharsets.UTF_8));
    }

    /** Counts, with every kind of hand-out: see the expectations in each test. */
    @BeforeEach
    void traffic() throws Exception {
        ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.confirmSelect();
        ch.addReturnListener(r -> { });
        for (int i = 0; i < 6; i++) {
            publish("", "q", false);
        }
        publish("amq.direct", "nowhere", false); // dropped
        publish("amq.direct", "nowhere", true);  // returned
        ch.waitForConfirmsOrDie(5000);

        assertThat(ch.basicGet("q", true)).isNotNull();               // get_no_ack 1
        GetResponse first = ch.basicGet("q", false);                   // get 1
        GetResponse second = ch.basicGet("q", false);                  // get 2
        ch.basicAck(first.getEnvelope().getDeliveryTag(), false);      // ack 1
        ch.basicNack(second.getEnvelope().getDeliveryTag(), false, true); // back to the queue: 4 ready

        AtomicInteger autoAcked = new AtomicInteger();
        String tag = ch.basicConsume("q", true, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String t, Envelope env, AMQP.BasicProperties p, byte[] body) {
                autoAcked.incrementAndGet();
            }
        });
        waitUntil("4 auto-ack deliveries", () -> autoAcked.get() == 4);   // deliver_no_ack 4, one a redelivery
        ch.basicCancel(tag);

        for (int i = 0; i < 3; i++) {
            publish("", "q", false);
        }
        ch.waitForConfirmsOrDie(5000);
        AtomicInteger acked = new AtomicInteger();
        tag = ch.basicConsume("q", false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String t, Envelope env, AMQP.BasicProperties p, byte[] body)
                    throws java.io.IOException {
                getChannel().basicAck(env.getDeliveryTag(), false);
                acked.incrementAndGet();
            }
        });
        waitUntil("3 manual-ack deliveries acked", () -> acked.get() == 3); // deliver 3, ack 4
        ch.basicCancel(tag);
        assertThat(ch.basicGet("q", false)).isNull();                  // get_empty 1
        waitUntil("the queue saw the acks", () -> getJson("/api/queues/%2F/q").get("message_stats").get("ack")
                .asInt() == 4);
    }

    private static void assertSplit(JsonNode s) {
        assertThat(s.get("deliver").asLong()).isEqualTo(3);
        assertThat(s.get("deliver_no_ack").asLong()).isEqualTo(4);
        assertThat(s.get("get").asLong()).isEqualTo(2);
        assertThat(s.get("get_no_ack").asLong()).isEqualTo(1);
        assertThat(s.get("get_empty").asLong()).isEqualTo(1);
        assertThat(s.get("deliver_get").asLong()).isEqualTo(10);
        assertThat(s.get("redeliver").asLong()).isEqualTo(1);
        assertThat(s.get("ack").asLong()).isEqualTo(4);
        for (String counter : new String[] {"publish", "deliver", "deliver_no_ack", "get", "get_no_ack", "get_empty",
                "deliver_get", "redeliver", "ack"}) {
            assertThat(s.get(counter + "_details").has("rate")).as(counter + "_details.rate").isTrue();
        }
    }

    @Test
    void queueMessageStatsSplitDeliveriesAndGetsByAckMode() {
        JsonNode s = getJson("/api/queues/%2F/q").get("message_stats");
        assertSplit(s);
        assertThat(s.get("publish").asLong()).isEqualTo(9); // enqueued; the unroutable two never reached it
        assertThat(s.has("confirm")).isFalse();
        waitUntil("auto-ack rates shown", () -> {
            JsonNode now = getJson("/api/queues/%2F/q").get("message_stats");
            return now.get("deliver_no_ack_details").get("rate").asDouble() > 0
                    && now.get("get_no_ack_details").get("rate").asDouble() > 0;
        });
    }

    @Test
    void channelVhostAndOverviewMessageStatsSplitThemToo() {
        JsonNode channel = getJson("/api/channels").get(0).get("message_stats");
        JsonNode vhost = getJson("/api/vhosts/%2F").get("message_stats");
        JsonNode overview = getJson("/api/overview").get("message_stats");
        for (JsonNode s : new JsonNode[] {channel, vhost, overview}) {
            assertSplit(s);
            assertThat(s.get("publish").asLong()).isEqualTo(11);
            assertThat(s.get("confirm").asLong()).isEqualTo(11);
            assertThat(s.get("drop_unroutable").asLong()).isEqualTo(1);
            assertThat(s.get("return_unroutable").asLong()).isEqualTo(1);
        }
    }

    @Test
    void prometheusChannelCountersFollowTheSameSplit() throws Exception {
        String m = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + warren.prometheusPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Integer> expected = Map.of(
                "rabbitmq_channel_messages_delivered_total", 4,      // auto-ack
                "rabbitmq_channel_messages_delivered_ack_total", 3,
                "rabbitmq_channel_get_total", 1,                     // auto-ack
                "rabbitmq_channel_get_ack_total", 2,
                "rabbitmq_channel_get_empty_total", 1,
                "rabbitmq_channel_messages_redelivered_total", 1,
                "rabbitmq_channel_messages_acked_total", 4,
                "rabbitmq_channel_messages_published_total", 11,
                "rabbitmq_channel_messages_unroutable_dropped_total", 1,
                "rabbitmq_channel_messages_unroutable_returned_total", 1);
        expected.forEach((name, value) -> {
            Matcher v = Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(m);
            assertThat(v.find()).as(name).isTrue();
            assertThat(Double.parseDouble(v.group(1))).as(name).isEqualTo(value.doubleValue());
        });
    }
}
