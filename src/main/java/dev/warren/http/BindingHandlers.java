package dev.warren.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.Binding;
import dev.warren.broker.BrokerException;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * /api/bindings and the binding lists of a queue or exchange, including the default exchange's implicit
 * binding to every queue, as RabbitMQ lists them.
 */
final class BindingHandlers {
    private final ApiContext api;

    BindingHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/bindings", Access.MANAGEMENT, req -> list(req, b -> true));
        r.get("/api/bindings/{vhost}", Access.MANAGEMENT, req -> list(req, b -> true));
        r.get("/api/queues/{vhost}/{name}/bindings", Access.MANAGEMENT, req -> list(req,
                b -> b.get("destination_type").asText().equals("queue") && b.get("destination").asText().equals(
                        existingQueue(req).name())));
        r.get("/api/exchanges/{vhost}/{name}/bindings/source", Access.MANAGEMENT, req -> list(req,
                b -> b.get("source").asText().equals(existingExchange(req).name())));
        r.get("/api/exchanges/{vhost}/{name}/bindings/destination", Access.MANAGEMENT, req -> list(req,
                b -> b.get("destination_type").asText().equals("exchange")
                        && b.get("destination").asText().equals(existingExchange(req).name())));
        r.post("/api/bindings/{vhost}/e/{source}/q/{destination}", Access.MANAGEMENT, req -> bind(req, true));
        r.post("/api/bindings/{vhost}/e/{source}/e/{destination}", Access.MANAGEMENT, req -> bind(req, false));
        r.delete("/api/bindings/{vhost}/e/{source}/q/{destination}/{props}", Access.MANAGEMENT,
                req -> unbind(req, true));
        r.delete("/api/bindings/{vhost}/e/{source}/e/{destination}/{props}", Access.MANAGEMENT,
                req -> unbind(req, false));
    }

    private Queue existingQueue(Request r) {
        Queue q = api.vhost(r).queue(r.param("name"));
        if (q == null) {
            throw HttpError.notFound();
        }
        return q;
    }

    private Exchange existingExchange(Request r) {
        Exchange x = api.vhost(r).exchange(r.param("name").equals("amq.default") ? "" : r.param("name"));
        if (x == null) {
            throw HttpError.notFound();
        }
        return x;
    }

    private Response list(Request r, Predicate<ObjectNode> filter) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (VirtualHost vh : api.listed(r)) {
            for (ObjectNode b : bindings(vh)) {
                if (filter.test(b)) {
                    out.add(b);
                }
            }
        }
        return Response.json(out);
    }

    /** Every binding of a vhost: the default exchange's implicit ones first, then the declared ones. */
    static List<ObjectNode> bindings(VirtualHost vh) {
        List<ObjectNode> out = new ArrayList<>();
        List<Queue> qs = new ArrayList<>(vh.queues());
        qs.sort(Comparator.comparing(Queue::name));
        for (Queue q : qs) {
            out.add(json(vh.name(), "", q.name(), "queue", q.name(), Map.of()));
        }
        List<Binding> declared = new ArrayList<>(vh.bindings());
        declared.sort(Comparator.comparing((Binding b) -> b.source().name()).thenComparing(b -> b.destination().name())
                .thenComparing(Binding::routingKey));
        for (Binding b : declared) {
            out.add(json(vh.name(), b.source().name(), b.destination().name(), b.destination().kind(),
                    b.routingKey(), b.arguments()));
        }
        return out;
    }

    static ObjectNode json(String vhost, String source, String destination, String type, String key,
                           Map<String, Object> args) {
        ObjectNode n = Json.object().put("source", source).put("vhost", vhost).put("destination", destination)
                .put("destination_type", type).put("routing_key", key);
        n.set("arguments", Json.MAPPER.valueToTree(args == null ? Map.of() : args));
        n.put("properties_key", propertiesKey(key, args));
        return n;
    }

    /** RabbitMQ's binding id in URLs: "~" for an empty key, the URL-encoded key, plus "~hash" with arguments. */
    static String propertiesKey(String key, Map<String, Object> args) {
        String k = key.isEmpty() ? "~" : URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
        if (args == null || args.isEmpty()) {
            return k;
        }
        return (key.isEmpty() ? "" : k) + "~" + Integer.toHexString(args.hashCode());
    }

    @SuppressWarnings("unchecked")
    private Response bind(Request r, boolean toQueue) {
        VirtualHost vh = api.vhostForWrite(r);
        JsonNode body = r.json();
        String key = body.path("routing_key").asText("");
        Map<String, Object> args = body.has("arguments")
                ? Json.MAPPER.convertValue(body.get("arguments"), Map.class) : Map.of();
        requireEnds(vh, r, toQueue);
        try {
            api.broker.checkBinding(r.user().name(), vh, toQueue ? "queue" : "exchange", r.param("destination"),
                    r.param("source"));
            api.broker.checkTopicAccess(r.user().name(), vh, vh.exchange(r.param("source")), key, false);
            if (toQueue) {
                vh.bindQueue(r.param("destination"), r.param("source"), key, args, null);
            } else {
                vh.bindExchange(r.param("destination"), r.param("source"), key, args);
            }
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
        return Response.created().header("Location", propertiesKey(key, args));
    }

    private Response unbind(Request r, boolean toQueue) {
        VirtualHost vh = api.vhostForWrite(r);
        requireEnds(vh, r, toQueue);
        String props = r.param("props");
        for (Binding b : vh.bindings()) {
            boolean sameEnds = b.source().name().equals(r.param("source"))
                    && b.destination().name().equals(r.param("destination"))
                    && b.destination().kind().equals(toQueue ? "queue" : "exchange");
            if (sameEnds && propertiesKey(b.routingKey(), b.arguments()).equals(props)) {
                try {
                    api.broker.checkBinding(r.user().name(), vh, toQueue ? "queue" : "exchange",
                            b.destination().name(), b.source().name());
                    if (toQueue) {
                        vh.unbindQueue(b.destination().name(), b.source().name(), b.routingKey(), b.arguments(), null);
                    } else {
                        vh.unbindExchange(b.destination().name(), b.source().name(), b.routingKey(), b.arguments());
                    }
                } catch (BrokerException e) {
                    throw ApiContext.toHttp(e);
                }
                return Response.noContent();
            }
        }
        throw HttpError.notFound();
    }

    private static void requireEnds(VirtualHost vh, Request r, boolean toQueue) {
        if (vh.exchange(r.param("source")) == null
                || (toQueue ? vh.queue(r.param("destination")) == null : vh.exchange(r.param("destination")) == null)) {
            throw HttpError.notFound();
        }
    }
}
