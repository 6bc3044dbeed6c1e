package dev.warren.http;

import static dev.warren.testing.AmqpErrors.expectChannelError;
import static dev.warren.testing.AmqpErrors.expectConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RabbitMQ's vhost limits max-connections and max-queues: the API, their effect, definitions. */
class VhostLimitsTest extends ManagementTestBase {

    private void limit(String name, long value) {
        var r = call("PUT", "/api/vhost-limits/%2F/" + name, "{\"value\":" + value + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    @Test
    void limitsAreSetListedAndCleared() {
        assertThat(getJson("/api/vhost-limits")).isEmpty();
        limit("max-connections", 10);
        limit("max-queues", -1);
        JsonNode all = getJson("/api/vhost-limits");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("vhost").asText()).isEqualTo("/");
        assertThat(all.get(0).get("value").get("max-connections").asLong()).isEqualTo(10);
        assertThat(all.get(0).get("value").get("max-queues").asLong()).isEqualTo(-1);
        assertThat(getJson("/api/vhost-limits/%2F")).hasSize(1);
        assertThat(call("PUT", "/api/vhost-limits/%2F/max-channels", "{\"value\":1}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/vhost-limits/%2F/max-queues", "{\"value\":\"many\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/vhost-limits/%2F/max-queues", "{}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/vhost-limits/%2F/max-queues", "{\"value\":1}", "mgmt", "mgmt").statusCode())
                .isEqualTo(401);
        assertThat(call("DELETE", "/api/vhost-limits/%2F/max-connections", null).statusCode()).isEqualTo(204);
        assertThat(getJson("/api/vhost-limits").get(0).get("value").has("max-connections")).isFalse();
        assertThat(call("DELETE", "/api/vhost-limits/%2F/max-queues", null).statusCode()).isEqualTo(204);
        assertThat(getJson("/api/vhost-limits")).isEmpty();
    }

    @Test
    void maxConnectionsRefusesConnectionOpenBeyondTheLimit() throws Exception {
        limit("max-connections", 1);
        Connection first = connect();
        AMQP.Connection.Close close = expectConnectionError(530, () -> track(connect()));
        assertThat(close.getReplyText())
                .isEqualTo("NOT_ALLOWED - access to vhost '/' refused for user 'guest': connection limit (1) is reached");
        assertThat(first.isOpen()).isTrue();
        first.close();
        waitUntil("a connection is accepted again", Duration.ofSeconds(10), () -> {
            try {
                track(connect());
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        limit("max-connections", 0);
        close = expectConnectionError(530, () -> track(connect()));
        assertThat(close.getReplyText()).endsWith("connection limit (0) is reached");
        limit("max-connections", -1);
        assertThat(track(connect()).isOpen()).isTrue();
    }

    @Test
    void maxQueuesRefusesNewQueuesButNotRedeclarations() throws Exception {
        limit("max-queues", 2);
        Channel ch = openChannel();
        ch.queueDeclare("q1", false, false, false, null);
        ch.queueDeclare("q2", false, false, false, null);
        ch.queueDeclare("q1", false, false, false, null);
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("q3", false, false, false, null));
        assertThat(close.getReplyText())
                .isEqualTo("PRECONDITION_FAILED - cannot declare queue 'q3': queue limit in vhost '/' (2) is reached");
        var r = call("PUT", "/api/queues/%2F/q3", "{\"durable\":false}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("queue limit in vhost '/' (2) is reached");
        assertThat(warren.broker().virtualHost("/").queue("q3")).isNull();
        openChannel().queueDelete("q2");
        openChannel().queueDeclare("q3", false, false, false, null);
        limit("max-queues", 0);
        Channel ch2 = openChannel();
        close = expectChannelError(406, () -> ch2.queueDeclare());
        assertThat(close.getReplyText()).contains("queue limit in vhost '/' (0) is reached");
    }

    @Test
    void limitsAreExportedAndImportedAsRabbitMqDefinitions() {
        limit("max-queues", 5);
        JsonNode defs = getJson("/api/definitions");
        JsonNode param = find(defs.get("parameters"), "component", "vhost-limits");
        assertThat(param).isNotNull();
        assertThat(param.get("vhost").asText()).isEqualTo("/");
        assertThat(param.get("name").asText()).isEqualTo("limits");
        assertThat(param.get("value").get("max-queues").asLong()).isEqualTo(5);
        assertThat(find(defs.get("vhosts"), "name", "/").get("limits").get("max-queues").asLong()).isEqualTo(5);

        var r = call("POST", "/api/definitions", """
                {"vhosts":[{"name":"limited"}],
                 "parameters":[{"vhost":"limited","component":"vhost-limits","name":"limits",
                                "value":{"max-connections":3}}]}""");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201, 204);
        assertThat(warren.broker().virtualHost("limited").limit("max-connections")).isEqualTo(3);
        assertThat(getJson("/api/vhost-limits/limited").get(0).get("value").get("max-connections").asLong())
                .isEqualTo(3);
    }
}
