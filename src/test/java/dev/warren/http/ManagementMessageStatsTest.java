package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManagementMessageStatsTest extends ManagementTestBase {

    @Test
    void exchangesCountPublishInAndPublishOutWithRates() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("fan", "fanout");
        ch.queueDeclare("a", false, false, false, null);
        ch.queueDeclare("b", false, false, false, null);
        ch.queueBind("a", "fan", "");
        ch.queueBind("b", "fan", "");
        ch.confirmSelect();
        for (int i = 0; i < 10; i++) {
            ch.basicPublish("fan", "", null, "m".getBytes(StandardCharsets.UTF_8));
        }
        ch.basicPublish("amq.direct", "nowhere", null, "lost".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5000);

        JsonNode stats = getJson("/api/exchanges/%2F/fan").get("message_stats");
        assertThat(stats.get("publish_in").asInt()).isEqualTo(10);
        assertThat(stats.get("publish_out").asInt()).isEqualTo(20);
        waitUntil("publish_in rate shown", () -> getJson("/api/exchanges/%2F/fan")
                .get("message_stats").get("publish_in_details").get("rate").asDouble() > 0);
        JsonNode direct = find(getJson("/api/exchanges/%2F"), "name", "amq.direct").get("message_stats");
        assertThat(direct.get("publish_in").asInt()).isEqualTo(1);
        assertThat(direct.get("publish_out").asInt()).isZero();
    }

    @Test
    void channelsShowPublishDeliverAndAckRates() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        waitUntil("channel listed", () -> getJson("/api/channels").size() == 1);
        getJson("/api/channels"); // a first look: rates are changes since earlier looks
        for (int i = 0; i < 5; i++) {
            ch.basicPublish("", "q", null, "m".getBytes(StandardCharsets.UTF_8));
        }
        waitUntil("queued", () -> getJson("/api/queues/%2F/q").path("messages").asInt() == 5);
        GetResponse got = ch.basicGet("q", false);
        ch.basicAck(got.getEnvelope().getDeliveryTag(), false);

        waitUntil("channel stats", () -> {
            JsonNode s = getJson("/api/channels").get(0).get("message_stats");
            return s.get("publish").asInt() == 5 && s.get("get").asInt() == 1 && s.get("ack").asInt() == 1;
        });
        JsonNode s = getJson("/api/channels").get(0).get("message_stats");
        assertThat(s.get("publish_details").get("rate").asDouble()).isGreaterThan(0);
        assertThat(s.get("ack_details").get("rate").asDouble()).isGreaterThan(0);
        assertThat(s.get("deliver_get").asInt()).isEqualTo(1);
    }
}
