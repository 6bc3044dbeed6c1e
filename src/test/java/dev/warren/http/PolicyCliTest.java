package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import dev.warren.testing.InProcessCli;

/** {@code warren policies set|clear} and {@code warren list policies} against a running Warren. */
class PolicyCliTest extends ManagementTestBase {
    private InProcessCli cli;

    private int run(String... args) {
        if (cli == null) {
            cli = new InProcessCli(warren.httpPort());
        }
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @Test
    void setListAndClearAPolicy() throws Exception {
        call("PUT", "/api/queues/%2F/orders", "{\"durable\":true}");
        assertThat(run("policies", "set", "limit", "^orders$", "{\"max-length\":10}", "--priority", "4",
                "--apply-to", "queues")).isZero();
        assertThat(out()).contains("Set policy limit");
        JsonNode p = getJson("/api/policies/%2F/limit");
        assertThat(p.get("priority").asInt()).isEqualTo(4);
        assertThat(p.get("apply-to").asText()).isEqualTo("queues");
        assertThat(p.get("definition").get("max-length").asInt()).isEqualTo(10);
        assertThat(getJson("/api/queues/%2F/orders").get("policy").asText()).isEqualTo("limit");

        assertThat(run("list", "policies")).isZero();
        assertThat(out()).contains("vhost  name   pattern   apply-to  definition         priority")
                .contains("/      limit  ^orders$  queues    {\"max-length\":10}  4");

        assertThat(run("policies", "clear", "limit")).isZero();
        assertThat(get("/api/policies/%2F/limit").statusCode()).isEqualTo(404);
        assertThat(getJson("/api/queues/%2F/orders").get("policy").isNull()).isTrue();
    }

    @Test
    void invalidPoliciesAndUnknownNamesFailWithTheApiReason() {
        assertThat(run("policies", "set", "p", ".*", "{\"max-priority\":5}")).isEqualTo(1);
        assertThat(err()).contains("400").contains("not recognised policy settings");
        assertThat(run("policies", "set", "p", ".*", "not json")).isEqualTo(1);
        assertThat(err()).contains("DEFINITION is not valid JSON");
        assertThat(run("policies", "clear", "nope", "--vhost", "/")).isEqualTo(1);
        assertThat(err()).contains("404");
    }
}
