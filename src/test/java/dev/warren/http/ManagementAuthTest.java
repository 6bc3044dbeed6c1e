package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ManagementAuthTest extends ManagementTestBase {

    @Test
    void requestWithoutCredentialsIs401WithBasicChallengeAndErrorJson() {
        HttpResponse<String> r = call("GET", "/api/overview", null, null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        JsonNode body = json(r);
        assertThat(body.get("error").asText()).isEqualTo("not_authorised");
        assertThat(body.get("reason").asText()).isEqualTo("Login failed");
    }

    @Test
    void theWebUiGetsNoLoginChallengeSoTheBrowserShowsNoDialog() {
        HttpResponse<String> r = call("GET", "/api/whoami?x", null, "guest", "wrong");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        try {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + warren.httpPort() + "/api/whoami"))
                    .header("X-Requested-With", "XMLHttpRequest").build();
            var res = java.net.http.HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(401);
            assertThat(res.headers().firstValue("WWW-Authenticate")).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void wrongPasswordIs401() {
        assertThat(call("GET", "/api/overview", null, "guest", "nope").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/overview", null, "nobody", "x").statusCode()).isEqualTo(401);
    }

    /** RabbitMQ answers a missing tag with 401 not_authorised too (not 403), without a login challenge. */
    @Test
    void userWithoutManagementTagIsRefusedWith401AndReason() {
        HttpResponse<String> r = call("GET", "/api/overview", null, "plain", "plain");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).isEqualTo("not_authorised");
        assertThat(json(r).get("reason").asText()).isEqualTo("Not management user");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void managementUserCannotListUsersButAdministratorCan() {
        HttpResponse<String> r = call("GET", "/api/users", null, "mgmt", "mgmt");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("reason").asText()).isEqualTo("Not administrator user");
        assertThat(call("GET", "/api/definitions", null, "monitor", "monitor").statusCode()).isEqualTo(401);
        assertThat(getJson("/api/users")).anySatisfy(u -> assertThat(u.get("name").asText()).isEqualTo("guest"));
    }

    @Test
    void whoamiReportsNameAndTags() {
        JsonNode me = getJson("/api/whoami", "monitor");
        assertThat(me.get("name").asText()).isEqualTo("monitor");
        assertThat(me.get("tags").get(0).asText()).isEqualTo("monitoring");
    }

    @Test
    void managementUserSeesOnlyItsOwnVhosts() {
        JsonNode vhosts = getJson("/api/vhosts", "other");
        assertThat(vhosts).hasSize(1);
        assertThat(vhosts.get(0).get("name").asText()).isEqualTo("other");
        assertThat(call("GET", "/api/queues/%2F", null, "other", "other").statusCode()).isEqualTo(401);
        assertThat(getJson("/api/vhosts", "monitor")).hasSize(2);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        HttpResponse<String> notFound = get("/api/nothing-here");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(json(notFound).get("error").asText()).isEqualTo("Object Not Found");
        HttpResponse<String> wrongMethod = call("POST", "/api/overview", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void unknownVhostIs404() {
        assertThat(get("/api/queues/nope").statusCode()).isEqualTo(404);
    }
}
