package dev.warren.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a status, a content type, a body and extra headers. */
public record Response(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";

    public static Response json(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    public static Response json(HttpResponseStatus status, Object value) {
        try {
            return new Response(status, JSON, Json.MAPPER.writeValueAsBytes(value), new LinkedHashMap<>());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response noContent() {
        return new Response(HttpResponseStatus.NO_CONTENT, null, new byte[0], new LinkedHashMap<>());
    }

    public static Response created() {
        return new Response(HttpResponseStatus.CREATED, null, new byte[0], new LinkedHashMap<>());
    }

    public static Response text(HttpResponseStatus status, String contentType, String text) {
        return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    public static Response error(HttpError e) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("reason", e.reason());
        return json(e.status(), body);
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
