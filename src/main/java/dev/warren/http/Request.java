package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.broker.auth.User;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as handlers see it: method, path parameters (already URL-decoded, so vhost "%2F" is
 * "/"), query parameters, headers, body, and the authenticated user (null on public routes).
 */
public record Request(HttpMethod method, String path, Map<String, String> params, Map<String, List<String>> query,
                      HttpHeaders headers, byte[] body, User user) {

    public String param(String name) {
        return params.get(name);
    }

    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body parsed as JSON; an empty body is an empty object; malformed JSON is a 400. */
    public JsonNode json() {
        if (body.length == 0) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw HttpError.badRequest("failed to decode json: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    Request withParams(Map<String, String> p, User u) {
        return new Request(method, path, p, query, headers, body, u);
    }
}
