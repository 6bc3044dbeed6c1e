package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementVhostsTest extends ManagementTestBase {

    @Test
    void putCreatesWith201AndGrantsTheCreatorThenUpdatesMetadataWith204() {
        var created = call("PUT", "/api/vhosts/shop", "{\"description\":\"the shop\",\"tags\":\"a,b\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode vh = getJson("/api/vhosts/shop");
        assertThat(vh.get("description").asText()).isEqualTo("the shop");
        assertThat(vh.get("tags")).hasSize(2);
        assertThat(vh.get("metadata").get("description").asText()).isEqualTo("the shop");
        assertThat(getJson("/api/permissions/shop/guest").get("configure").asText()).isEqualTo(".*");

        var updated = call("PUT", "/api/vhosts/shop", "{\"description\":\"renamed\",\"default_queue_type\":\"quorum\"}");
        assertThat(updated.statusCode()).isEqualTo(204);
        vh = getJson("/api/vhosts/shop");
        assertThat(vh.get("description").asText()).isEqualTo("renamed");
        assertThat(vh.get("default_queue_type").asText()).isEqualTo("quorum");
        assertThat(vh.get("tags")).hasSize(2);
        assertThat(call("PUT", "/api/vhosts/shop", "{\"default_queue_type\":\"nope\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/vhosts/x", "{}", "mgmt", "mgmt").statusCode()).isEqualTo(401);
    }

    @Test
    void deleteClosesConnectionsAndRemovesQueuesExchangesAndPermissions() throws Exception {
        assertThat(call("PUT", "/api/vhosts/doomed", null).statusCode()).isEqualTo(201);
        var factory = factory();
        factory.setVirtualHost("doomed");
        Connection c = track(factory.newConnection());
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        c.addShutdownListener(closed::complete);
        Channel ch = c.createChannel();
        ch.exchangeDeclare("orders", "topic", true);
        ch.queueDeclare("q", true, false, false, null);
        ch.basicPublish("", "q", null, "m".getBytes(StandardCharsets.UTF_8));
        waitUntil("message counted", () -> getJson("/api/queues/doomed/q").path("messages").asInt() == 1);
        assertThat(call("PUT", "/api/topic-permissions/doomed/guest",
                "{\"exchange\":\"orders\",\"write\":\".*\",\"read\":\".*\"}").statusCode()).isEqualTo(201);

        assertThat(call("DELETE", "/api/vhosts/doomed", null).statusCode()).isEqualTo(204);

        ShutdownSignalException signal = closed.get(5, TimeUnit.SECONDS);
        assertThat(signal.getMessage()).contains("CONNECTION_FORCED");
        assertThat(get("/api/vhosts/doomed").statusCode()).isEqualTo(404);
        assertThat(get("/api/queues/doomed/q").statusCode()).isEqualTo(404);
        assertThat(find(getJson("/api/queues"), "name", "q")).isNull();
        assertThat(find(getJson("/api/permissions"), "vhost", "doomed")).isNull();
        assertThat(getJson("/api/topic-permissions")).isEmpty();
        assertThat(call("DELETE", "/api/vhosts/doomed", null).statusCode()).isEqualTo(404);
        // recreated empty
        assertThat(call("PUT", "/api/vhosts/doomed", null).statusCode()).isEqualTo(201);
        assertThat(getJson("/api/queues/doomed")).isEmpty();
    }

    @Test
    void deletingADurableVhostSurvivesRestart(@TempDir Path dir) throws Exception {
        WarrenConfig config = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(0).prometheusPort(WarrenConfig.OFF).dataDir(dir);
        try (Warren w = config.start()) {
            Warren saved = warren;
            warren = w;
            try {
                assertThat(call("PUT", "/api/vhosts/kept", "{\"description\":\"stays\"}").statusCode()).isEqualTo(201);
                assertThat(call("PUT", "/api/vhosts/gone", null).statusCode()).isEqualTo(201);
                assertThat(call("PUT", "/api/queues/gone/q", "{\"durable\":true}").statusCode()).isEqualTo(201);
                assertThat(call("PUT", "/api/queues/kept/q", "{\"durable\":true}").statusCode()).isEqualTo(201);
                assertThat(call("DELETE", "/api/vhosts/gone", null).statusCode()).isEqualTo(204);
            } finally {
                warren = saved;
            }
        }
        try (Warren w = config.start()) {
            Warren saved = warren;
            warren = w;
            try {
                assertThat(get("/api/vhosts/gone").statusCode()).isEqualTo(404);
                assertThat(getJson("/api/vhosts/kept").get("description").asText()).isEqualTo("stays");
                assertThat(getJson("/api/queues/kept/q").get("durable").asBoolean()).isTrue();
            } finally {
                warren = saved;
            }
        }
    }

    @Test
    void cliDeletesAVhost() {
        call("PUT", "/api/vhosts/tmp", null);
        var out = new java.io.StringWriter();
        var cli = new picocli.CommandLine(new dev.warren.cli.WarrenCommand());
        cli.setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute("delete", "vhost", "tmp", "--port", String.valueOf(warren.httpPort()))).isZero();
        assertThat(out.toString()).contains("Deleted vhost tmp");
        assertThat(get("/api/vhosts/tmp").statusCode()).isEqualTo(404);
    }

    @Test
    void deleteNeedsAdministrator() {
        call("PUT", "/api/vhosts/v", null);
        assertThat(call("DELETE", "/api/vhosts/v", null, "monitor", "monitor").statusCode()).isEqualTo(401);
        assertThat(getJson("/api/vhosts/v").get("name").asText()).isEqualTo("v");
    }
}
