package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.WarrenConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagementParametersTest extends ManagementTestBase {

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).user("pm", "pm", Set.of("policymaker"), Set.of("/"))
                .user("pm-elsewhere", "pm-elsewhere", Set.of("policymaker"), Set.of("other"));
    }

    @Test
    void vhostParametersAreForPolicymakersAsInRabbitMq() {
        assertThat(call("GET", "/api/parameters", null, "pm", "pm").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/parameters/shovel/%2F", null, "pm", "pm").statusCode()).isEqualTo(200);
        // past the authorisation: refused only because Warren has no such component
        var put = call("PUT", "/api/parameters/shovel/%2F/s", "{\"value\":{}}", "pm", "pm");
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(json(put).get("reason").asText()).contains("component shovel not found");
        assertThat(call("DELETE", "/api/parameters/shovel/%2F/s", null, "pm", "pm").statusCode()).isEqualTo(404);
        // a policymaker changes parameters only in vhosts it has permissions in
        assertThat(call("PUT", "/api/parameters/shovel/%2F/s", "{\"value\":{}}", "pm-elsewhere", "pm-elsewhere")
                .statusCode()).isEqualTo(401);
        // management and monitoring users are not policymakers
        assertThat(call("GET", "/api/parameters", null, "mgmt", "mgmt").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/parameters", null, "monitor", "monitor").statusCode()).isEqualTo(401);
        // global parameters stay the administrator's
        assertThat(call("GET", "/api/global-parameters", null, "pm", "pm").statusCode()).isEqualTo(401);
    }

    @Test
    void vhostParametersAreEmptyAndAnUnknownComponentIsRefusedAsRabbitMqDoes() {
        assertThat(getJson("/api/parameters")).isEmpty();
        assertThat(getJson("/api/parameters/federation-upstream")).isEmpty();
        assertThat(getJson("/api/parameters/federation-upstream/%2F")).isEmpty();
        assertThat(get("/api/parameters/federation-upstream/%2F/up").statusCode()).isEqualTo(404);
        var put = call("PUT", "/api/parameters/federation-upstream/%2F/up", "{\"value\":{\"uri\":\"amqp://x\"}}");
        assertThat(put.statusCode()).isEqualTo(400);
        JsonNode error = json(put);
        assertThat(error.get("error").asText()).isEqualTo("bad_request");
        assertThat(error.get("reason").asText()).isEqualTo("Validation failed\n\ncomponent federation-upstream not found\n");
        assertThat(call("DELETE", "/api/parameters/federation-upstream/%2F/up", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/parameters/shovel/nowhere").statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/parameters/shovel/%2F/s", "{\"value\":{}}", "mgmt", "mgmt").statusCode())
                .isEqualTo(401);
    }

    @Test
    void globalParametersStoreValuesAndClusterNameRenamesTheCluster() {
        JsonNode initial = getJson("/api/global-parameters");
        assertThat(find(initial, "name", "cluster_name")).isNotNull();

        assertThat(call("PUT", "/api/global-parameters/cluster_name", "{\"value\":\"shop-cluster\"}").statusCode())
                .isEqualTo(201);
        assertThat(getJson("/api/cluster-name").get("name").asText()).isEqualTo("shop-cluster");
        assertThat(getJson("/api/overview").get("cluster_name").asText()).isEqualTo("shop-cluster");
        assertThat(call("PUT", "/api/global-parameters/my_setting", "{\"value\":{\"a\":1}}").statusCode()).isEqualTo(201);
        assertThat(getJson("/api/global-parameters/my_setting").get("value").get("a").asInt()).isEqualTo(1);
        assertThat(call("PUT", "/api/global-parameters/my_setting", "{}").statusCode()).isEqualTo(400);

        JsonNode defs = getJson("/api/definitions").get("global_parameters");
        assertThat(find(defs, "name", "cluster_name").get("value").asText()).isEqualTo("shop-cluster");

        assertThat(call("DELETE", "/api/global-parameters/my_setting", null).statusCode()).isEqualTo(204);
        assertThat(get("/api/global-parameters/my_setting").statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/cluster-name", "{\"name\":\"renamed\"}").statusCode()).isEqualTo(204);
        assertThat(getJson("/api/cluster-name").get("name").asText()).isEqualTo("renamed");
        assertThat(call("GET", "/api/global-parameters", null, "mgmt", "mgmt").statusCode()).isEqualTo(401);
    }

    @Test
    void definitionsImportGlobalParametersAndSkipUnknownComponents() {
        String defs = "{\"global_parameters\":[{\"name\":\"cluster_name\",\"value\":\"imported\"},"
                + "{\"name\":\"internal_cluster_id\",\"value\":\"rabbitmq-cluster-id-x\"}],"
                + "\"parameters\":[{\"vhost\":\"/\",\"component\":\"federation-upstream\",\"name\":\"up\","
                + "\"value\":{\"uri\":\"amqp://x\"}}]}";
        assertThat(call("POST", "/api/definitions", defs).statusCode()).isEqualTo(204);
        assertThat(getJson("/api/cluster-name").get("name").asText()).isEqualTo("imported");
        assertThat(get("/api/global-parameters/internal_cluster_id").statusCode()).isEqualTo(404);
        assertThat(getJson("/api/parameters")).isEmpty();
    }
}
