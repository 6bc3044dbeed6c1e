package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManagementOverviewTest extends ManagementTestBase {

    @Test
    void overviewCountsObjectsMessagesAndPublishes() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("a", false, false, false, null);
        ch.queueDeclare("b", false, false, false, null);
        ch.basicPublish("", "a", null, "1".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "b", null, "2".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "b", null, "3".getBytes(StandardCharsets.UTF_8));
        waitUntil("3 messages in totals", () ->
                getJson("/api/overview").get("queue_totals").get("messages").asInt() == 3);
        JsonNode o = getJson("/api/overview");
        assertThat(o.get("object_totals").get("queues").asInt()).isEqualTo(2);
        assertThat(o.get("object_totals").get("connections").asInt()).isEqualTo(1);
        assertThat(o.get("object_totals").get("channels").asInt()).isEqualTo(1);
        assertThat(o.get("object_totals").get("exchanges").asInt()).isEqualTo(6 * 2);
        assertThat(o.get("message_stats").get("publish").asLong()).isEqualTo(3);
        assertThat(o.get("queue_totals").get("messages_ready").asInt()).isEqualTo(3);
        assertThat(o.get("rabbitmq_version").asText()).startsWith("3.");
        assertThat(o.get("node").asText()).startsWith("warren@");
        assertThat(o.get("listeners").get(0).get("port").asInt()).isEqualTo(warren.amqpPort());
        assertThat(o.get("exchange_types")).hasSize(4);
        waitUntil("publish rate in overview", () ->
                getJson("/api/overview").get("message_stats").get("publish_details").get("rate").asDouble() > 0);
    }

    @Test
    void vhostsUsersAndPermissionsAreListed() {
        JsonNode slash = find(getJson("/api/vhosts"), "name", "/");
        assertThat(slash.has("messages")).isTrue();
        JsonNode guest = find(getJson("/api/users"), "name", "guest");
        assertThat(guest.get("tags").get(0).asText()).isEqualTo("administrator");
        assertThat(guest.get("hashing_algorithm").asText()).isEqualTo("rabbit_password_hashing_sha256");
        assertThat(guest.get("password_hash").asText()).hasSize(48);
        JsonNode perms = getJson("/api/permissions");
        assertThat(perms).anySatisfy(p -> {
            assertThat(p.get("user").asText()).isEqualTo("other");
            assertThat(p.get("vhost").asText()).isEqualTo("other");
            assertThat(p.get("configure").asText()).isEqualTo(".*");
        });
        assertThat(getJson("/api/vhosts/other").get("name").asText()).isEqualTo("other");
    }

    @Test
    void usersAndPermissionsCanBeCreated() throws Exception {
        assertThat(call("PUT", "/api/users/carol", "{\"password\":\"pw\",\"tags\":\"management\"}").statusCode())
                .isEqualTo(201);
        assertThat(call("PUT", "/api/vhosts/dev", null).statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/api/permissions/dev/carol",
                "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}").statusCode()).isEqualTo(201);
        var f = factory();
        f.setUsername("carol");
        f.setPassword("pw");
        f.setVirtualHost("dev");
        track(f.newConnection()).close();
        assertThat(call("GET", "/api/vhosts", null, "carol", "pw").statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/api/users/dave", "{\"tags\":\"\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void nodesAndPoliciesAreListedForTools() {
        JsonNode nodes = getJson("/api/nodes", "monitor");
        assertThat(nodes).hasSize(1);
        assertThat(nodes.get(0).get("running").asBoolean()).isTrue();
        assertThat(nodes.get(0).get("mem_alarm").asBoolean()).isFalse();
        assertThat(getJson("/api/nodes/" + nodes.get(0).get("name").asText()).get("name").asText())
                .isEqualTo(nodes.get(0).get("name").asText());
        assertThat(call("GET", "/api/nodes", null, "mgmt", "mgmt").statusCode()).isEqualTo(401);
        assertThat(getJson("/api/policies")).isEmpty();
        assertThat(getJson("/api/policies/%2F")).isEmpty();
        assertThat(get("/api/policies/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void alarmsHealthCheckIsOkWithoutAlarms() {
        var r = get("/api/health/checks/alarms");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void alivenessTestPublishesAndConsumesInTheVhost() {
        var r = get("/api/aliveness-test/%2F");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("status").asText()).isEqualTo("ok");
        assertThat(get("/api/aliveness-test/missing").statusCode()).isEqualTo(404);
    }
}
