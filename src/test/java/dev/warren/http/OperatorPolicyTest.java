package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RabbitMQ's operator policies: their API, their merge with policies and arguments, and definitions. */
class OperatorPolicyTest extends ManagementTestBase {

    private void publish(Channel ch, String queue, int count) throws Exception {
        ch.confirmSelect();
        for (int i = 0; i < count; i++) {
            ch.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(5000);
    }

    private int depth(String queue) {
        return warren.broker().virtualHost("/").queue(queue).messageCount();
    }

    @Test
    void operatorPoliciesAreSetListedShownAndCleared() {
        String body = "{\"pattern\":\"^capped\",\"definition\":{\"max-length\":2},\"apply-to\":\"queues\"}";
        assertThat(call("PUT", "/api/operator-policies/%2F/cap", body).statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/api/operator-policies/%2F/cap", body).statusCode()).isEqualTo(204);
        JsonNode all = getJson("/api/operator-policies");
        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("name").asText()).isEqualTo("cap");
        assertThat(all.get(0).get("vhost").asText()).isEqualTo("/");
        assertThat(all.get(0).get("apply-to").asText()).isEqualTo("queues");
        assertThat(all.get(0).get("definition").get("max-length").asLong()).isEqualTo(2);
        assertThat(getJson("/api/operator-policies/%2F")).hasSize(1);
        assertThat(getJson("/api/operator-policies/%2F/cap").get("pattern").asText()).isEqualTo("^capped");
        assertThat(getJson("/api/policies")).isEmpty(); // operator policies are kept apart

        var refused = call("PUT", "/api/operator-policies/%2F/dlx",
                "{\"pattern\":\".*\",\"definition\":{\"dead-letter-exchange\":\"x\"}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("are not recognised policy settings");
        assertThat(call("PUT", "/api/operator-policies/%2F/cap2", body, "mgmt", "mgmt").statusCode()).isEqualTo(401);

        assertThat(call("DELETE", "/api/operator-policies/%2F/cap", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/operator-policies/%2F/cap", null).statusCode()).isEqualTo(404);
        assertThat(getJson("/api/operator-policies")).isEmpty();
    }

    @Test
    void theLowerOfPolicyOperatorPolicyAndArgumentApplies() throws Exception {
        call("PUT", "/api/policies/%2F/roomy", "{\"pattern\":\"^capped\",\"definition\":{\"max-length\":5,\"message-ttl\":1000}}");
        var r = call("PUT", "/api/operator-policies/%2F/cap",
                "{\"pattern\":\"^capped\",\"definition\":{\"max-length\":2,\"message-ttl\":60000},\"apply-to\":\"queues\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Channel ch = openChannel();
        ch.queueDeclare("capped", false, false, false, null);
        ch.queueDeclare("capped-by-argument", false, false, false, Map.of("x-max-length", 1));
        publish(ch, "capped", 4);
        publish(ch, "capped-by-argument", 4);
        assertThat(depth("capped")).isEqualTo(2);
        assertThat(depth("capped-by-argument")).isEqualTo(1);

        JsonNode q = getJson("/api/queues/%2F/capped");
        assertThat(q.get("policy").asText()).isEqualTo("roomy");
        assertThat(q.get("operator_policy").asText()).isEqualTo("cap");
        assertThat(q.get("effective_policy_definition").get("max-length").asLong()).isEqualTo(2);
        assertThat(q.get("effective_policy_definition").get("message-ttl").asLong()).isEqualTo(1000);

        // cleared: the regular policy's limit is back, for live queues
        assertThat(call("DELETE", "/api/operator-policies/%2F/cap", null).statusCode()).isEqualTo(204);
        publish(ch, "capped", 4);
        assertThat(depth("capped")).isEqualTo(5);
        assertThat(getJson("/api/queues/%2F/capped").get("operator_policy").isNull()).isTrue();
    }

    @Test
    void operatorPoliciesAreExportedAndImportedAsRabbitMqParameters() {
        call("PUT", "/api/operator-policies/%2F/cap", "{\"pattern\":\"^capped\",\"definition\":{\"max-length\":2},\"priority\":3}");
        JsonNode param = find(getJson("/api/definitions").get("parameters"), "component", "operator_policy");
        assertThat(param).isNotNull();
        assertThat(param.get("name").asText()).isEqualTo("cap");
        assertThat(param.get("vhost").asText()).isEqualTo("/");
        assertThat(param.get("value").get("pattern").asText()).isEqualTo("^capped");
        assertThat(param.get("value").get("priority").asInt()).isEqualTo(3);
        assertThat(param.get("value").get("definition").get("max-length").asLong()).isEqualTo(2);

        var r = call("POST", "/api/definitions", """
                {"parameters":[{"vhost":"/","component":"operator_policy","name":"ttl",
                  "value":{"pattern":"^t","definition":{"message-ttl":500},"priority":0,"apply-to":"queues"}}]}""");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201, 204);
        assertThat(getJson("/api/operator-policies/%2F/ttl").get("definition").get("message-ttl").asLong())
                .isEqualTo(500);
    }
}
