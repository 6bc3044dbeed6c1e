package dev.warren.broker;

import dev.warren.amqp.codec.BasicProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sender-selected distribution, as in RabbitMQ: the {@code CC} and {@code BCC} headers (arrays of long
 * strings, names case-sensitive) add routing keys to the one given in basic.publish, for the same
 * exchange. The message still reaches each queue once. {@code BCC} is taken out of the message before
 * it is enqueued, so no consumer sees it; {@code CC} stays.
 */
public final class SenderSelected {
    private SenderSelected() {
    }

    /** True when the message names extra routing keys (so routing must look further than its routing key). */
    public static boolean hasExtraKeys(Message m) {
        Map<String, Object> h = m.properties().headers();
        return h != null && (h.get("CC") instanceof List || h.get("BCC") instanceof List);
    }

    /** The routing keys from {@code CC} then {@code BCC}; values that are not long strings are ignored. */
    public static List<String> extraKeys(Message m) {
        List<String> keys = new ArrayList<>();
        Map<String, Object> h = m.properties().headers();
        if (h != null) {
            add(keys, h.get("CC"));
            add(keys, h.get("BCC"));
        }
        return keys;
    }

    private static void add(List<String> keys, Object header) {
        if (header instanceof List<?> list) {
            for (Object v : list) {
                if (v instanceof String s) {
                    keys.add(s);
                } else if (v instanceof byte[] b) {
                    keys.add(new String(b, StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** The same message as seen by routing, with another routing key. */
    public static Message withRoutingKey(Message m, String routingKey) {
        return new Message(m.exchange(), routingKey, m.exchangeBytes(), routingKey.getBytes(StandardCharsets.UTF_8),
                m.rawProperties(), m.properties(), m.body(), m.timestamp());
    }

    /** The message without its {@code BCC} header (the same instance when it has none). */
    public static Message withoutBcc(Message m) {
        Map<String, Object> h = m.properties().headers();
        if (h == null || !h.containsKey("BCC")) {
            return m;
        }
        Map<String, Object> headers = new LinkedHashMap<>(h);
        headers.remove("BCC");
        BasicProperties p = m.properties();
        BasicProperties q = new BasicProperties(p.contentType(), p.contentEncoding(), headers, p.deliveryMode(),
                p.priority(), p.correlationId(), p.replyTo(), p.expiration(), p.messageId(), p.timestamp(), p.type(),
                p.userId(), p.appId(), p.clusterId());
        return new Message(m.exchange(), m.routingKey(), m.exchangeBytes(), m.routingKeyBytes(), q.encode(), q,
                m.body(), m.timestamp());
    }
}
