package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.cli.WarrenCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code warren policies set|clear} and {@code warren list policies} against a running Warren. */
class PolicyCliTest extends ManagementTestBase {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new WarrenCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("warren: " + ex.getMessage());
            cmd.getErr().flush();
            return 1;
        });
        String[] withPort = new String[args.length + 2];
        System.arraycopy(args, 0, withPort, 0, args.length);
        withPort[args.length] = "--port";
        withPort[args.length + 1] = String.valueOf(warren.httpPort());
        return cli.execute(withPort);
    }

    @Test
    void setListAndClearAPolicy() throws Exception {
        call("PUT", "/api/queues/%2F/orders", "{\"durable\":true}");
        assertThat(run("policies", "set", "limit", "^orders$", "{\"max-length\":10}", "--priority", "4",
                "--apply-to", "queues")).isZero();
        assertThat(out.toString()).contains("Set policy limit");
        JsonNode p = getJson("/api/policies/%2F/limit");
        assertThat(p.get("priority").asInt()).isEqualTo(4);
        assertThat(p.get("apply-to").asText()).isEqualTo("queues");
        assertThat(p.get("definition").get("max-length").asInt()).isEqualTo(10);
        assertThat(getJson("/api/queues/%2F/orders").get("policy").asText()).isEqualTo("limit");

        assertThat(run("list", "policies")).isZero();
        assertThat(out.toString()).contains("vhost  name   pattern   apply-to  definition         priority")
                .contains("/      limit  ^orders$  queues    {\"max-length\":10}  4");

        assertThat(run("policies", "clear", "limit")).isZero();
        assertThat(get("/api/policies/%2F/limit").statusCode()).isEqualTo(404);
        assertThat(getJson("/api/queues/%2F/orders").get("policy").isNull()).isTrue();
    }

    @Test
    void invalidPoliciesAndUnknownNamesFailWithTheApiReason() {
        assertThat(run("policies", "set", "p", ".*", "{\"max-priority\":5}")).isEqualTo(1);
        assertThat(err.toString()).contains("400").contains("not recognised policy settings");
        assertThat(run("policies", "set", "p", ".*", "not json")).isEqualTo(1);
        assertThat(err.toString()).contains("DEFINITION is not valid JSON");
        assertThat(run("policies", "clear", "nope", "--vhost", "/")).isEqualTo(1);
        assertThat(err.toString()).contains("404");
    }
}
