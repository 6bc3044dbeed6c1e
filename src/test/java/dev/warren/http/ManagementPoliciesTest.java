package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import dev.warren.WarrenConfig;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** /api/policies: RabbitMQ's JSON shapes, status codes, validation and tag rules, and policies in definitions. */
class ManagementPoliciesTest extends ManagementTestBase {
    private static final String LIMIT = """
            {"pattern":"^orders","definition":{"max-length":2,"dead-letter-exchange":"dlx"},"priority":3,
             "apply-to":"queues"}""";

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).user("pm", "pm", Set.of("policymaker"), Set.of("/"));
    }

    @Test
    void putCreatesThen204UpdatesAndGetShowsRabbitMqsShape() {
        assertThat(call("PUT", "/api/policies/%2F/limit", LIMIT).statusCode()).isEqualTo(201);
        JsonNode p = getJson("/api/policies/%2F/limit");
        assertThat(p.toString()).isEqualTo("{\"vhost\":\"/\",\"name\":\"limit\",\"pattern\":\"^orders\","
                + "\"apply-to\":\"queues\",\"definition\":{\"dead-letter-exchange\":\"dlx\",\"max-length\":2},"
                + "\"priority\":3}");
        assertThat(call("PUT", "/api/policies/%2F/limit",
                "{\"pattern\":\"^x\",\"definition\":{\"message-ttl\":5}}").statusCode()).isEqualTo(204);
        p = getJson("/api/policies/%2F/limit");
        assertThat(p.get("apply-to").asText()).isEqualTo("all");
        assertThat(p.get("priority").asInt()).isZero();
        assertThat(getJson("/api/policies")).hasSize(1);
        assertThat(getJson("/api/policies/%2F").get(0).get("name").asText()).isEqualTo("limit");
    }

    @Test
    void deleteIs204ThenMissingPoliciesAre404() {
        call("PUT", "/api/policies/%2F/gone", LIMIT);
        assertThat(call("DELETE", "/api/policies/%2F/gone", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/policies/%2F/gone", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/policies/%2F/gone").statusCode()).isEqualTo(404);
        assertThat(get("/api/policies/no-such-vhost").statusCode()).isEqualTo(404);
        assertThat(getJson("/api/policies")).isEmpty();
    }

    @Test
    void invalidPoliciesAre400BadRequest() {
        String[][] cases = {
                {"{\"pattern\":\".*\",\"definition\":{\"max-priority\":10}}", "are not recognised policy settings"},
                {"{\"pattern\":\".*\",\"definition\":{\"foo\":1}}", "are not recognised policy settings"},
                {"{\"pattern\":\".*\",\"definition\":{\"message-ttl\":-5}}", "is not a valid message TTL"},
                {"{\"pattern\":\".*\",\"definition\":{\"max-length\":\"ten\"}}", "is not a valid maximum length"},
                {"{\"pattern\":\".*\",\"definition\":{}}", "no policy provided"},
                {"{\"pattern\":\"[\",\"definition\":{\"max-length\":1}}", "is not a valid regex"},
                {"{\"pattern\":\".*\",\"definition\":{\"max-length\":1},\"apply-to\":\"x\"}", "apply-to"},
                {"{\"pattern\":\".*\",\"definition\":{\"max-length\":1},\"priority\":\"high\"}", "priority"},
                {"{\"definition\":{\"max-length\":1}}", "key_missing,pattern"},
                {"{\"pattern\":\".*\"}", "key_missing,definition"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = call("PUT", "/api/policies/%2F/bad", c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).get("error").asText()).isEqualTo("bad_request");
            assertThat(json(r).get("reason").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(getJson("/api/policies")).isEmpty();
    }

    @Test
    void policymakersAndAdministratorsManagePoliciesOthersDoNot() {
        assertThat(call("PUT", "/api/policies/%2F/p", LIMIT, "pm", "pm").statusCode()).isEqualTo(201);
        assertThat(call("GET", "/api/policies", null, "pm", "pm").statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/api/policies/%2F/p", LIMIT, "mgmt", "mgmt").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/policies", null, "monitor", "monitor").statusCode()).isEqualTo(401);
        assertThat(call("DELETE", "/api/policies/%2F/p", null, "mgmt", "mgmt").statusCode()).isEqualTo(401);
        assertThat(call("DELETE", "/api/policies/%2F/p", null, "pm", "pm").statusCode()).isEqualTo(204);
        assertThat(getJson("/api/operator-policies")).isEmpty();
    }

    @Test
    void queuesAndExchangesShowTheirPolicyAndItsEffectiveDefinition() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("orders.eu", false, false, false, null);
        ch.queueDeclare("plain", false, false, false, null);
        call("PUT", "/api/policies/%2F/limit", LIMIT);
        call("PUT", "/api/policies/%2F/ae", "{\"pattern\":\"^amq.direct$\",\"definition\":"
                + "{\"alternate-exchange\":\"lost\"},\"apply-to\":\"exchanges\"}");
        JsonNode q = getJson("/api/queues/%2F/orders.eu");
        assertThat(q.get("policy").asText()).isEqualTo("limit");
        assertThat(q.get("effective_policy_definition").get("max-length").asInt()).isEqualTo(2);
        JsonNode plain = getJson("/api/queues/%2F/plain");
        assertThat(plain.get("policy").isNull()).isTrue();
        assertThat(plain.get("effective_policy_definition").isEmpty()).isTrue();
        assertThat(getJson("/api/exchanges/%2F/amq.direct").get("policy").asText()).isEqualTo("ae");
        assertThat(getJson("/api/exchanges/%2F/amq.fanout").has("policy")).isFalse();
    }

    @Test
    void definitionsExportAndImportPoliciesLosslessly() {
        call("PUT", "/api/policies/%2F/limit", LIMIT);
        call("PUT", "/api/vhosts/v2", null);
        call("PUT", "/api/policies/v2/ttl", "{\"pattern\":\".*\",\"definition\":{\"message-ttl\":1000,"
                + "\"overflow\":\"reject-publish\"},\"priority\":\"7\",\"apply-to\":\"classic_queues\"}");
        JsonNode exported = getJson("/api/definitions");
        JsonNode policies = exported.get("policies");
        assertThat(policies).hasSize(2);
        assertThat(policies.get(0).toString()).isEqualTo("{\"vhost\":\"/\",\"name\":\"limit\",\"pattern\":\"^orders\","
                + "\"apply-to\":\"queues\",\"definition\":{\"dead-letter-exchange\":\"dlx\",\"max-length\":2},"
                + "\"priority\":3}");
        assertThat(getJson("/api/definitions/v2").get("policies").get(0).has("vhost")).isFalse();

        call("DELETE", "/api/policies/%2F/limit", null);
        call("DELETE", "/api/policies/v2/ttl", null);
        assertThat(call("POST", "/api/definitions", exported.toString()).statusCode()).isIn(200, 201, 204);
        assertThat(getJson("/api/definitions").get("policies")).isEqualTo(policies);

        HttpResponse<String> bad = call("POST", "/api/definitions", "{\"policies\":[{\"vhost\":\"/\",\"name\":\"x\","
                + "\"pattern\":\".*\",\"definition\":{\"max-priority\":5}}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("reason").asText()).contains("policy 'x'");
    }
}
