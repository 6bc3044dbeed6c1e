package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code warren policies set|clear} and {@code warren list policies} against a running Warren. */
class PolicyCliTest extends ManagementTestBase {

    @Test
    void setListAndClearAPolicy() throws Exception {
        call("PUT", "/api/queues/%2F/orders", "{\"durable\":true}");
        assertThat(cli("policies", "set", "limit", "^orders$", "{\"max-length\":10}", "--priority", "4",
                "--apply-to", "queues")).isZero();
        assertThat(cliOut()).contains("Set policy limit");
        JsonNode p = getJson("/api/policies/%2F/limit");
        assertThat(p.get("priority").asInt()).isEqualTo(4);
        assertThat(p.get("apply-to").asText()).isEqualTo("queues");
        assertThat(p.get("definition").get("max-length").asInt()).isEqualTo(10);
        assertThat(getJson("/api/queues/%2F/orders").get("policy").asText()).isEqualTo("limit");

        assertThat(cli("list", "policies")).isZero();
        assertThat(cliOut()).contains("vhost  name   pattern   apply-to  definition         priority")
                .contains("/      limit  ^orders$  queues    {\"max-length\":10}  4");

        assertThat(cli("policies", "clear", "limit")).isZero();
        assertThat(get("/api/policies/%2F/limit").statusCode()).isEqualTo(404);
        assertThat(getJson("/api/queues/%2F/orders").get("policy").isNull()).isTrue();
    }

    @Test
    void invalidPoliciesAndUnknownNamesFailWithTheApiReason() {
        assertThat(cli("policies", "set", "p", ".*", "{\"max-priority\":5}")).isEqualTo(1);
        assertThat(cliErr()).contains("400").contains("not recognised policy settings");
        assertThat(cli("policies", "set", "p", ".*", "not json")).isEqualTo(1);
        assertThat(cliErr()).contains("DEFINITION is not valid JSON");
        assertThat(cli("policies", "clear", "nope", "--vhost", "/")).isEqualTo(1);
        assertThat(cliErr()).contains("404");
    }
}
