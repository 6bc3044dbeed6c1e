package dev.warren.broker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys a policy definition may hold and their valid values, as RabbitMQ 3.x's policy validators
 * have them. Unknown keys (including {@code max-priority}: priority queues cannot be declared by policy,
 * by design) make the whole policy invalid. Some keys are accepted for compatibility but have no effect
 * in Warren: queue-mode (Warren pages durable queues anyway), queue-version, delivery-limit,
 * max-in-memory-*, the quorum and stream keys, and classic mirroring's ha-* keys.
 */
public final class PolicyDefinition {
    private static final Set<String> STRINGS = Set.of("alternate-exchange", "dead-letter-exchange",
            "dead-letter-routing-key");

    /** Every key RabbitMQ 3.x's built-in policy validators know. */
    public static final Set<String> KNOWN = Set.of("alternate-exchange", "dead-letter-exchange",
            "dead-letter-routing-key", "message-ttl", "expires", "max-length", "max-length-bytes",
            "max-in-memory-length", "max-in-memory-bytes", "delivery-limit", "initial-cluster-size",
            "stream-max-segment-size-bytes", "queue-mode", "queue-version", "overflow", "queue-leader-locator",
            "queue-master-locator", "max-age", "ha-mode", "ha-params", "ha-sync-mode", "ha-sync-batch-size",
            "ha-promote-on-shutdown", "ha-promote-on-failure");

    /** The keys RabbitMQ 3.x allows in operator policies (all numeric; the lower value wins when merged). */
    public static final Set<String> OPERATOR_KEYS = Set.of("expires", "message-ttl", "max-length",
            "max-length-bytes", "max-in-memory-length", "max-in-memory-bytes", "delivery-limit");

    private PolicyDefinition() {
    }

    /** As {@link #validate}, for an operator policy: only {@link #OPERATOR_KEYS} are recognised. */
    public static void validateOperator(Map<String, Object> definition) {
        if (definition != null) {
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, Object> e : definition.entrySet()) {
                if (!OPERATOR_KEYS.contains(e.getKey())) {
                    unknown.add("{" + term(e.getKey()) + "," + term(e.getValue()) + "}");
                }
            }
            if (!unknown.isEmpty()) {
                throw failed("[" + String.join(",", unknown) + "] are not recognised policy settings");
            }
        }
        validate(definition);
    }

    static IllegalArgumentException failed(String why) {
        return new IllegalArgumentException("Validation failed\n\n" + why + "\n");
    }

    /** Throws IllegalArgumentException with RabbitMQ's reason when the definition is not valid. */
    public static void validate(Map<String, Object> definition) {
        if (definition == null) {
            throw failed("definition not found");
        }
        if (definition.isEmpty()) {
            throw failed("no policy provided");
        }
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> e : definition.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                unknown.add("{" + term(e.getKey()) + "," + term(e.getValue()) + "}");
                continue;
            }
            String error = check(e.getKey(), e.getValue());
            if (error != null) {
                throw failed(error);
            }
        }
        if (!unknown.isEmpty()) {
            throw failed("[" + String.join(",", unknown) + "] are not recognised policy settings");
        }
    }

    /** Null when the value is valid for this known key, else RabbitMQ's error text. */
    private static String check(String key, Object v) {
        if (STRINGS.contains(key)) {
            if (v instanceof String) {
                return null;
            }
            return term(v) + " is not a valid " + switch (key) {
                case "alternate-exchange" -> "alternate exchange name";
                case "dead-letter-exchange" -> "dead letter exchange name";
                default -> "dead letter routing key";
            };
        }
        return switch (key) {
            case "message-ttl" -> integer(v, 0) ? null : term(v) + " is not a valid message TTL";
            case "expires" -> integer(v, 1) ? null : term(v) + " is not a valid queue expiry";
            case "max-length" -> integer(v, 0) ? null : term(v) + " is not a valid maximum length";
            case "max-length-bytes", "max-in-memory-length", "max-in-memory-bytes" ->
                    integer(v, 0) ? null : term(v) + " is not a valid maximum length in bytes";
            case "delivery-limit" -> integer(v, 0) ? null : term(v) + " is not a valid delivery limit";
            case "initial-cluster-size" -> integer(v, 0) ? null : term(v) + " is not a valid cluster size";
            case "stream-max-segment-size-bytes" -> integer(v, 0) ? null : term(v) + " is not a valid segment size";
            case "queue-mode" -> oneOf(v, "default", "lazy") ? null : term(v) + " is not a valid queue-mode value";
            case "queue-version" -> v instanceof Integer i && (i == 1 || i == 2) ? null
                    : term(v) + " is not a valid queue-version value";
            case "overflow" -> oneOf(v, "drop-head", "reject-publish", "reject-publish-dlx") ? null
                    : term(v) + " is not a valid overflow value";
            case "queue-leader-locator" -> oneOf(v, "client-local", "random", "least-leaders", "balanced") ? null
                    : term(v) + " is not a valid queue leader locator value";
            case "queue-master-locator" -> oneOf(v, "min-masters", "client-local", "random") ? null
                    : term(v) + " is not a valid queue master locator value";
            case "max-age" -> v instanceof String s && s.matches("\\d+(Y|M|D|h|m|s)") ? null
                    : term(v) + " is not a valid max age";
            case "ha-mode" -> oneOf(v, "all", "exactly", "nodes") ? null : term(v) + " is not a valid ha-mode value";
            case "ha-params", "ha-sync-batch-size", "ha-promote-on-shutdown", "ha-promote-on-failure" -> null;
            case "ha-sync-mode" -> oneOf(v, "manual", "automatic") ? null
                    : term(v) + " is not a valid ha-sync-mode value";
            default -> null;
        };
    }

    private static boolean integer(Object v, long min) {
        return (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte)
                && ((Number) v).longValue() >= min
                || v instanceof java.math.BigInteger b && b.signum() > 0;
    }

    private static boolean oneOf(Object v, String... allowed) {
        return v instanceof String s && List.of(allowed).contains(s);
    }

    /** A value as Erlang's ~p prints it in RabbitMQ's messages: binaries as <<"text">>. */
    static String term(Object v) {
        if (v instanceof String s) {
            return "<<\"" + s + "\">>";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(o -> parts.add(term(o)));
            return "[" + String.join(",", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, o) -> parts.add(term(k) + " => " + term(o)));
            return "#{" + String.join(",", parts) + "}";
        }
        return v == null ? "null" : String.valueOf(v);
    }
}
