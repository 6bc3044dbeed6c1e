package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.Permission;
import dev.warren.broker.policy.Policy;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueEntry;
import dev.warren.broker.queue.QueueStats;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** /api/queues: list, show, declare (PUT), delete, purge (DELETE .../contents) and get (POST .../get). */
final class QueueHandlers {
    private final ApiContext api;

    QueueHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/queues", Access.MANAGEMENT, this::list);
        r.get("/api/queues/{vhost}", Access.MANAGEMENT, this::list);
        r.get("/api/queues/{vhost}/{name}", Access.MANAGEMENT, req -> Response.json(json(queue(req, false))));
        r.put("/api/queues/{vhost}/{name}", Access.MANAGEMENT, this::declare);
        r.delete("/api/queues/{vhost}/{name}", Access.MANAGEMENT, this::delete);
        r.delete("/api/queues/{vhost}/{name}/contents", Access.MANAGEMENT, this::purge);
        r.post("/api/queues/{vhost}/{name}/get", Access.MANAGEMENT, this::get);
    }

    Response list(Request r) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.listed(r)) {
            List<Queue> qs = new ArrayList<>(vh.queues());
            qs.sort(Comparator.comparing(Queue::name));
            qs.forEach(q -> out.add(json(q)));
        }
        return Response.json(out);
    }

    ObjectNode json(Queue q) {
        QueueStats s = q.stats();
        double[] rates = api.rates.rates(q);
        ObjectNode n = Json.object().put("name", q.name()).put("vhost", q.vhost()).put("durable", q.durable())
                .put("auto_delete", q.autoDelete()).put("exclusive", q.exclusive());
        n.set("arguments", Json.MAPPER.valueToTree(q.arguments()));
        n.put("node", api.node()).put("state", "running").put("type", q.parsedArguments().queueType());
        ApiContext.depth(n, s.ready(), s.unacked(), rates);
        n.put("consumers", s.consumers()).put("memory", s.bytes()).put("message_bytes", s.bytes());
        Policy policy = q.policy();
        if (policy == null) {
            n.putNull("policy");
        } else {
            n.put("policy", policy.name());
        }
        Policy operator = q.operatorPolicy();
        if (operator == null) {
            n.putNull("operator_policy");
        } else {
            n.put("operator_policy", operator.name());
        }
        n.set("effective_policy_definition", Json.MAPPER.valueToTree(q.effectivePolicyDefinition()));
        n.putNull("exclusive_consumer_tag");
        n.set("message_stats", ApiContext.messageStats(s.counts(), rates, false));
        return n;
    }

    private Queue queue(Request r, boolean write) {
        VirtualHost vh = write ? api.vhostForWrite(r) : api.vhost(r);
        Queue q = vh.queue(r.param("name"));
        if (q == null) {
            throw HttpError.notFound();
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    Response declare(Request r) {
        VirtualHost vh = api.vhostForWrite(r);
        JsonNode body = r.json();
        String name = r.param("name");
        boolean created = vh.queue(name) == null;
        try {
            vh.declareQueue(name, false, body.path("durable").asBoolean(true), false,
                    body.path("auto_delete").asBoolean(false),
                    body.has("arguments") ? Json.MAPPER.convertValue(body.get("arguments"), Map.class) : Map.of(),
                    null, api.broker.queueDeclareCheck(r.user().name(), vh));
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
        return created ? Response.created() : Response.noContent();
    }

    Response delete(Request r) {
        Queue q = queue(r, true);
        api.checkAccess(r, api.vhostForWrite(r), "queue", q.name(), Permission.Kind.CONFIGURE);
        try {
            api.vhostForWrite(r).deleteQueue(q.name(), "true".equals(r.query("if-unused")),
                    "true".equals(r.query("if-empty")), q.exclusiveOwner());
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
        return Response.noContent();
    }

    Response purge(Request r) {
        Queue q = queue(r, true);
        api.checkAccess(r, api.vhostForWrite(r), "queue", q.name(), Permission.Kind.READ);
        q.purge();
        return Response.noContent();
    }

    /**
     * POST {"count": n, "ackmode": "ack_requeue_true"|"ack_requeue_false"|"reject_requeue_true"|...,
     * "encoding": "auto"|"base64", "truncate": bytes}: takes up to n messages and requeues them or not.
     */
    Response get(Request r) {
        Queue q = queue(r, true);
        api.checkAccess(r, api.vhostForWrite(r), "queue", q.name(), Permission.Kind.READ);
        JsonNode body = r.json();
        for (String key : List.of("count", "ackmode", "encoding")) {
            if (!body.has(key)) {
                throw HttpError.badRequest("[{key_missing," + key + "}]");
            }
        }
        String ackmode = body.get("ackmode").asText();
        if (!List.of("ack_requeue_true", "ack_requeue_false", "reject_requeue_true", "reject_requeue_false")
                .contains(ackmode)) {
            throw HttpError.badRequest("invalid ackmode '" + ackmode + "'");
        }
        String encoding = body.get("encoding").asText();
        if (!encoding.equals("auto") && !encoding.equals("base64")) {
            throw HttpError.badRequest("Unsupported encoding '" + encoding + "'");
        }
        boolean requeue = ackmode.endsWith("requeue_true");
        int count = body.get("count").asInt();
        int truncate = body.has("truncate") ? body.get("truncate").asInt() : Integer.MAX_VALUE;
        List<QueueEntry> taken = new ArrayList<>();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            QueueEntry e = q.poll(true);
            if (e == null) {
                break;
            }
            taken.add(e);
            out.add(messageJson(e, q.messageCount(), encoding, truncate));
        }
        if (!taken.isEmpty()) {
            if (requeue) {
                q.requeue(taken);
            } else {
                q.acknowledge(taken);
            }
        }
        return Response.json(out);
    }

    private static ObjectNode messageJson(QueueEntry e, int remaining, String encoding, int truncate) {
        Message m = e.message();
        byte[] body = m.body();
        byte[] shown = body.length > truncate ? java.util.Arrays.copyOf(body, truncate) : body;
        ObjectNode n = Json.object().put("payload_bytes", body.length).put("redelivered", e.redelivered())
                .put("exchange", m.exchange()).put("routing_key", m.routingKey()).put("message_count", remaining);
        n.set("properties", ExchangeHandlers.propertiesJson(m.properties()));
        String text = encoding.equals("auto") ? utf8(shown) : null;
        if (text != null) {
            n.put("payload", text).put("payload_encoding", "string");
        } else {
            n.put("payload", Base64.getEncoder().encodeToString(shown)).put("payload_encoding", "base64");
        }
        return n;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
