package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ManagementWebUiTest extends ManagementTestBase {

    @Test
    void rootServesTheUiPageWithoutCredentials() {
        HttpResponse<String> r = call("GET", "/", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<title>Warren Management</title>").contains("app.js");
    }

    @Test
    void scriptAndStylesheetAreServedWithTheirTypes() {
        HttpResponse<String> js = call("GET", "/app.js", null, null, null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(js.body()).contains("/api/overview").contains("/api/queues").contains("/api/connections/");
        assertThat(call("GET", "/style.css", null, null, null).headers().firstValue("Content-Type").orElse(""))
                .startsWith("text/css");
    }

    @Test
    void unknownOrUnsafeFilesAre404AndApiStillNeedsCredentials() {
        assertThat(call("GET", "/missing.js", null, null, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/..%2Fpom.xml", null, null, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/a/b/c.js", null, null, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/overview", null, null, null).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/", "{}", null, null).statusCode()).isEqualTo(404);
    }
}
