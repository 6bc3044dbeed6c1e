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
 * administrator (with permissions in the vhost, as RabbitMQ requires); /api/operator-policies the same
 * for operator policies (administrators; only the numeric queue keys RabbitMQ allows there).
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
        r.get("/api/operator-policies", Access.ADMINISTRATOR, this::listOperator);
        r.get("/api/operator-policies/{vhost}", Access.ADMINISTRATOR, this::listOperator);
        r.get("/api/operator-policies/{vhost}/{name}", Access.ADMINISTRATOR, req -> show(req, true));
        r.put("/api/operator-policies/{vhost}/{name}", Access.ADMINISTRATOR, req -> set(req, true));
        r.delete("/api/operator-policies/{vhost}/{name}", Access.ADMINISTRATOR, req -> clear(req, true));
    }

    Response list(Request r) {
        return list(r, false);
    }

    Response listOperator(Request r) {
        return list(r, true);
    }

    private Response list(Request r, boolean operator) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.listed(r)) {
            for (Policy p : (operator ? vh.operatorPolicies() : vh.policies()).list()) {
                out.add(Definitions.policyJson(p, true));
            }
        }
        return Response.json(out);
    }

    Response show(Request r) {
        return show(r, false);
    }

    private Response show(Request r, boolean operator) {
        VirtualHost vh = api.vhost(r);
        Policy p = (operator ? vh.operatorPolicies() : vh.policies()).get(r.param("name"));
        if (p == null) {
            throw HttpError.notFound();
        }
        return Response.json(Definitions.policyJson(p, true));
    }

    /** PUT {"pattern": ..., "definition": {...}, "priority": 0, "apply-to": "all"}: 201 when new, else 204. */
    Response set(Request r) {
        return set(r, false);
    }

    @SuppressWarnings("unchecked")
    private Response set(Request r, boolean operator) {
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
            String applyTo = body.hasNonNull("apply-to") ? body.get("apply-to").asText() : null;
            Map<String, Object> def = Json.MAPPER.convertValue(definition, Map.class);
            policy = operator ? Policy.operator(vh.name(), r.param("name"), body.get("pattern").asText(), applyTo, prio, def)
                    : Policy.of(vh.name(), r.param("name"), body.get("pattern").asText(), applyTo, prio, def);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        boolean created = operator ? vh.setOperatorPolicy(policy) : vh.setPolicy(policy);
        return created ? Response.created() : Response.noContent();
    }

    Response clear(Request r) {
        return clear(r, false);
    }

    private Response clear(Request r, boolean operator) {
        VirtualHost vh = api.vhostForWrite(r);
        if (!(operator ? vh.clearOperatorPolicy(r.param("name")) : vh.clearPolicy(r.param("name")))) {
            throw HttpError.notFound();
        }
        return Response.noContent();
    }
}
