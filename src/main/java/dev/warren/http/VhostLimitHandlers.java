package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warren.broker.VirtualHost;

/**
 * /api/vhost-limits: RabbitMQ's per-vhost limits {@code max-connections} and {@code max-queues}
 * (a negative value is no limit, 0 allows none). Listing shows {"vhost", "value": {limit: n}} for each
 * vhost that has limits; PUT {"value": n} and DELETE set and clear one (administrators).
 */
final class VhostLimitHandlers {
    private final ApiContext api;

    VhostLimitHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/vhost-limits", Access.MANAGEMENT, this::list);
        r.get("/api/vhost-limits/{vhost}", Access.MANAGEMENT, this::list);
        r.put("/api/vhost-limits/{vhost}/{name}", Access.ADMINISTRATOR, this::set);
        r.delete("/api/vhost-limits/{vhost}/{name}", Access.ADMINISTRATOR, this::clear);
    }

    Response list(Request r) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.listed(r)) {
            if (!vh.limits().isEmpty()) {
                out.addObject().put("vhost", vh.name()).set("value", Json.MAPPER.valueToTree(vh.limits()));
            }
        }
        return Response.json(out);
    }

    Response set(Request r) {
        VirtualHost vh = api.vhost(r);
        JsonNode body = r.json();
        if (!body.has("value")) {
            throw HttpError.badRequest("[{key_missing,value}]");
        }
        JsonNode value = body.get("value");
        String name = r.param("name");
        if (!VirtualHost.LIMIT_NAMES.contains(name)) {
            throw HttpError.badRequest("Validation failed\n\n" + name + " is not recognised\n");
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw HttpError.badRequest("Validation failed\n\n" + name + " should be a number\n");
        }
        vh.setLimit(name, value.asLong());
        return Response.noContent();
    }

    Response clear(Request r) {
        VirtualHost vh = api.vhost(r);
        if (!VirtualHost.LIMIT_NAMES.contains(r.param("name"))) {
            throw HttpError.badRequest("Validation failed\n\n" + r.param("name") + " is not recognised\n");
        }
        vh.setLimit(r.param("name"), null);
        return Response.noContent();
    }
}
