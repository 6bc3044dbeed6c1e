package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's management commands against a running Warren, in-process through picocli. */
class ManagementCliTest extends ManagementTestBase {

    @Test
    void listQueuesPrintsAnAlignedTable() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("invoices", true, false, false, null);
        ch.basicPublish("", "invoices", null, "x".getBytes(StandardCharsets.UTF_8));
        waitUntil("queued", () -> warren.broker().virtualHost("/").queue("invoices").messageCount() == 1);
        assertThat(cli("list", "queues")).isZero();
        String[] lines = cliOut().split("\\R");
        assertThat(lines[0]).startsWith("vhost  name      messages_ready");
        assertThat(lines[1]).startsWith("/      invoices  1");
        assertThat(lines[0].indexOf("messages_ready")).isEqualTo(lines[1].indexOf("1"));
    }

    @Test
    void listWithJsonFormatPrintsTheApiAnswer() throws Exception {
        assertThat(cli("list", "exchanges", "--vhost", "/", "--format", "json")).isZero();
        JsonNode xs = JSON.readTree(cliOut());
        assertThat(find(xs, "name", "amq.fanout").get("type").asText()).isEqualTo("fanout");
        assertThat(cli("list", "users")).isZero();
        assertThat(cliOut()).contains("guest").contains("administrator");
        assertThat(cli("list", "vhosts")).isZero();
        assertThat(cli("list", "connections")).isZero();
        assertThat(cli("list", "bindings")).isZero();
    }

    @Test
    void statusSummarisesTheServer() {
        assertThat(cli("status")).isZero();
        assertThat(cliOut()).contains("Node:         warren@").contains("Alarms:       none")
                .contains("Listener:     amqp on 127.0.0.1:" + warren.amqpPort());
    }

    @Test
    void exportThenImportRoundTrips(@TempDir Path dir) throws Exception {
        call("PUT", "/api/queues/%2F/kept", "{\"durable\":true}");
        Path file = dir.resolve("defs.json");
        assertThat(cli("export", file.toString())).isZero();
        assertThat(JSON.readTree(file.toFile()).get("queues").get(0).get("name").asText()).isEqualTo("kept");
        call("DELETE", "/api/queues/%2F/kept", null);
        assertThat(cli("import", file.toString())).isZero();
        assertThat(warren.broker().virtualHost("/").queue("kept")).isNotNull();
    }

    @Test
    void badCredentialsOrUnknownKindFailWithAMessage() {
        assertThat(cli("list", "queues", "--username", "guest", "--password", "wrong")).isEqualTo(1);
        assertThat(cliErr()).contains("401").contains("Login failed");
        assertThat(cli("list", "teapots")).isEqualTo(2);
    }

    @Test
    void publishGetPurgeAndDeleteAQueue() {
        call("PUT", "/api/queues/%2F/tasks", "{}");
        assertThat(cli("publish", "--routing-key", "tasks", "first task")).isZero();
        assertThat(cli("publish", "--routing-key", "nowhere", "lost")).isEqualTo(1);
        assertThat(cli("get", "tasks")).isZero();
        assertThat(cliOut()).contains("first task");
        assertThat(warren.broker().virtualHost("/").queue("tasks").messageCount()).isEqualTo(1);
        assertThat(cli("purge", "tasks")).isZero();
        assertThat(warren.broker().virtualHost("/").queue("tasks").messageCount()).isZero();
        assertThat(cli("delete", "queue", "tasks")).isZero();
        assertThat(warren.broker().virtualHost("/").queue("tasks")).isNull();
        assertThat(cli("delete", "queue", "tasks")).isEqualTo(1);
        assertThat(cliErr()).contains("404");
    }

    @Test
    void usersCanBeAddedGivenANewPasswordAndDeleted() throws Exception {
        assertThat(cli("users", "add", "zoe", "pw1", "--tags", "management", "--vhost", "/")).isZero();
        assertThat(call("GET", "/api/whoami", null, "zoe", "pw1").statusCode()).isEqualTo(200);
        assertThat(cli("users", "passwd", "zoe", "pw2")).isZero();
        assertThat(call("GET", "/api/whoami", null, "zoe", "pw1").statusCode()).isEqualTo(401);
        assertThat(json(call("GET", "/api/whoami", null, "zoe", "pw2")).get("tags").get(0).asText())
                .isEqualTo("management");
        assertThat(cli("users", "delete", "zoe")).isZero();
        assertThat(call("GET", "/api/whoami", null, "zoe", "pw2").statusCode()).isEqualTo(401);
        assertThat(cli("users", "delete", "zoe")).isEqualTo(1);
        assertThat(cli("users", "passwd", "nobody", "x")).isEqualTo(1);
    }
}
