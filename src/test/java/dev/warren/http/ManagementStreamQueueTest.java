package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The management API shows a stream queue with type "stream" and its retained messages as its depth. */
class ManagementStreamQueueTest extends ManagementTestBase {

    @Test
    void streamQueueShowsItsTypeAndRetainedMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("events", true, false, false, Map.of("x-queue-type", "stream"));
        ch.queueDeclare("plain", true, false, false, null);
        ch.queueDeclare("qq", true, false, false, Map.of("x-queue-type", "quorum"));
        for (int i = 0; i < 4; i++) {
            ch.basicPublish("", "events", null, ("e" + i).getBytes(StandardCharsets.UTF_8));
        }
        JsonNode q = getJson("/api/queues/%2F/events");
        assertThat(q.get("type").asText()).isEqualTo("stream");
        assertThat(q.get("durable").asBoolean()).isTrue();
        assertThat(q.get("messages").asInt()).isEqualTo(4);
        assertThat(q.get("message_stats").get("publish").asLong()).isEqualTo(4);
        assertThat(getJson("/api/queues/%2F/plain").get("type").asText()).isEqualTo("classic");
        assertThat(getJson("/api/queues/%2F/qq").get("type").asText()).isEqualTo("quorum");
    }
}
