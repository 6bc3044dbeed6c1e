package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.Binding;
import dev.warren.broker.BrokerException;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.broker.auth.User;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /api/definitions exports users, vhosts, permissions, exchanges, queues and bindings in the format
 * of {@code rabbitmqctl export_definitions}; POST imports such a file. Policies and parameters are
 * exported empty and ignored on import (Warren has none yet).
 */
final class DefinitionsHandlers {
    private final ApiContext api;

    DefinitionsHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/definitions", Access.ADMINISTRATOR, req -> Response.json(export(null)));
        r.post("/api/definitions", Access.ADMINISTRATOR, this::importAll);
        r.get("/api/definitions/{vhost}", Access.ADMINISTRATOR, req -> Response.json(export(api.vhost(req))));
    }

    ObjectNode export(VirtualHost only) {
        ObjectNode root = Json.object();
        if (only == null) {
            root.put("rabbit_version", OverviewHandlers.VERSION).put("rabbitmq_version", OverviewHandlers.VERSION)
                    .put("product_name", "Warren").put("product_version", "0.1.0");
        } else {
            root.put("rabbit_version", OverviewHandlers.VERSION);
        }
        ArrayNode users = Json.MAPPER.createArrayNode();
        ArrayNode vhosts = Json.MAPPER.createArrayNode();
        ArrayNode permissions = Json.MAPPER.createArrayNode();
        List<User> allUsers = new ArrayList<>(api.broker.users().all());
        allUsers.sort(Comparator.comparing(User::name));
        List<VirtualHost> all = only != null ? List.of(only) : api.visibleVhosts(adminView());
        for (User u : allUsers) {
            users.add(VhostUserHandlers.userJson(u));
            for (String v : u.vhosts().stream().sorted().toList()) {
                if (api.broker.virtualHost(v) != null) {
                    permissions.add(VhostUserHandlers.permissionJson(u.name(), v));
                }
            }
        }
        for (VirtualHost vh : all) {
            ObjectNode n = vhosts.addObject().put("name", vh.name());
            n.putObject("limits");
            n.putObject("metadata").put("description", "").putArray("tags");
        }
        if (only == null) {
            root.set("users", users);
            root.set("vhosts", vhosts);
            root.set("permissions", permissions);
            root.putArray("topic_permissions");
        }
        root.putArray("parameters");
        if (only == null) {
            root.putArray("global_parameters");
        }
        root.putArray("policies");
        ArrayNode queues = root.putArray("queues");
        ArrayNode exchanges = root.putArray("exchanges");
        ArrayNode bindings = root.putArray("bindings");
        for (VirtualHost vh : all) {
            List<Queue> qs = new ArrayList<>(vh.queues());
            qs.sort(Comparator.comparing(Queue::name));
            for (Queue q : qs) {
                if (q.exclusive()) {
                    continue;
                }
                ObjectNode n = queues.addObject().put("name", q.name());
                if (only == null) {
                    n.put("vhost", vh.name());
                }
                n.put("durable", q.durable()).put("auto_delete", q.autoDelete());
                n.set("arguments", Json.MAPPER.valueToTree(q.arguments()));
            }
            List<Exchange> xs = new ArrayList<>(vh.exchanges());
            xs.sort(Comparator.comparing(Exchange::name));
            for (Exchange x : xs) {
                if (x.name().isEmpty() || x.name().startsWith("amq.")) {
                    continue;
                }
                ObjectNode n = exchanges.addObject().put("name", x.name());
                if (only == null) {
                    n.put("vhost", vh.name());
                }
                n.put("type", x.type()).put("durable", x.durable()).put("auto_delete", x.autoDelete())
                        .put("internal", x.internal());
                n.set("arguments", Json.MAPPER.valueToTree(x.arguments()));
            }
            for (Binding b : vh.bindings()) {
                if (b.destination() instanceof Queue q && q.exclusive()) {
                    continue;
                }
                ObjectNode n = bindings.addObject().put("source", b.source().name());
                if (only == null) {
                    n.put("vhost", vh.name());
                }
                n.put("destination", b.destination().name()).put("destination_type", b.destination().kind())
                        .put("routing_key", b.routingKey());
                n.set("arguments", Json.MAPPER.valueToTree(b.arguments()));
            }
        }
        return root;
    }

    private static User adminView() {
        return new User("", "", Set.of("administrator"), Set.of());
    }

    @SuppressWarnings("unchecked")
    Response importAll(Request r) {
        JsonNode root = r.json();
        if (!root.isObject()) {
            throw HttpError.badRequest("definitions must be a JSON object");
        }
        for (JsonNode v : root.path("vhosts")) {
            api.broker.addVirtualHost(v.path("name").asText());
        }
        for (JsonNode u : root.path("users")) {
            String algorithm = u.path("hashing_algorithm").asText(VhostUserHandlers.HASHING);
            String hash;
            if (u.hasNonNull("password_hash") && !u.get("password_hash").asText().isEmpty()) {
                if (!algorithm.equals(VhostUserHandlers.HASHING)) {
                    throw HttpError.badRequest("unsupported hashing_algorithm '" + algorithm + "' for user '"
                            + u.path("name").asText() + "'");
                }
                hash = u.get("password_hash").asText();
            } else if (u.hasNonNull("password")) {
                hash = PasswordHash.hash(u.get("password").asText());
            } else {
                throw HttpError.badRequest("user '" + u.path("name").asText() + "' has neither password nor password_hash");
            }
            User existing = api.broker.users().get(u.path("name").asText());
            api.broker.users().put(new User(u.path("name").asText(), hash, VhostUserHandlers.tags(u.path("tags")),
                    existing == null ? Set.of() : existing.vhosts()));
        }
        for (JsonNode p : root.path("permissions")) {
            if (api.broker.users().get(p.path("user").asText()) == null) {
                throw HttpError.badRequest("no user '" + p.path("user").asText() + "' for permissions");
            }
            api.broker.addVirtualHost(p.path("vhost").asText());
            VhostUserHandlers.grant(api, p.path("user").asText(), p.path("vhost").asText());
        }
        try {
            for (JsonNode x : root.path("exchanges")) {
                VirtualHost vh = api.broker.addVirtualHost(x.path("vhost").asText("/"));
                vh.declareExchange(x.path("name").asText(), x.path("type").asText(), false,
                        x.path("durable").asBoolean(true), x.path("auto_delete").asBoolean(),
                        x.path("internal").asBoolean(), arguments(x));
            }
            for (JsonNode q : root.path("queues")) {
                VirtualHost vh = api.broker.addVirtualHost(q.path("vhost").asText("/"));
                vh.declareQueue(q.path("name").asText(), false, q.path("durable").asBoolean(true), false,
                        q.path("auto_delete").asBoolean(), arguments(q), null);
            }
            for (JsonNode b : root.path("bindings")) {
                VirtualHost vh = api.broker.addVirtualHost(b.path("vhost").asText("/"));
                if ("exchange".equals(b.path("destination_type").asText())) {
                    vh.bindExchange(b.path("destination").asText(), b.path("source").asText(),
                            b.path("routing_key").asText(), arguments(b));
                } else {
                    vh.bindQueue(b.path("destination").asText(), b.path("source").asText(),
                            b.path("routing_key").asText(), arguments(b), null);
                }
            }
        } catch (BrokerException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return Response.noContent();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(JsonNode n) {
        return n.has("arguments") ? Json.MAPPER.convertValue(n.get("arguments"), Map.class) : Map.of();
    }
}
