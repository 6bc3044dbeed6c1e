package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ManagementExchangesTest extends ManagementTestBase {

    @Test
    void listsDefaultAndPredeclaredExchanges() {
        JsonNode xs = getJson("/api/exchanges/%2F");
        JsonNode direct = find(xs, "name", "amq.direct");
        assertThat(direct.get("type").asText()).isEqualTo("direct");
        assertThat(direct.get("durable").asBoolean()).isTrue();
        assertThat(direct.get("vhost").asText()).isEqualTo("/");
        assertThat(find(xs, "name", "")).isNotNull();
        assertThat(getJson("/api/exchanges/%2F/amq.topic").get("type").asText()).isEqualTo("topic");
        assertThat(get("/api/exchanges/%2F/missing").statusCode()).isEqualTo(404);
    }

    @Test
    void putDeclaresDeleteRemovesAndReservedNamesAreRefused() {
        assertThat(call("PUT", "/api/exchanges/%2F/events", "{\"type\":\"topic\",\"durable\":true}").statusCode())
                .isEqualTo(201);
        assertThat(call("PUT", "/api/exchanges/%2F/events", "{\"type\":\"topic\",\"durable\":true}").statusCode())
                .isEqualTo(204);
        assertThat(call("PUT", "/api/exchanges/%2F/events", "{\"type\":\"fanout\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/exchanges/%2F/notype", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> reserved = call("PUT", "/api/exchanges/%2F/amq.mine", "{\"type\":\"direct\"}");
        assertThat(reserved.statusCode()).isEqualTo(401);
        assertThat(json(reserved).get("reason").asText()).startsWith("ACCESS_REFUSED - exchange name 'amq.mine'");
        assertThat(call("DELETE", "/api/exchanges/%2F/events", null).statusCode()).isEqualTo(204);
        assertThat(warren.broker().virtualHost("/").exchange("events")).isNull();
        assertThat(call("DELETE", "/api/exchanges/%2F/events", null).statusCode()).isEqualTo(404);
    }

    @Test
    void publishRoutesThroughBindingsAndReportsRouted() {
        call("PUT", "/api/exchanges/%2F/logs", "{\"type\":\"direct\"}");
        call("PUT", "/api/queues/%2F/errors", "{}");
        HttpResponse<String> bound = call("POST", "/api/bindings/%2F/e/logs/q/errors", "{\"routing_key\":\"error\"}");
        assertThat(bound.statusCode()).isEqualTo(201);
        assertThat(bound.headers().firstValue("Location")).hasValue("error");

        HttpResponse<String> routed = call("POST", "/api/exchanges/%2F/logs/publish",
                "{\"properties\":{\"delivery_mode\":2},\"routing_key\":\"error\",\"payload\":\"disk full\","
                        + "\"payload_encoding\":\"string\"}");
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(json(routed).get("routed").asBoolean()).isTrue();
        HttpResponse<String> unrouted = call("POST", "/api/exchanges/%2F/logs/publish",
                "{\"properties\":{},\"routing_key\":\"info\",\"payload\":\"aGk=\",\"payload_encoding\":\"base64\"}");
        assertThat(json(unrouted).get("routed").asBoolean()).isFalse();
        assertThat(warren.broker().virtualHost("/").queue("errors").messageCount()).isEqualTo(1);
        HttpResponse<String> viaDefault = call("POST", "/api/exchanges/%2F/amq.default/publish",
                "{\"properties\":{},\"routing_key\":\"errors\",\"payload\":\"x\",\"payload_encoding\":\"string\"}");
        assertThat(json(viaDefault).get("routed").asBoolean()).isTrue();
        assertThat(call("POST", "/api/exchanges/%2F/logs/publish", "{\"payload\":\"x\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void bindingsAreListedPerVhostQueueAndExchangeAndCanBeDeleted() {
        call("PUT", "/api/exchanges/%2F/src", "{\"type\":\"topic\"}");
        call("PUT", "/api/queues/%2F/dst", "{}");
        call("POST", "/api/bindings/%2F/e/src/q/dst", "{\"routing_key\":\"a.#\"}");
        JsonNode all = getJson("/api/bindings/%2F");
        assertThat(all).anySatisfy(b -> {
            assertThat(b.get("source").asText()).isEqualTo("src");
            assertThat(b.get("destination").asText()).isEqualTo("dst");
            assertThat(b.get("destination_type").asText()).isEqualTo("queue");
            assertThat(b.get("routing_key").asText()).isEqualTo("a.#");
            assertThat(b.get("properties_key").asText()).isEqualTo("a.%23");
        });
        JsonNode ofQueue = getJson("/api/queues/%2F/dst/bindings");
        assertThat(ofQueue).hasSize(2); // the default exchange's implicit binding, and ours
        assertThat(getJson("/api/exchanges/%2F/src/bindings/source")).hasSize(1);
        assertThat(call("DELETE", "/api/bindings/%2F/e/src/q/dst/a.%2523", null).statusCode()).isEqualTo(204);
        assertThat(getJson("/api/exchanges/%2F/src/bindings/source")).isEmpty();
        assertThat(call("DELETE", "/api/bindings/%2F/e/src/q/dst/a.%2523", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/bindings/%2F/e/nope/q/dst", "{}").statusCode()).isEqualTo(404);
    }
}
