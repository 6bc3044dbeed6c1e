package dev.warren.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.keyspace.Database;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.Glob;
import dev.warren.keyspace.Keyspace;
import dev.warren.resp.RespServer;
import dev.warren.resp.session.RespClient;
import java.nio.charset.StandardCharsets;

/**
 * Warren's own paths for the RESP (Redis) side, which RabbitMQ's API has no place for:
 * {@code GET /api/warren/redis} (clients, commands and ops/sec, memory, keys per database) and
 * {@code GET /api/warren/redis/keys?db=0&pattern=*&count=100&cursor=0} (a SCAN-like page of keys with
 * their type and TTL). Both read the keyspace under its lock, as a command would.
 */
final class RedisHandlers {
    private static final int MAX_COUNT = 1000;
    private static final int MAX_SLOTS_PER_REQUEST = 100_000;
    private final ApiContext api;

    RedisHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/warren/redis", Access.MONITORING, req -> Response.json(stats()));
        r.get("/api/warren/redis/keys", Access.ADMINISTRATOR, this::keys);
    }

    private RespServer server() {
        RespServer s = api.resp.get();
        if (s == null) {
            throw new HttpError(io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND, "not_found",
                    "the RESP (Redis) listener is off");
        }
        return s;
    }

    private ObjectNode stats() {
        RespServer s = api.resp.get();
        ObjectNode n = Json.object().put("enabled", s != null);
        if (s == null) {
            return n;
        }
        int blocked = 0, pubsub = 0;
        for (RespClient c : s.clients.all()) {
            blocked += c.isBlocked() ? 1 : 0;
            pubsub += c.isSubscribed() ? 1 : 0;
        }
        long commands = s.totalCommands.sum();
        double opsPerSec = api.rates.rateOnDemand(s, commands);
        n.put("port", s.port()).put("uptime_seconds", (System.currentTimeMillis() - s.startMillis) / 1000);
        n.putObject("clients").put("connected", s.clients.size()).put("blocked", blocked).put("pubsub", pubsub)
                .put("connections_received", s.totalConnections.get());
        Json.counter(n, "commands_processed", commands, opsPerSec);
        n.put("ops_per_sec", Math.round(opsPerSec * 10) / 10.0);
        n.put("pubsub_channels", s.pubsub.channels().size()).put("pubsub_patterns", s.pubsub.patternCount());
        Keyspace ks = s.keyspace;
        ArrayNode dbs = Json.MAPPER.createArrayNode();
        long keys = 0, expires = 0;
        ks.enter();
        try {
            n.putObject("memory").put("used_bytes", ks.usedBytes())
                    .put("maxmemory", s.settings.getLong("maxmemory"))
                    .put("maxmemory_policy", s.settings.get("maxmemory-policy"))
                    .put("jvm_heap_used_bytes", Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
            n.put("keyspace_hits", ks.hits).put("keyspace_misses", ks.misses).put("expired_keys", ks.expiredKeys())
                    .put("evicted_keys", ks.evictedKeys()).put("changes_since_last_save", ks.dirty);
            for (int i = 0; i < Keyspace.DATABASES; i++) {
                Database db = ks.db(i);
                keys += db.size();
                expires += db.volatileSize();
                if (db.size() > 0) {
                    dbs.addObject().put("db", i).put("keys", db.size()).put("expires", db.volatileSize())
                            .put("used_bytes", db.usedBytes());
                }
            }
        } finally {
            ks.exit();
        }
        n.put("keys", keys).put("expires", expires);
        n.set("databases", dbs);
        return n;
    }

    private Response keys(Request r) {
        RespServer s = server();
        int db = intParam(r, "db", 0);
        if (db < 0 || db >= Keyspace.DATABASES) {
            throw HttpError.badRequest("db must be between 0 and " + (Keyspace.DATABASES - 1));
        }
        int count = Math.min(intParam(r, "count", 100), MAX_COUNT);
        long cursor = intParam(r, "cursor", 0);
        String pattern = r.query("pattern") == null || r.query("pattern").isEmpty() ? "*" : r.query("pattern");
        byte[] glob = pattern.getBytes(StandardCharsets.UTF_8);
        ObjectNode out = Json.object().put("db", db).put("pattern", pattern);
        ArrayNode keys = Json.MAPPER.createArrayNode();
        Keyspace ks = s.keyspace;
        ks.enter();
        try {
            Database d = ks.db(db);
            long now = ks.now();
            int visited = 0;
            do {
                cursor = d.scan(cursor, 1000, e -> {
                    if (Glob.matches(glob, e.key.bytes)) {
                        keys.add(keyJson(e, now));
                    }
                });
                visited += 1000;
            } while (cursor != 0 && keys.size() < count && visited < MAX_SLOTS_PER_REQUEST);
            out.put("cursor", cursor).put("total", d.size());
        } finally {
            ks.exit();
        }
        out.set("keys", keys);
        return Response.json(out);
    }

    private static ObjectNode keyJson(Entry e, long now) {
        long ttl = e.expireAt() == 0 ? -1 : Math.max(0, (e.expireAt() - now + 999) / 1000);
        return Json.object().put("key", new String(e.key.bytes, StandardCharsets.UTF_8))
                .put("type", e.type().typeName).put("ttl", ttl);
    }

    private static int intParam(Request r, String name, int otherwise) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(name + " must be an integer");
        }
    }
}
