package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManagementConnectionsTest extends ManagementTestBase {

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void connectionsCountTheBytesTheyReceiveAndSend() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("bulk", false, false, false, null);
        ch.confirmSelect();
        byte[] body = new byte[10_000];
        ch.basicPublish("", "bulk", null, body);
        ch.waitForConfirmsOrDie(5000);
        JsonNode before = getJson("/api/connections").get(0);
        assertThat(before.get("recv_oct").asLong()).isGreaterThan(10_000);
        assertThat(before.get("recv_cnt").asLong()).isPositive();
        long sent = before.get("send_oct").asLong();
        assertThat(sent).isPositive();
        assertThat(before.get("send_oct_details").has("rate")).isTrue();

        assertThat(ch.basicGet("bulk", true).getBody()).hasSize(10_000);
        JsonNode after = getJson("/api/connections").get(0);
        assertThat(after.get("send_oct").asLong()).isGreaterThan(sent + 10_000);
        assertThat(after.get("send_cnt").asLong()).isGreaterThan(before.get("send_cnt").asLong());
    }

    @Test
    void connectionsChannelsAndConsumersAreListed() throws Exception {
        ConnectionFactory f = factory();
        Connection c = track(f.newConnection("orders-service"));
        Channel ch = c.createChannel();
        ch.basicQos(7);
        ch.queueDeclare("jobs", false, false, false, null);
        ch.basicConsume("jobs", false, "ctag-1", new DefaultConsumer(ch));
        ch.basicPublish("", "jobs", null, "x".getBytes(StandardCharsets.UTF_8));
        waitUntil("one connection listed", () -> getJson("/api/connections").size() == 1);

        JsonNode conn = getJson("/api/connections").get(0);
        assertThat(conn.get("user").asText()).isEqualTo("guest");
        assertThat(conn.get("vhost").asText()).isEqualTo("/");
        assertThat(conn.get("protocol").asText()).isEqualTo("AMQP 0-9-1");
        assertThat(conn.get("state").asText()).isEqualTo("running");
        assertThat(conn.get("peer_host").asText()).isEqualTo("127.0.0.1");
        assertThat(conn.get("port").asInt()).isEqualTo(warren.amqpPort());
        assertThat(conn.get("channels").asInt()).isEqualTo(1);
        assertThat(conn.get("user_provided_name").asText()).isEqualTo("orders-service");
        assertThat(conn.get("client_properties").get("product").asText()).isEqualTo("RabbitMQ");
        String name = conn.get("name").asText();
        assertThat(name).matches("127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:" + warren.amqpPort());
        assertThat(getJson("/api/connections/" + encode(name)).get("name").asText()).isEqualTo(name);

        waitUntil("channel shows the publish", () ->
                getJson("/api/channels").get(0).get("message_stats").get("publish").asLong() == 1);
        JsonNode channel = getJson("/api/channels").get(0);
        assertThat(channel.get("name").asText()).isEqualTo(name + " (1)");
        assertThat(channel.get("number").asInt()).isEqualTo(1);
        assertThat(channel.get("prefetch_count").asInt()).isEqualTo(7);
        assertThat(channel.get("consumer_count").asInt()).isEqualTo(1);
        assertThat(channel.get("connection_details").get("name").asText()).isEqualTo(name);

        JsonNode consumer = getJson("/api/consumers").get(0);
        assertThat(consumer.get("consumer_tag").asText()).isEqualTo("ctag-1");
        assertThat(consumer.get("queue").get("name").asText()).isEqualTo("jobs");
        assertThat(consumer.get("ack_required").asBoolean()).isTrue();
        assertThat(consumer.get("prefetch_count").asInt()).isEqualTo(7);
        assertThat(consumer.get("channel_details").get("connection_name").asText()).isEqualTo(name);
        assertThat(getJson("/api/consumers/%2F")).hasSize(1);
    }

    @Test
    void deleteClosesTheConnectionWithConnectionForced() throws Exception {
        Connection c = connect();
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        c.addShutdownListener(closed::complete);
        waitUntil("connection listed", () -> getJson("/api/connections").size() == 1);
        String name = getJson("/api/connections").get(0).get("name").asText();

        var r = call("DELETE", "/api/connections/" + encode(name), null);
        assertThat(r.statusCode()).isEqualTo(204);
        ShutdownSignalException signal = closed.get(5, TimeUnit.SECONDS);
        assertThat(signal.getMessage()).contains("reply-code=320").contains("CONNECTION_FORCED");
        waitUntil("connection gone", () -> getJson("/api/connections").isEmpty());
        assertThat(call("DELETE", "/api/connections/" + encode(name), null).statusCode()).isEqualTo(404);
    }

    @Test
    void managementUsersSeeOnlyTheirOwnConnectionsMonitorsSeeAll() throws Exception {
        connect();
        waitUntil("connection listed", () -> getJson("/api/connections").size() == 1);
        assertThat(getJson("/api/connections", "mgmt")).isEmpty();
        assertThat(getJson("/api/connections", "monitor")).hasSize(1);
        String name = getJson("/api/connections").get(0).get("name").asText();
        assertThat(call("DELETE", "/api/connections/" + encode(name), null, "mgmt", "mgmt").statusCode())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/connections/" + encode(name), null, "monitor", "monitor").statusCode())
                .isEqualTo(401);
    }
}
