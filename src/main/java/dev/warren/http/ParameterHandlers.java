package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.warren.config.Definitions;
import java.util.Map;
import java.util.TreeMap;

/**
 * /api/parameters (per-vhost runtime parameters of plugin components) and /api/global-parameters.
 * Warren implements no parameter component (no federation, no shovels), so the vhost-scoped lists are
 * empty and a PUT is refused as RabbitMQ refuses an unknown component. Vhost parameters are for users
 * tagged policymaker or administrator, global parameters for administrators, as in RabbitMQ. Global parameters are stored as
 * given; cluster_name names the cluster in /api/overview and /api/cluster-name.
 */
final class ParameterHandlers {
    private final ApiContext api;

    ParameterHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        // As in RabbitMQ, vhost parameters are for policymakers (and administrators), in vhosts they have
        // permissions in for changes.
        r.get("/api/parameters", Access.POLICYMAKER, req -> Response.json(Json.MAPPER.createArrayNode()));
        r.get("/api/parameters/{component}", Access.POLICYMAKER, req -> Response.json(Json.MAPPER.createArrayNode()));
        r.get("/api/parameters/{component}/{vhost}", Access.POLICYMAKER, req -> {
            api.vhost(req);
            return Response.json(Json.MAPPER.createArrayNode());
        });
        r.get("/api/parameters/{component}/{vhost}/{name}", Access.POLICYMAKER, req -> {
            api.vhost(req);
            throw HttpError.notFound();
        });
        r.put("/api/parameters/{component}/{vhost}/{name}", Access.POLICYMAKER, req -> {
            api.vhostForWrite(req);
            if (!req.json().has("value")) {
                throw HttpError.badRequest("[{key_missing,value}]");
            }
            throw HttpError.badRequest(Definitions.unknownComponent(req.param("component")));
        });
        r.delete("/api/parameters/{component}/{vhost}/{name}", Access.POLICYMAKER, req -> {
            api.vhostForWrite(req);
            throw HttpError.notFound();
        });

        r.get("/api/global-parameters", Access.ADMINISTRATOR, req -> Response.json(globalParameters()));
        r.get("/api/global-parameters/{name}", Access.ADMINISTRATOR, req -> {
            for (JsonNode p : globalParameters()) {
                if (p.get("name").asText().equals(req.param("name"))) {
                    return Response.json(p);
                }
            }
            throw HttpError.notFound();
        });
        r.put("/api/global-parameters/{name}", Access.ADMINISTRATOR, req -> {
            JsonNode body = req.json();
            if (!body.has("value")) {
                throw HttpError.badRequest("[{key_missing,value}]");
            }
            boolean existed = api.broker.setGlobalParameter(req.param("name"),
                    Json.MAPPER.convertValue(body.get("value"), Object.class));
            return existed ? Response.noContent() : Response.created();
        });
        r.delete("/api/global-parameters/{name}", Access.ADMINISTRATOR, req -> {
            if (!api.broker.clearGlobalParameter(req.param("name"))) {
                throw HttpError.notFound();
            }
            return Response.noContent();
        });
        r.put("/api/cluster-name", Access.ADMINISTRATOR, req -> {
            JsonNode body = req.json();
            if (!body.hasNonNull("name") || body.get("name").asText().isEmpty()) {
                throw HttpError.badRequest("[{key_missing,name}]");
            }
            api.broker.setGlobalParameter("cluster_name", body.get("name").asText());
            return Response.noContent();
        });
    }

    /** The stored global parameters, with cluster_name always present (the node name by default), by name. */
    private ArrayNode globalParameters() {
        Map<String, Object> all = new TreeMap<>(api.broker.globalParameters());
        all.putIfAbsent("cluster_name", api.clusterName());
        ArrayNode out = Json.MAPPER.createArrayNode();
        all.forEach((name, value) -> out.addObject().put("name", name).set("value", Json.MAPPER.valueToTree(value)));
        return out;
    }
}
