package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import dev.warren.broker.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exchange: a name, a type and its bindings. Each type keeps its own routing index, read without
 * locks on the publish path and changed (rarely) under the exchange's monitor.
 */
public abstract class Exchange implements Destination {
    private final String vhost;
    private final String name;
    private final boolean durable;
    private final boolean autoDelete;
    private final boolean internal;
    private final Map<String, Object> arguments;
    private final Set<Binding> bindings = ConcurrentHashMap.newKeySet();
    /** The policy that applies to this exchange, or null. */
    private volatile Policy policy;
    /** Messages published into this exchange (RabbitMQ's publish_in). */
    public final LongAdder publishedIn = new LongAdder();
    /** Copies routed out of it to queues (RabbitMQ's publish_out). */
    public final LongAdder publishedOut = new LongAdder();

    protected Exchange(String vhost, String name, boolean durable, boolean autoDelete, boolean internal,
                       Map<String, Object> arguments) {
        this.vhost = vhost;
        this.name = name;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.internal = internal;
        this.arguments = arguments == null || arguments.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
    }

    /** The exchange type name as declared: direct, fanout, topic, headers. */
    public abstract String type();

    /** Adds every destination whose binding matches the message. */
    public abstract void route(Message message, RoutingResult result);

    protected abstract void indexBinding(Binding binding);

    protected abstract void unindexBinding(Binding binding);

    /** Checks a binding's key and arguments before it is added. */
    public void validateBinding(String routingKey, Map<String, Object> arguments) throws BrokerException {
    }

    public final synchronized boolean addBinding(Binding binding) {
        if (!bindings.add(binding)) {
            return false;
        }
        indexBinding(binding);
        return true;
    }

    public final synchronized boolean removeBinding(Binding binding) {
        if (!bindings.remove(binding)) {
            return false;
        }
        unindexBinding(binding);
        return true;
    }

    public List<Binding> bindings() {
        return List.copyOf(bindings);
    }

    /** Whether any current binding matches, without copying the bindings (for unindexing). */
    protected boolean anyBinding(java.util.function.Predicate<Binding> test) {
        for (Binding b : bindings) {
            if (test.test(b)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasBindings() {
        return !bindings.isEmpty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "exchange";
    }

    public String vhost() {
        return vhost;
    }

    public boolean durable() {
        return durable;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public boolean internal() {
        return internal;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    /** Applies a policy (null: none applies any more). */
    public void applyPolicy(Policy newPolicy) {
        this.policy = newPolicy;
    }

    /** The policy that applies to this exchange, or null. */
    public Policy policy() {
        return policy;
    }

    /**
     * The alternate exchange's name, or null: the {@code alternate-exchange} argument, else the applying
     * policy's {@code alternate-exchange} (as in RabbitMQ, the argument wins over the policy).
     */
    public String alternateExchange() {
        Object alternate = arguments.get("alternate-exchange");
        if (alternate == null) {
            Policy p = policy;
            alternate = p == null ? null : p.definition().get("alternate-exchange");
        }
        if (alternate instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return alternate == null ? null : alternate.toString();
    }

    @Override
    public String toString() {
        return "exchange '" + name + "' in vhost '" + vhost + "'";
    }
}
