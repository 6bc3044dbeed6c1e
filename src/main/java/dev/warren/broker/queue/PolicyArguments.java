package dev.warren.broker.queue;

import dev.warren.broker.Message;
import java.util.Map;

/**
 * A queue's effective arguments: what it was declared with, combined with the definition of the policy
 * that applies to it, as RabbitMQ's classic queues combine them. For {@code expires},
 * {@code message-ttl}, {@code max-length} and {@code max-length-bytes} the lower of the two values wins;
 * for {@code dead-letter-exchange}, {@code dead-letter-routing-key} and {@code overflow} the queue's own
 * argument wins over the policy. Whatever is fixed at declaration (max priority, single active consumer,
 * queue type, deduplication) comes from the arguments only.
 */
public final class PolicyArguments {
    private PolicyArguments() {
    }

    /**
     * @param declared the x-arguments the queue was declared with
     * @param parsed   those arguments, parsed
     * @param policy   the applying policy's definition; empty when no policy applies
     */
    public static QueueArguments effective(Map<String, Object> declared, QueueArguments parsed,
                                           Map<String, Object> policy) {
        if (policy.isEmpty()) {
            return parsed;
        }
        QueueArguments.Overflow overflow = parsed.overflow();
        if (!declared.containsKey("x-overflow") && policy.get("overflow") instanceof String s) {
            QueueArguments.Overflow fromPolicy = QueueArguments.Overflow.of(s);
            overflow = fromPolicy == null ? overflow : fromPolicy;
        }
        return new QueueArguments(
                lower(parsed.messageTtl(), policy.get("message-ttl"), Message.MAX_TTL),
                lower(parsed.expires(), policy.get("expires"), Message.MAX_TTL),
                argumentFirst(parsed.deadLetterExchange(), policy.get("dead-letter-exchange")),
                argumentFirst(parsed.deadLetterRoutingKey(), policy.get("dead-letter-routing-key")),
                lower(parsed.maxLength(), policy.get("max-length"), Long.MAX_VALUE),
                lower(parsed.maxLengthBytes(), policy.get("max-length-bytes"), Long.MAX_VALUE),
                overflow, parsed.maxPriority(), parsed.singleActiveConsumer(), parsed.queueType(),
                parsed.deduplication());
    }

    /**
     * The definition that applies when both a policy and an operator policy match, as RabbitMQ merges
     * them: the operator policy's numeric keys take the lower of the two values, its other keys win.
     */
    public static Map<String, Object> merge(Map<String, Object> policy, Map<String, Object> operator) {
        if (operator.isEmpty()) {
            return policy;
        }
        Map<String, Object> merged = new java.util.TreeMap<>(policy);
        operator.forEach((key, value) -> merged.merge(key, value, (p, o) ->
                p instanceof Number a && o instanceof Number b ? (a.longValue() <= b.longValue() ? p : o) : o));
        return java.util.Collections.unmodifiableMap(merged);
    }

    private static Long lower(Long argument, Object policyValue, long cap) {
        if (!(policyValue instanceof Number n)) {
            return argument;
        }
        long p = Math.min(n.longValue(), cap);
        return argument == null ? p : Math.min(argument, p);
    }

    private static String argumentFirst(String argument, Object policyValue) {
        return argument != null ? argument : policyValue instanceof String s ? s : null;
    }
}
