package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import picocli.CommandLine.Option;

/**
 * The connection options of the commands that talk to a running Warren through its management HTTP
 * API (a picocli mixin), and the calls themselves.
 */
final class ManagementClient {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-H", "--host"}, defaultValue = "localhost", description = "Management API host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-P", "--port"}, defaultValue = "15672", description = "Management API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-u", "--username"}, defaultValue = "guest", description = "User name (default: ${DEFAULT-VALUE}).")
    String username;

    @Option(names = {"-p", "--password"}, defaultValue = "guest", description = "Password (default: ${DEFAULT-VALUE}).")
    String password;

    private HttpClient http;

    JsonNode get(String path) {
        String body = send("GET", path, null);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " did not answer JSON");
        }
    }

    String send(String method, String path, String body) {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the management API at " + host + ":" + port + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (response.statusCode() >= 400) {
            String reason = response.body();
            try {
                JsonNode err = JSON.readTree(response.body());
                reason = err.path("error").asText() + ": " + err.path("reason").asText();
            } catch (IOException ignored) {
                // not JSON: show it as is
            }
            throw new IllegalStateException(method + " " + path + " failed with " + response.statusCode() + " " + reason);
        }
        return response.body();
    }
}
