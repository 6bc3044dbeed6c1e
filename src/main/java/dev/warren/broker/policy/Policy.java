package dev.warren.broker.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A RabbitMQ policy of one virtual host: queues and/or exchanges whose names match {@code pattern} (a
 * regular expression, searched anywhere in the name as RabbitMQ's {@code re:run} does) get the keys of
 * {@code definition}, unless a policy of higher priority matches them too. Immutable; built through
 * {@link #of}, which validates every field as RabbitMQ does.
 *
 * @param applyTo queues, exchanges, all, or a queue type subset: classic_queues, quorum_queues, streams
 */
public record Policy(String vhost, String name, String pattern, String applyTo, int priority,
                     Map<String, Object> definition, Pattern regex) {

    /** The apply-to values RabbitMQ 3.x accepts (the queue-type subsets since 3.12). */
    public static final java.util.List<String> APPLY_TO = java.util.List.of("all", "queues", "exchanges",
            "classic_queues", "quorum_queues", "streams");

    /**
     * Validates and builds a policy. Throws {@link IllegalArgumentException} whose message is RabbitMQ's
     * reason for a 400 (e.g. {@code Validation failed\n\n<<"foo">> are not recognised policy settings}).
     */
    public static Policy of(String vhost, String name, String pattern, String applyTo, Object priority,
                            Map<String, Object> definition) {
        if (name == null || name.isEmpty()) {
            throw PolicyDefinition.failed("policy name must not be empty");
        }
        if (pattern == null) {
            throw PolicyDefinition.failed("pattern not found");
        }
        Pattern regex;
        try {
            regex = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw PolicyDefinition.failed(PolicyDefinition.term(pattern) + " is not a valid regex: "
                    + e.getDescription());
        }
        String to = applyTo == null ? "all" : applyTo;
        if (!APPLY_TO.contains(to)) {
            throw PolicyDefinition.failed("\"" + to + "\" is not a valid apply-to value; valid values are: "
                    + String.join(", ", APPLY_TO));
        }
        int prio = priority(priority);
        PolicyDefinition.validate(definition);
        // sorted keys, as RabbitMQ shows definitions (an Erlang map)
        Map<String, Object> def = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(definition)));
        return new Policy(vhost, name, pattern, to, prio, def, regex);
    }

    /** As {@link #of}, for an operator policy: its definition may hold only {@link PolicyDefinition#OPERATOR_KEYS}. */
    public static Policy operator(String vhost, String name, String pattern, String applyTo, Object priority,
                                  Map<String, Object> definition) {
        PolicyDefinition.validateOperator(definition);
        return of(vhost, name, pattern, applyTo, priority, definition);
    }

    private static int priority(Object priority) {
        if (priority == null) {
            return 0;
        }
        if (priority instanceof Integer || priority instanceof Long || priority instanceof Short) {
            return ((Number) priority).intValue();
        }
        if (priority instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw PolicyDefinition.failed(PolicyDefinition.term(priority) + " priority must be a number");
    }

    /** Whether this policy is for queues of this type ("classic", "quorum", "stream") named so. */
    public boolean matchesQueue(String queueName, String queueType) {
        boolean kind = switch (applyTo) {
            case "all", "queues" -> true;
            case "classic_queues" -> "classic".equals(queueType);
            case "quorum_queues" -> "quorum".equals(queueType);
            case "streams" -> "stream".equals(queueType);
            default -> false;
        };
        return kind && regex.matcher(queueName).find();
    }

    /** Whether this policy is for exchanges named so. */
    public boolean matchesExchange(String exchangeName) {
        return (applyTo.equals("all") || applyTo.equals("exchanges")) && regex.matcher(exchangeName).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Policy p && p.vhost.equals(vhost) && p.name.equals(name) && p.pattern.equals(pattern)
                && p.applyTo.equals(applyTo) && p.priority == priority && p.definition.equals(definition);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(vhost, name, pattern, applyTo, priority, definition);
    }
}
