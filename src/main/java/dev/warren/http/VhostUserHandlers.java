package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.VirtualHost;
import dev.warren.config.Definitions;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.broker.auth.User;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** /api/vhosts, /api/users and /api/permissions. Users' permissions are "all or nothing" per vhost in Warren. */
final class VhostUserHandlers {
    private final ApiContext api;

    VhostUserHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/vhosts", Access.MANAGEMENT, this::vhosts);
        r.get("/api/vhosts/{vhost}", Access.MANAGEMENT, req -> Response.json(vhostJson(api.vhost(req))));
        r.put("/api/vhosts/{name}", Access.ADMINISTRATOR, this::putVhost);
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
        ObjectNode n = Json.object().put("name", vh.name()).put("description", "").put("tracing", false)
                .put("default_queue_type", "classic");
        n.putArray("tags");
        n.putObject("metadata").put("description", "").putArray("tags");
        long ready = 0, unacked = 0;
        for (Queue q : vh.queues()) {
            QueueStats s = q.stats();
            ready += s.ready();
            unacked += s.unacked();
        }
        double[] rates = api.rates.rates(vh);
        ApiContext.depth(n, ready, unacked, rates);
        n.set("message_stats", ApiContext.messageStats(vh.stats().published.sum(), vh.stats().delivered.sum(),
                vh.stats().gets.sum(), vh.stats().acked.sum(), vh.stats().redelivered.sum(), rates));
        n.putObject("cluster_state").put(api.node(), "running");
        return n;
    }

    Response putVhost(Request r) {
        boolean created = api.broker.virtualHost(r.param("name")) == null;
        api.broker.addVirtualHost(r.param("name"));
        return created ? Response.created() : Response.noContent();
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
        Set<String> vhosts = existing == null ? Set.of() : existing.vhosts();
        api.broker.users().put(new User(r.param("user"), hash, tags, vhosts));
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
                    out.add(permissionJson(u.name(), v));
                }
            }
        }
        return out;
    }

    static ObjectNode permissionJson(String user, String vhost) {
        return Definitions.permissionJson(user, vhost);
    }

    Response permission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        if (!u.mayAccess(vh.name())) {
            throw HttpError.notFound();
        }
        return Response.json(permissionJson(u.name(), vh.name()));
    }

    /** Grants the user the vhost. Warren has no per-resource patterns: any permission means full access. */
    Response putPermission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        boolean existed = u.mayAccess(vh.name());
        Definitions.grant(api.broker, u.name(), vh.name());
        return existed ? Response.noContent() : Response.created();
    }

    Response deletePermission(Request r) {
        VirtualHost vh = api.vhost(r);
        User u = user(r);
        if (!u.mayAccess(vh.name())) {
            throw HttpError.notFound();
        }
        Set<String> vhosts = new HashSet<>(u.vhosts());
        vhosts.remove(vh.name());
        api.broker.users().put(new User(u.name(), u.passwordHash(), u.tags(), Set.copyOf(vhosts)));
        return Response.noContent();
    }
}
