package dev.warren.broker.queue;

import dev.warren.broker.BrokerException;
import java.util.Map;

/**
 * The queue arguments Warren acts on, parsed and validated as RabbitMQ does: a bad value is
 * 406 PRECONDITION_FAILED {@code invalid arg 'x-max-length' for queue 'q' in vhost '/': {value_negative,-1}}.
 * Unknown arguments are kept but ignored, as in RabbitMQ.
 */
public record QueueArguments(Long messageTtl, Long expires, String deadLetterExchange, String deadLetterRoutingKey,
                             Long maxLength, Long maxLengthBytes, Overflow overflow, int maxPriority,
                             boolean singleActiveConsumer, String queueType, boolean deduplication) {

    public static final QueueArguments NONE = new QueueArguments(null, null, null, null, null, null,
            Overflow.DROP_HEAD, 0, false, "classic", false);

    /** What happens to a message that would take the queue over its length limit. */
    public enum Overflow {
        DROP_HEAD("drop-head"), REJECT_PUBLISH("reject-publish"), REJECT_PUBLISH_DLX("reject-publish-dlx");

        private final String wireName;

        Overflow(String wireName) {
            this.wireName = wireName;
        }

        static Overflow of(String s) {
            for (Overflow o : values()) {
                if (o.wireName.equals(s)) {
                    return o;
                }
            }
            return null;
        }
    }

    public static QueueArguments parse(Map<String, Object> args, String queue, String vhost) throws BrokerException {
        if (args == null || args.isEmpty()) {
            return NONE;
        }
        Parser p = new Parser(args, queue, vhost);
        Long ttl = p.ttl("x-message-ttl");
        Long expires = p.positiveLong("x-expires");
        if (expires != null && expires > dev.warren.broker.Message.MAX_TTL) {
            throw p.invalid("x-expires", "{value_too_large," + expires + "}");
        }
        String dlx = p.string("x-dead-letter-exchange");
        String dlrk = p.string("x-dead-letter-routing-key");
        if (dlrk != null && dlx == null) {
            throw p.invalid("x-dead-letter-routing-key", "routing_key_but_no_dlx_defined");
        }
        Long maxLength = p.nonNegativeLong("x-max-length");
        Long maxLengthBytes = p.nonNegativeLong("x-max-length-bytes");
        String overflowName = p.string("x-overflow");
        Overflow overflow = Overflow.DROP_HEAD;
        if (overflowName != null) {
            overflow = Overflow.of(overflowName);
            if (overflow == null) {
                throw p.invalid("x-overflow", "invalid_overflow");
            }
        }
        Long maxPriority = p.nonNegativeLong("x-max-priority");
        if (maxPriority != null && maxPriority > 255) {
            throw p.invalid("x-max-priority", "{max_value_exceeded," + maxPriority + "}");
        }
        Boolean sac = p.bool("x-single-active-consumer");
        String type = p.string("x-queue-type");
        if (type != null && !type.equals("classic") && !type.equals("quorum") && !type.equals("stream")) {
            throw p.invalid("x-queue-type", "{unsupported_queue_type," + type + "}");
        }
        Boolean dedup = p.bool("x-message-deduplication");
        return new QueueArguments(ttl, expires, dlx, dlrk, maxLength, maxLengthBytes, overflow,
                maxPriority == null ? 0 : maxPriority.intValue(), sac != null && sac, type == null ? "classic" : type,
                dedup != null && dedup);
    }

    /** The AMQP field type RabbitMQ names in {@code {unacceptable_type,T}} for a decoded field-table value. */
    public static String amqpType(Object v) {
        if (v == null) return "void";
        if (v instanceof String || v instanceof byte[]) return "longstr";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Byte) return "byte";
        if (v instanceof Short) return "short";
        if (v instanceof Integer) return "signedint";
        if (v instanceof Long) return "long";
        if (v instanceof Float) return "float";
        if (v instanceof Double) return "double";
        if (v instanceof java.math.BigDecimal) return "decimal";
        if (v instanceof java.util.Date) return "timestamp";
        if (v instanceof Map) return "table";
        if (v instanceof java.util.List) return "array";
        return v.getClass().getSimpleName().toLowerCase();
    }

    public boolean hasLengthLimit() {
        return maxLength != null || maxLengthBytes != null;
    }

    private static final class Parser {
        private final Map<String, Object> args;
        private final String queue;
        private final String vhost;

        Parser(Map<String, Object> args, String queue, String vhost) {
            this.args = args;
            this.queue = queue;
            this.vhost = vhost;
        }

        BrokerException invalid(String key, String why) {
            return BrokerException.preconditionFailed("invalid arg '" + key + "' for queue '" + queue + "' in vhost '"
                    + vhost + "': " + why);
        }

        private static String typeName(Object v) {
            return amqpType(v);
        }

        /** A TTL in milliseconds: a non-negative integer no larger than RabbitMQ's timers allow. */
        Long ttl(String key) throws BrokerException {
            Long n = nonNegativeLong(key);
            if (n != null && n > dev.warren.broker.Message.MAX_TTL) {
                throw invalid(key, "{value_too_large," + n + "}");
            }
            return n;
        }

        Long nonNegativeLong(String key) throws BrokerException {
            Object v = args.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long)) {
                throw invalid(key, "{unacceptable_type," + typeName(v) + "}");
            }
            long n = ((Number) v).longValue();
            if (n < 0) {
                throw invalid(key, "{value_negative," + n + "}");
            }
            return n;
        }

        Long positiveLong(String key) throws BrokerException {
            Long n = nonNegativeLong(key);
            if (n != null && n == 0) {
                throw invalid(key, "{value_zero,0}");
            }
            return n;
        }

        String string(String key) throws BrokerException {
            Object v = args.get(key);
            if (v == null) {
                return null;
            }
            if (v instanceof byte[] b) {
                return new String(b, java.nio.charset.StandardCharsets.UTF_8);
            }
            if (!(v instanceof String s)) {
                throw invalid(key, "{unacceptable_type," + typeName(v) + "}");
            }
            return s;
        }

        Boolean bool(String key) throws BrokerException {
            Object v = args.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Boolean b)) {
                throw invalid(key, "{unacceptable_type," + typeName(v) + "}");
            }
            return b;
        }
    }
}
