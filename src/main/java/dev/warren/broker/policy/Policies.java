package dev.warren.broker.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies of one virtual host, and the choice of the one that applies to a queue or exchange: the
 * matching policy with the highest priority. RabbitMQ leaves the choice between matching policies of
 * equal priority unspecified; Warren takes the one whose name sorts first, so the choice is stable.
 */
public final class Policies {
    /** Highest priority first, then by name: the first match is the one that applies. */
    private static final Comparator<Policy> PRECEDENCE = Comparator.comparingInt(Policy::priority).reversed()
            .thenComparing(Policy::name);

    private final Map<String, Policy> byName = new ConcurrentHashMap<>();
    /** The same policies in precedence order, replaced on every change (read without locking). */
    private volatile List<Policy> ordered = List.of();

    /** Adds or replaces a policy; returns the one it replaced, or null when it is new. */
    public synchronized Policy put(Policy p) {
        Policy old = byName.put(p.name(), p);
        reorder();
        return old;
    }

    /** Removes a policy; returns it, or null when there was none of that name. */
    public synchronized Policy remove(String name) {
        Policy old = byName.remove(name);
        if (old != null) {
            reorder();
        }
        return old;
    }

    private void reorder() {
        List<Policy> all = new ArrayList<>(byName.values());
        all.sort(PRECEDENCE);
        ordered = List.copyOf(all);
    }

    public Policy get(String name) {
        return byName.get(name);
    }

    public boolean isEmpty() {
        return ordered.isEmpty();
    }

    /** Every policy, lowest priority first, then by name (the order RabbitMQ lists them in). */
    public List<Policy> list() {
        List<Policy> all = new ArrayList<>(ordered);
        all.sort(Comparator.comparingInt(Policy::priority).thenComparing(Policy::name));
        return all;
    }

    /** The policy that applies to a queue of this name and type ("classic", "quorum", "stream"), or null. */
    public Policy forQueue(String queueName, String queueType) {
        for (Policy p : ordered) {
            if (p.matchesQueue(queueName, queueType)) {
                return p;
            }
        }
        return null;
    }

    /** The policy that applies to an exchange of this name, or null. */
    public Policy forExchange(String exchangeName) {
        for (Policy p : ordered) {
            if (p.matchesExchange(exchangeName)) {
                return p;
            }
        }
        return null;
    }
}
