package dev.warren.http;

import dev.warren.testing.InProcessCli;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Starts Warren with the management API on a free port and talks to it with java.net.http. Users:
 * guest (administrator), "mgmt" (management, vhost /), "monitor" (monitoring), "plain" (no tags),
 * "other" (management, vhost "other" only). Every password is the user name.
 */
abstract class ManagementTestBase extends AmqpTestBase {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.httpPort(0).prometheusPort(WarrenConfig.OFF)
                .user("mgmt", "mgmt", Set.of("management"), Set.of("/"))
                .user("monitor", "monitor", Set.of("monitoring"), Set.of("/"))
                .user("plain", "plain", Set.of(), Set.of("/"))
                .user("other", "other", Set.of("management"), Set.of("other"));
    }

    /** A request as guest (administrator). */
    HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, body, "guest", "guest");
    }

    HttpResponse<String> call(String method, String path, String body, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + warren.httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP " + method + " " + path + " failed: " + e, e);
        }
    }

    HttpResponse<String> get(String path) {
        return call("GET", path, null);
    }

    /** GETs as guest and parses the JSON body, failing unless the status is 200. */
    JsonNode getJson(String path) {
        return getJson(path, "guest");
    }

    JsonNode getJson(String path, String user) {
        HttpResponse<String> r = call("GET", path, null, user, user);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " as " + user + ": " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** The element of a JSON array whose field equals value, or null. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        return null;
    }

    private InProcessCli cli;

    /** Runs {@code warren ARGS... --port <this Warren's HTTP port>} in-process; returns the exit code. */
    protected int cli(String... args) {
        if (cli == null) {
            cli = new InProcessCli(warren.httpPort());
        }
        return cli.run(args);
    }

    /** What the CLI commands run so far printed on standard output. */
    protected String cliOut() {
        return cli.out();
    }

    /** What the CLI commands run so far printed on standard error. */
    protected String cliErr() {
        return cli.err();
    }
}
