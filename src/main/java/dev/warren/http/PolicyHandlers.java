package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.policy.Policy;
import dev.warren.config.Definitions;
import java.util.List;
import java.util.Map;

/**
 * /api/policies: list, show, set (PUT) and clear (DELETE) policies, for users tagged policymaker or
 * administrator (with permissions in the vhost, as RabbitMQ requires). /api/operator-policies answers
 * empty lists: Warren has no operator policies.
 */
final class PolicyHandlers {
    private final ApiContext api;

    PolicyHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/policies", Access.POLICYMAKER, this::list);
        r.get("/api/policies/{vhost}", Access.POLICYMAKER, this::list);
        r.get("/api/policies/{vhost}/{name}", Access.POLICYMAKER, this::show);
        r.put("/api/policies/{vhost}/{name}", Access.POLICYMAKER, this::set);
        r.delete("/api/policies/{vhost}/{name}", Access.POLICYMAKER, this::clear);
        r.get("/api/operator-policies", Access.ADMINISTRATOR, req -> Response.json(List.of()));
        r.get("/api/operator-policies/{vhost}", Access.ADMINISTRATOR, req -> {
            api.vhost(req);
            return Response.json(List.of());
        });
    }

    Response list(Request r) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.listed(r)) {
            for (Policy p : vh.policies().list()) {
                out.add(Definitions.policyJson(p, true));
            }
        }
        return Response.json(out);
    }

    Response show(Request r) {
        Policy p = api.vhost(r).policies().get(r.param("name"));
        if (p == null) {
            throw HttpError.notFound();
        }
        return Response.json(Definitions.policyJson(p, true));
    }

    /** PUT {"pattern": ..., "definition": {...}, "priority": 0, "apply-to": "all"}: 201 when new, else 204. */
    @SuppressWarnings("unchecked")
    Response set(Request r) {
        VirtualHost vh = api.vhostForWrite(r);
        JsonNode body = r.json();
        for (String key : List.of("pattern", "definition")) {
            if (!body.hasNonNull(key)) {
                throw HttpError.badRequest("[{key_missing," + key + "}]");
            }
        }
        JsonNode definition = body.get("definition");
        if (!definition.isObject()) {
            throw HttpError.badRequest("Validation failed\n\ndefinition must be a dictionary: " + definition + "\n");
        }
        JsonNode priority = body.get("priority");
        Object prio = priority == null || priority.isNull() ? null
                : priority.isIntegralNumber() ? (Object) priority.asLong() : priority.asText();
        Policy policy;
        try {
            policy = Policy.of(vh.name(), r.param("name"), body.get("pattern").asText(),
                    body.hasNonNull("apply-to") ? body.get("apply-to").asText() : null, prio,
                    Json.MAPPER.convertValue(definition, Map.class));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return vh.setPolicy(policy) ? Response.created() : Response.noContent();
    }

    Response clear(Request r) {
        VirtualHost vh = api.vhostForWrite(r);
        if (!vh.clearPolicy(r.param("name"))) {
            throw HttpError.notFound();
        }
        return Response.noContent();
    }
}
