package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.WarrenConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagementTopicPermissionsTest extends ManagementTestBase {

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).user("alice", "alice", Set.of("management"), Set.of("/"));
    }

    private Channel aliceChannel() throws Exception {
        var f = factory();
        f.setUsername("alice");
        f.setPassword("alice");
        Connection c = track(f.newConnection());
        return c.createChannel();
    }

    @Test
    void putListsShowsAndDeletesAsRabbitMq() {
        var put = call("PUT", "/api/topic-permissions/%2F/alice", "{\"exchange\":\"amq.topic\",\"write\":\"^a\",\"read\":\".*\"}");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/api/topic-permissions/%2F/alice",
                "{\"exchange\":\"amq.topic\",\"write\":\"^b\",\"read\":\".*\"}").statusCode()).isEqualTo(204);
        JsonNode all = getJson("/api/topic-permissions");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("user").asText()).isEqualTo("alice");
        assertThat(all.get(0).get("vhost").asText()).isEqualTo("/");
        assertThat(all.get(0).get("exchange").asText()).isEqualTo("amq.topic");
        assertThat(all.get(0).get("write").asText()).isEqualTo("^b");
        assertThat(getJson("/api/topic-permissions/%2F/alice")).hasSize(1);
        assertThat(getJson("/api/users/alice/topic-permissions")).hasSize(1);
        assertThat(getJson("/api/vhosts/%2F/topic-permissions")).hasSize(1);
        assertThat(call("PUT", "/api/topic-permissions/%2F/alice", "{\"exchange\":\"x\",\"write\":\"(\",\"read\":\"\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/topic-permissions/%2F/alice", "{\"write\":\".*\",\"read\":\"\"}").statusCode())
                .isEqualTo(400);
        assertThat(get("/api/topic-permissions/%2F/guest").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/topic-permissions", null, "mgmt", "mgmt").statusCode()).isEqualTo(401);

        JsonNode defs = getJson("/api/definitions");
        assertThat(defs.get("topic_permissions")).hasSize(1);
        assertThat(defs.get("topic_permissions").get(0).get("write").asText()).isEqualTo("^b");

        assertThat(call("DELETE", "/api/topic-permissions/%2F/alice", null).statusCode()).isEqualTo(204);
        assertThat(getJson("/api/topic-permissions")).isEmpty();
        assertThat(call("DELETE", "/api/topic-permissions/%2F/alice", null).statusCode()).isEqualTo(404);
    }

    @Test
    void publishToATopicExchangeNeedsTheWriteRegexToMatchTheRoutingKey() throws Exception {
        call("PUT", "/api/topic-permissions/%2F/alice", "{\"exchange\":\"amq.topic\",\"write\":\"^{username}\\\\.\",\"read\":\".*\"}");
        Channel ch = aliceChannel();
        ch.confirmSelect();
        ch.basicPublish("amq.topic", "alice.orders", null, "ok".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5000);
        ch.basicPublish("amq.direct", "bob.orders", null, "other exchange".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5000);
        ch.basicPublish("amq.topic", "bob.orders", null, "refused".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ch.waitForConfirmsOrDie(5000))
                .hasStackTraceContaining("ACCESS_REFUSED - access to topic 'bob.orders' in exchange 'amq.topic' in vhost '/' refused for user 'alice'");
        // guest has no topic permission there: anything goes
        Channel guest = openChannel();
        guest.confirmSelect();
        guest.basicPublish("amq.topic", "bob.orders", null, "ok".getBytes(StandardCharsets.UTF_8));
        guest.waitForConfirmsOrDie(5000);
    }

    @Test
    void bindingToATopicExchangeNeedsTheReadRegexAndTheApiChecksToo() throws Exception {
        call("PUT", "/api/topic-permissions/%2F/alice", "{\"exchange\":\"amq.topic\",\"write\":\"^x\",\"read\":\"^{vhost}stock\\\\.\"}");
        Channel ch = aliceChannel();
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "amq.topic", "/stock.#");
        assertThatThrownBy(() -> ch.queueBind(q, "amq.topic", "#"))
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("ACCESS_REFUSED");

        call("PUT", "/api/queues/%2F/shared", "{\"durable\":false}");
        var bind = call("POST", "/api/bindings/%2F/e/amq.topic/q/shared", "{\"routing_key\":\"#\"}", "alice", "alice");
        assertThat(bind.statusCode()).isEqualTo(401);
        assertThat(bind.body()).contains("access to topic '#'");
        var publish = call("POST", "/api/exchanges/%2F/amq.topic/publish",
                "{\"properties\":{},\"routing_key\":\"y\",\"payload\":\"p\",\"payload_encoding\":\"string\"}", "alice", "alice");
        assertThat(publish.statusCode()).isEqualTo(401);
        var allowed = call("POST", "/api/exchanges/%2F/amq.topic/publish",
                "{\"properties\":{},\"routing_key\":\"xy\",\"payload\":\"p\",\"payload_encoding\":\"string\"}", "alice", "alice");
        assertThat(allowed.statusCode()).isEqualTo(200);
    }

    @Test
    void definitionsImportTopicPermissions() {
        String defs = "{\"topic_permissions\":[{\"user\":\"alice\",\"vhost\":\"/\",\"exchange\":\"amq.topic\","
                + "\"write\":\"^w\",\"read\":\"^r\"}]}";
        assertThat(call("POST", "/api/definitions", defs).statusCode()).isEqualTo(204);
        JsonNode p = getJson("/api/topic-permissions/%2F/alice").get(0);
        assertThat(p.get("read").asText()).isEqualTo("^r");
        assertThat(call("POST", "/api/definitions", defs.replace("alice", "nobody")).statusCode()).isEqualTo(400);
    }
}
