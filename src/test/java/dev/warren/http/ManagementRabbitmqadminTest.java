package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ's own CLI, rabbitmqadmin (from Debian's rabbitmq-server 3.10, fetched by
 * scripts/fetch-rabbitmqadmin.sh), manages Warren through the management API. Skipped when the
 * script is not there.
 */
class ManagementRabbitmqadminTest extends ManagementTestBase {

    private static Path rabbitmqadmin() {
        String env = System.getenv("WARREN_RABBITMQADMIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("warren").resolve("rabbitmqadmin");
    }

    private String admin(String... args) throws IOException, InterruptedException {
        Path script = rabbitmqadmin();
        assumeTrue(Files.isRegularFile(script), "rabbitmqadmin not found at " + script);
        List<String> command = new ArrayList<>(List.of("python3", script.toString(), "-H", "127.0.0.1",
                "-P", String.valueOf(warren.httpPort()), "-u", "guest", "-p", "guest"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rabbitmqadmin " + String.join(" ", args) + " timed out");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("rabbitmqadmin %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void declaresPublishesListsGetsAndDeletes() throws Exception {
        assertThat(admin("declare", "queue", "name=orders", "durable=true")).contains("queue declared");
        assertThat(admin("declare", "exchange", "name=shop", "type=fanout")).contains("exchange declared");
        assertThat(admin("declare", "binding", "source=shop", "destination=orders")).contains("binding declared");
        assertThat(admin("publish", "exchange=shop", "routing_key=x", "payload=hello")).contains("Message published");
        assertThat(admin("list", "queues", "name", "messages")).containsPattern("\\| orders \\| 1 +\\|");
        assertThat(admin("list", "bindings", "source", "destination")).containsPattern("\\| shop +\\| orders +\\|");
        assertThat(admin("get", "queue=orders", "ackmode=ack_requeue_true")).contains("hello");
        assertThat(admin("show", "overview")).contains("3.13.7");
        assertThat(admin("list", "users")).contains("administrator");
        assertThat(admin("list", "nodes")).contains("warren@");
        assertThat(admin("purge", "queue", "name=orders")).contains("queue purged");
        assertThat(admin("delete", "queue", "name=orders")).contains("queue deleted");
        assertThat(warren.broker().virtualHost("/").queue("orders")).isNull();
    }

    @Test
    void exportsAndImportsDefinitions(@TempDir Path dir) throws Exception {
        call("PUT", "/api/queues/%2F/kept", "{\"durable\":true}");
        Path file = dir.resolve("defs.json");
        admin("export", file.toString());
        call("DELETE", "/api/queues/%2F/kept", null);
        admin("import", file.toString());
        assertThat(warren.broker().virtualHost("/").queue("kept")).isNotNull();
    }
}
