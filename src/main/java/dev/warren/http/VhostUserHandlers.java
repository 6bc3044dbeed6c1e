package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.VirtualHost;
import dev.warren.config.Definitions;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.broker.auth.Permission;
import dev.warren.broker.auth.TopicPermission;
import dev.warren.broker.auth.User;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** /api/vhosts, /api/users, /api/permissions and /api/topic-permissions. */
final class VhostUserHandlers {
    private final ApiContext api;

    VhostUserHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/vhosts", Access.MANAGEMENT, this::vhosts);
        r.get("/api/vhosts/{vhost}", Access.MANAGEMENT, req -> Response.json(vhostJson(api.vhost(req))));
        r.put("/api/vhosts/{name}", Access.ADMINISTRATOR, this::putVhost);
        r.delete("/api/vhosts/{name}", Access.ADMINISTRATOR, this::deleteVhost);
        r.get("/api/vhosts/{vhost}/topic-permissions", Access.ADMINISTRATOR, req -> Response.json(
                topicPermissions(null, api.vhost(req).name())));
        r.get("/api/users/{user}/topic-permissions", Access.ADMINISTRATOR, req -> Response.json(
                topicPermissions(user(req).name(), null)));
        r.get("/api/topic-permissions", Access.ADMINISTRATOR, req -> Response.json(topicPermissions(null, null)));
        r.get("/api/topic-permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::topicPermission);
        r.put("/api/topic-permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::putTopicPermission);
        r.delete("/api/topic-permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::deleteTopicPermissions);
        r.delete("/api/topic-permissions/{vhost}/{user}/{exchange}", Access.ADMINISTRATOR, this::deleteTopicPermissions);
        r.get("/api/vhosts/{vhost}/permissions", Access.ADMINISTRATOR, req -> Response.json(
                permissions(api.vhost(req).name(), null)));
        r.get("/api/users", Access.ADMINISTRATOR, this::users);
        r.get("/api/users/{user}", Access.ADMINISTRATOR, req -> Response.json(userJson(user(req))));
        r.put("/api/users/{user}", Access.ADMINISTRATOR, this::putUser);
        r.delete("/api/users/{user}", Access.ADMINISTRATOR, req -> {
            if (!api.broker.users().remove(req.param("user"))) {
                throw HttpError.notFound();
            }
            return Response.noContent();
        });
        r.get("/api/users/{user}/permissions", Access.ADMINISTRATOR, req -> Response.json(
                permissions(null, user(req).name())));
        r.get("/api/permissions", Access.ADMINISTRATOR, req -> Response.json(permissions(null, null)));
        r.get("/api/permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::permission);
        r.put("/api/permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::putPermission);
        r.delete("/api/permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::deletePermission);
    }

    Response vhosts(Request r) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.visibleVhosts(r.user())) {
            out.add(vhostJson(vh));
        }
        return Response.json(out);
    }

    private ObjectNode vhostJson(VirtualHost vh) {
        VirtualHost.Metadata meta = vh.metadata();
        ObjectNode n = Json.object().put("name", vh.name()).put("description", meta.description()).put("tracing", false)
                .put("default_queue_type", meta.defaultQueueType());
        meta.tags().forEach(n.putArray("tags")::add);
        ObjectNode m = n.putObject("metadata").put("description", meta.description());
        meta.tags().forEach(m.putArray("tags")::add);
        m.put("default_queue_type", meta.defaultQueueType());
        long ready = 0, unacked = 0;
        for (Queue q : vh.queues()) {
            QueueStats s = q.stats();
            ready += s.ready();
            unacked += s.unacked();
        }
        double[] rates = api.rates.rates(vh);
        ApiContext.depth(n, ready, unacked, rates);
        n.set("message_stats", ApiContext.messageStats(vh.stats().counts(), rates, true));
        n.putObject("cluster_state").put(api.node(), "running");
        return n;
    }

    /**
     * PUT creates the vhost (201) or updates its description, tags and default queue type (204), as
     * RabbitMQ does; like RabbitMQ, the user who creates a vhost gets full permissions in it.
     */
    Response putVhost(Request r) {
        JsonNode body = r.json();
        String name = r.param("name");
        VirtualHost existing = api.broker.virtualHost(name);
        VirtualHost.Metadata old = existing == null ? VirtualHost.Metadata.NONE : existing.metadata();
        JsonNode meta = body.path("metadata");
        String description = text(body, "description", text(meta, "description", old.description()));
        List<String> tags = body.has("tags") ? List.copyOf(new java.util.TreeSet<>(tags(body.get("tags"))))
                : meta.has("tags") ? List.copyOf(new java.util.TreeSet<>(tags(meta.get("tags")))) : old.tags();
        String queueType = text(body, "default_queue_type", text(meta, "default_queue_type", old.defaultQueueType()));
        if (!List.of("classic", "quorum", "stream").contains(queueType)) {
            throw HttpError.badRequest("Unsupported queue type: " + queueType);
        }
        VirtualHost vh = api.broker.addVirtualHost(name);
        vh.setMetadata(new VirtualHost.Metadata(description, tags, queueType));
        if (existing == null) {
            Definitions.grant(api.broker, r.user().name(), name);
        }
        api.broker.vhostsChanged();
        return existing == null ? Response.created() : Response.noContent();
    }

    private static String text(JsonNode n, String field, String otherwise) {
        return n.hasNonNull(field) ? n.get(field).asText() : otherwise;
    }

    /** DELETE closes the vhost's connections and removes it with everything in it (204; 404 when missing). */
    Response deleteVhost(Request r) {
        String name = r.param("name");
        if (api.broker.virtualHost(name) == null) {
            throw HttpError.notFound();
        }
        for (dev.warren.amqp.session.AmqpConnection c : api.connections.get()) {
            if (c.vhostName().equals(name)) {
                c.forceClose("vhost '" + name + "' is deleted");
            }
        }
        api.broker.deleteVirtualHost(name);
        return Response.noContent();
    }

    private ArrayNode topicPermissions(String user, String vhost) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (TopicPermission p : api.broker.users().topicPermissions(user, vhost)) {
            out.add(Definitions.topicPermissionJson(p));
        }
        return out;
    }

    Response topicPermission(Request r) {
        VirtualHost vh = api.vhost(r);
        ArrayNode list = topicPermissions(user(r).name(), vh.name());
        if (list.isEmpty()) {
            throw HttpError.notFound();
        }
        return Response.json(list);
    }

    /** PUT {"exchange": ..., "write": regex, "read": regex}: 201 when new, 204 when it replaced one. */
    Response putTopicPermission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        JsonNode body = r.json();
        for (String key : List.of("exchange", "write", "read")) {
            if (!body.hasNonNull(key)) {
                throw HttpError.badRequest("[{key_missing," + key + "}]");
            }
        }
        TopicPermission p;
        try {
            p = new TopicPermission(u.name(), vh.name(), body.get("exchange").asText(), body.get("write").asText(),
                    body.get("read").asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return api.broker.users().putTopicPermission(p) ? Response.noContent() : Response.created();
    }

    /** DELETE removes the user's topic permissions in the vhost (all, or those on {exchange}). */
    Response deleteTopicPermissions(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        if (!api.broker.users().removeTopicPermissions(u.name(), vh.name(), r.param("exchange"))) {
            throw HttpError.notFound();
        }
        return Response.noContent();
    }

    Response users(Request r) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<User> all = new ArrayList<>(api.broker.users().all());
        all.sort(Comparator.comparing(User::name));
        for (User u : all) {
            out.add(userJson(u));
        }
        return Response.json(out);
    }

    private User user(Request r) {
        User u = api.broker.users().get(r.param("user"));
        if (u == null) {
            throw HttpError.notFound();
        }
        return u;
    }

    static ObjectNode userJson(User u) {
        return Definitions.userJson(u);
    }

    /** PUT /api/users/{user}: {"password": ...} or {"password_hash": ...}, and "tags" (list or comma-separated). */
    Response putUser(Request r) {
        JsonNode body = r.json();
        User existing = api.broker.users().get(r.param("user"));
        String hash;
        if (body.hasNonNull("password")) {
            hash = PasswordHash.hash(body.get("password").asText());
        } else if (body.hasNonNull("password_hash")) {
            hash = body.get("password_hash").asText();
        } else if (existing != null) {
            hash = existing.passwordHash();
        } else {
            throw HttpError.badRequest("password or password_hash must be set");
        }
        if (body.has("tags") == false && existing == null) {
            throw HttpError.badRequest("tags_not_present");
        }
        Set<String> tags = body.has("tags") ? tags(body.get("tags")) : existing.tags();
        api.broker.users().put(existing == null ? new User(r.param("user"), hash, tags, java.util.Map.of())
                : existing.withCredentials(hash, tags));
        return existing == null ? Response.created() : Response.noContent();
    }

    static Set<String> tags(JsonNode node) {
        return Definitions.tags(node);
    }

    private ArrayNode permissions(String vhost, String user) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<User> all = new ArrayList<>(api.broker.users().all());
        all.sort(Comparator.comparing(User::name));
        for (User u : all) {
            if (user != null && !user.equals(u.name())) {
                continue;
            }
            for (String v : u.vhosts().stream().sorted().toList()) {
                if (vhost == null || vhost.equals(v)) {
                    out.add(Definitions.permissionJson(u.name(), v, u.permission(v)));
                }
            }
        }
        return out;
    }

    Response permission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        if (!u.mayAccess(vh.name())) {
            throw HttpError.notFound();
        }
        return Response.json(Definitions.permissionJson(u.name(), vh.name(), u.permission(vh.name())));
    }

    /**
     * PUT {"configure": regex, "write": regex, "read": regex}: 201 when new, 204 when it replaced one; a
     * missing key or a regex that does not compile is a 400, as in RabbitMQ.
     */
    Response putPermission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        Permission p;
        try {
            p = Definitions.permission(r.json());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return api.broker.users().setPermission(u.name(), vh.name(), p) ? Response.noContent() : Response.created();
    }

    Response deletePermission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        if (!api.broker.users().clearPermission(u.name(), vh.name())) {
            throw HttpError.notFound();
        }
        return Response.noContent();
    }
}
