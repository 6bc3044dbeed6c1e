package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.Permission;
import dev.warren.broker.exchange.Exchange;
import dev.warren.metrics.MessageRates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** /api/exchanges: list, show, declare (PUT), delete, and publish. */
final class ExchangeHandlers {
    private final ApiContext api;

    ExchangeHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/exchanges", Access.MANAGEMENT, this::list);
        r.get("/api/exchanges/{vhost}", Access.MANAGEMENT, this::list);
        r.get("/api/exchanges/{vhost}/{name}", Access.MANAGEMENT, req -> Response.json(json(exchange(req, false))));
        r.put("/api/exchanges/{vhost}/{name}", Access.MANAGEMENT, this::declare);
        r.delete("/api/exchanges/{vhost}/{name}", Access.MANAGEMENT, this::delete);
        r.post("/api/exchanges/{vhost}/{name}/publish", Access.MANAGEMENT, this::publish);
    }

    Response list(Request r) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.listed(r)) {
            List<Exchange> xs = new ArrayList<>(vh.exchanges());
            xs.sort(Comparator.comparing(Exchange::name));
            xs.forEach(x -> out.add(json(x)));
        }
        return Response.json(out);
    }

    ObjectNode json(Exchange x) {
        ObjectNode n = Json.object().put("name", x.name()).put("vhost", x.vhost()).put("type", x.type())
                .put("durable", x.durable()).put("auto_delete", x.autoDelete()).put("internal", x.internal());
        n.set("arguments", Json.MAPPER.valueToTree(x.arguments()));
        if (x.policy() != null) {
            n.put("policy", x.policy().name()); // as RabbitMQ: only there when a policy applies
        }
        n.put("user_who_performed_action", x.name().isEmpty() || x.name().startsWith("amq.") ? "rmq-internal" : "");
        double[] rates = api.rates.rates(x);
        ObjectNode stats = n.putObject("message_stats");
        Json.counter(stats, "publish_in", x.publishedIn.sum(), rates[MessageRates.Counter.PUBLISH_IN.ordinal()]);
        Json.counter(stats, "publish_out", x.publishedOut.sum(), rates[MessageRates.Counter.PUBLISH_OUT.ordinal()]);
        return n;
    }

    /** The {vhost}/{name} exchange ("amq.default" is the default exchange, as in RabbitMQ's URLs). */
    private Exchange exchange(Request r, boolean write) {
        VirtualHost vh = write ? api.vhostForWrite(r) : api.vhost(r);
        String name = r.param("name");
        Exchange x = vh.exchange(name.equals("amq.default") ? "" : name);
        if (x == null) {
            throw HttpError.notFound();
        }
        return x;
    }

    @SuppressWarnings("unchecked")
    Response declare(Request r) {
        VirtualHost vh = api.vhostForWrite(r);
        JsonNode body = r.json();
        if (!body.hasNonNull("type")) {
            throw HttpError.badRequest("[{key_missing,type}]");
        }
        boolean created = vh.exchange(r.param("name")) == null;
        Map<String, Object> args = body.has("arguments")
                ? Json.MAPPER.convertValue(body.get("arguments"), Map.class) : Map.of();
        try {
            api.broker.checkExchangeDeclare(r.user().name(), vh, r.param("name"), args);
            vh.declareExchange(r.param("name"), body.get("type").asText(), false, body.path("durable").asBoolean(true),
                    body.path("auto_delete").asBoolean(false), body.path("internal").asBoolean(false), args);
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
        return created ? Response.created() : Response.noContent();
    }

    Response delete(Request r) {
        Exchange x = exchange(r, true);
        VirtualHost vh = api.vhostForWrite(r);
        if (!x.name().isEmpty() && !x.name().startsWith("amq.")) {
            api.checkAccess(r, vh, "exchange", x.name(), Permission.Kind.CONFIGURE);
        }
        try {
            vh.deleteExchange(x.name(), "true".equals(r.query("if-unused")));
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
        return Response.noContent();
    }

    /**
     * POST {"properties": {...}, "routing_key": ..., "payload": ..., "payload_encoding": "string"|"base64"}
     * answers {"routed": true|false}.
     */
    @SuppressWarnings("unchecked")
    Response publish(Request r) {
        Exchange x = exchange(r, true);
        VirtualHost vh = api.vhostForWrite(r);
        JsonNode body = r.json();
        for (String key : List.of("routing_key", "payload", "payload_encoding", "properties")) {
            if (!body.has(key)) {
                throw HttpError.badRequest("[{key_missing," + key + "}]");
            }
        }
        byte[] payload;
        String encoding = body.get("payload_encoding").asText();
        if (encoding.equals("base64")) {
            try {
                payload = Base64.getDecoder().decode(body.get("payload").asText());
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("payload is not valid base64");
            }
        } else if (encoding.equals("string")) {
            payload = body.get("payload").asText().getBytes(StandardCharsets.UTF_8);
        } else {
            throw HttpError.badRequest("payload_encoding must be 'string' or 'base64'");
        }
        BasicProperties props = properties(body.get("properties"));
        api.checkAccess(r, vh, "exchange", x.name(), Permission.Kind.WRITE);
        try {
            api.broker.checkTopicAccess(r.user().name(), vh, x, body.get("routing_key").asText(), true);
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
        Message m = new Message(x.name(), body.get("routing_key").asText(), props.encode(), props, payload);
        boolean routed = Publishing.publish(api.broker, vh, x, m);
        return Response.json(Map.of("routed", routed));
    }

    /** RabbitMQ's JSON names of the basic properties. */
    @SuppressWarnings("unchecked")
    static BasicProperties properties(JsonNode p) {
        if (p == null || !p.isObject()) {
            return BasicProperties.EMPTY;
        }
        Map<String, Object> headers = p.has("headers") ? Json.MAPPER.convertValue(p.get("headers"), Map.class) : null;
        return new BasicProperties(text(p, "content_type"), text(p, "content_encoding"), headers,
                p.has("delivery_mode") ? p.get("delivery_mode").asInt() : null,
                p.has("priority") ? p.get("priority").asInt() : null, text(p, "correlation_id"), text(p, "reply_to"),
                text(p, "expiration"), text(p, "message_id"), p.has("timestamp") ? p.get("timestamp").asLong() : null,
                text(p, "type"), text(p, "user_id"), text(p, "app_id"), text(p, "cluster_id"));
    }

    private static String text(JsonNode p, String key) {
        return p.hasNonNull(key) ? p.get(key).asText() : null;
    }

    static ObjectNode propertiesJson(BasicProperties p) {
        ObjectNode n = Json.object();
        if (p.contentType() != null) n.put("content_type", p.contentType());
        if (p.contentEncoding() != null) n.put("content_encoding", p.contentEncoding());
        if (p.headers() != null) n.set("headers", Json.MAPPER.valueToTree(p.headers()));
        if (p.deliveryMode() != null) n.put("delivery_mode", p.deliveryMode());
        if (p.priority() != null) n.put("priority", p.priority());
        if (p.correlationId() != null) n.put("correlation_id", p.correlationId());
        if (p.replyTo() != null) n.put("reply_to", p.replyTo());
        if (p.expiration() != null) n.put("expiration", p.expiration());
        if (p.messageId() != null) n.put("message_id", p.messageId());
        if (p.timestamp() != null) n.put("timestamp", p.timestamp());
        if (p.type() != null) n.put("type", p.type());
        if (p.userId() != null) n.put("user_id", p.userId());
        if (p.appId() != null) n.put("app_id", p.appId());
        if (p.clusterId() != null) n.put("cluster_id", p.clusterId());
        return n;
    }
}
