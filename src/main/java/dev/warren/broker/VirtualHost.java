package dev.warren.broker;

import dev.warren.broker.exchange.DefaultExchange;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.exchange.ExchangeTypes;
import dev.warren.broker.policy.Policies;
import dev.warren.broker.policy.Policy;
import dev.warren.broker.queue.Consumer;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueArguments;
import dev.warren.broker.queue.QueueContext;
import dev.warren.broker.queue.StreamQueue;
import dev.warren.broker.queue.stream.StreamArguments;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A virtual host: its exchanges, queues and bindings, and RabbitMQ's rules for declaring and deleting
 * them. Topology changes are serialised on the vhost's monitor; routing reads only concurrent maps.
 */
public final class VirtualHost {
    /** The queue arguments RabbitMQ compares when a queue is declared again. */
    private static final List<String> EQUIVALENCE_QUEUE_ARGS = List.of("x-expires", "x-message-ttl",
            "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length", "x-max-length-bytes",
            "x-max-priority", "x-overflow", "x-queue-mode", "x-queue-type", "x-single-active-consumer",
            "x-queue-master-locator", "x-queue-leader-locator", "x-max-age", "x-stream-max-segment-size-bytes");
    private static final List<String> EQUIVALENCE_EXCHANGE_ARGS = List.of("alternate-exchange");

    private final String name;
    private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final QueueContext queueContext;
    private final NodeCounters counters;
    /** Bindings by destination, so deleting a queue or exchange finds its bindings without a scan. */
    private final Map<Destination, Set<Binding>> bindingsTo = new java.util.IdentityHashMap<>();
    private final MessageStats stats = new MessageStats();
    private final Policies policies = new Policies();
    private final Policies operatorPolicies = new Policies();
    private final java.util.function.Function<String, Exchange> exchangeLookup = this::exchange;
    private volatile TopologyListener topologyListener = TopologyListener.NONE;
    private volatile Metadata metadata = Metadata.NONE;
    /** RabbitMQ's vhost limits ("max-connections", "max-queues"), by name; a negative value is no limit. */
    private volatile Map<String, Long> limits = Map.of();
    private final java.util.concurrent.atomic.AtomicInteger connectionCount = new java.util.concurrent.atomic.AtomicInteger();

    /** The vhost limits RabbitMQ knows. */
    public static final List<String> LIMIT_NAMES = List.of("max-connections", "max-queues");

    /**
     * What a declaring client must be allowed (its permissions), asked by {@link #declareQueue} once the
     * queue's name is known: {@code configure} for every declaration, {@code create} only when the queue is
     * new (RabbitMQ then checks the dead-letter exchange).
     */
    public interface DeclareCheck {
        DeclareCheck NONE = new DeclareCheck() {
            @Override
            public void configure(String queueName) {
            }

            @Override
            public void create(String queueName, Map<String, Object> args) {
            }
        };

        void configure(String queueName) throws BrokerException;

        void create(String queueName, Map<String, Object> args) throws BrokerException;
    }

    /** What PUT /api/vhosts/NAME sets besides the name: description, tags and default queue type. */
    public record Metadata(String description, List<String> tags, String defaultQueueType) {
        public static final Metadata NONE = new Metadata("", List.of(), "classic");
    }

    /** A stand-alone virtual host: no store, no alarms, no timers (for tests of routing). */
    public VirtualHost(String name) {
        this.name = name;
        this.queueContext = QueueContext.NONE;
        this.counters = new NodeCounters();
        declarePredefinedExchanges();
    }

    VirtualHost(String name, Broker broker) {
        this.name = name;
        this.queueContext = broker.queueContext(this);
        this.counters = broker.counters();
        declarePredefinedExchanges();
    }

    private void declarePredefinedExchanges() {
        exchanges.put("", new DefaultExchange(name, queues::get));
        try {
            for (String[] pre : new String[][] {{"amq.direct", "direct"}, {"amq.fanout", "fanout"},
                    {"amq.topic", "topic"}, {"amq.headers", "headers"}, {"amq.match", "headers"}}) {
                exchanges.put(pre[0], ExchangeTypes.create(pre[1], name, pre[0], true, false, false, Map.of()));
            }
        } catch (BrokerException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public Metadata metadata() {
        return metadata;
    }

    public void setMetadata(Metadata metadata) {
        this.metadata = metadata;
    }

    /** The vhost's limits, by name, sorted (empty when none is set). */
    public Map<String, Long> limits() {
        return limits;
    }

    /** A limit's value, or -1 (no limit) when it is not set. */
    public long limit(String limitName) {
        Long v = limits.get(limitName);
        return v == null ? -1 : v;
    }

    /**
     * Sets (value not null) or clears a limit; true when it changed something. Kept in the definitions
     * file. Names other than {@link #LIMIT_NAMES} are refused.
     */
    public synchronized boolean setLimit(String limitName, Long value) {
        if (!LIMIT_NAMES.contains(limitName)) {
            throw new IllegalArgumentException("Validation failed\n\n" + limitName + " is not recognised\n");
        }
        java.util.TreeMap<String, Long> next = new java.util.TreeMap<>(limits);
        Long old = value == null ? next.remove(limitName) : next.put(limitName, value);
        if (Objects.equals(old, value)) {
            return false;
        }
        limits = java.util.Collections.unmodifiableMap(next);
        topologyListener.durableTopologyChanged(this);
        return true;
    }

    /** Replaces every limit (definitions import, start-up); unknown names are refused. */
    public synchronized void setLimits(Map<String, Long> all) {
        for (String n : all.keySet()) {
            if (!LIMIT_NAMES.contains(n)) {
                throw new IllegalArgumentException("Validation failed\n\n" + n + " is not recognised\n");
            }
        }
        Map<String, Long> next = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(all));
        if (!next.equals(limits)) {
            limits = next;
            topologyListener.durableTopologyChanged(this);
        }
    }

    /**
     * Counts a new client connection unless the max-connections limit is reached (then false). Every
     * true answer must be matched by one {@link #connectionClosed()}.
     */
    public boolean tryAddConnection() {
        while (true) {
            int n = connectionCount.get();
            long max = limit("max-connections");
            if (max >= 0 && n >= max) {
                return false;
            }
            if (connectionCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void connectionClosed() {
        connectionCount.decrementAndGet();
    }

    /** Queues counted by max-queues: all but the private queues behind direct reply-to consumers. */
    private int queueCount() {
        int n = 0;
        for (Queue q : queues.values()) {
            if (!q.name().startsWith("amq.rabbitmq.reply-to.")) {
                n++;
            }
        }
        return n;
    }

    /** Message counters of this virtual host (publishes, deliveries, acks). */
    public MessageStats stats() {
        return stats;
    }

    public void setTopologyListener(TopologyListener listener) {
        this.topologyListener = listener == null ? TopologyListener.NONE : listener;
    }

    /** Durable, non-exclusive queues survive a restart with their persistent messages. */
    public static boolean isRecoverable(Queue q) {
        return q.durable() && !q.exclusive();
    }

    /** A binding survives a restart when both ends do. */
    public static boolean isRecoverable(Binding b) {
        boolean destination = b.destination() instanceof Queue q ? isRecoverable(q)
                : ((Exchange) b.destination()).durable();
        return b.source().durable() && destination && !b.source().name().isEmpty();
    }

    private void durableChanged(boolean durable) {
        if (durable) {
            topologyListener.durableTopologyChanged(this);
        }
    }

    /** {@link #exchange(String)} as a function, made once (routing asks for it on every publish). */
    public java.util.function.Function<String, Exchange> exchangeLookup() {
        return exchangeLookup;
    }

    public Exchange exchange(String exchangeName) {
        return exchanges.get(exchangeName);
    }

    public Queue queue(String queueName) {
        return queues.get(queueName);
    }

    public Collection<Exchange> exchanges() {
        return exchanges.values();
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    public Exchange requireExchange(String exchangeName) throws BrokerException {
        Exchange e = exchanges.get(exchangeName);
        if (e == null) {
            throw BrokerException.notFound("no exchange '" + exchangeName + "' in vhost '" + name + "'");
        }
        return e;
    }

    /** Looks a queue up for use by {@code owner}'s connection: 404 when missing, 405 when someone else's. */
    public Queue requireQueue(String queueName, Object owner) throws BrokerException {
        Queue q = queues.get(queueName);
        if (q == null) {
            throw BrokerException.notFound("no queue '" + queueName + "' in vhost '" + name + "'");
        }
        checkExclusiveAccess(q, owner);
        return q;
    }

    private void checkExclusiveAccess(Queue q, Object owner) throws BrokerException {
        if (q.exclusive() && q.exclusiveOwner() != owner) {
            throw exclusivelyLocked(q);
        }
    }

    private BrokerException exclusivelyLocked(Queue q) {
        return BrokerException.resourceLocked("cannot obtain exclusive access to locked queue '" + q.name()
                    + "' in vhost '" + name + "'. It could be originally declared on another connection or the"
                    + " exclusive property value does not match that of the original declaration.");
    }

    // ---------------------------------------------------------------- exchanges

    public synchronized Exchange declareExchange(String exchangeName, String type, boolean passive, boolean durable,
                                                 boolean autoDelete, boolean internal, Map<String, Object> args)
            throws BrokerException {
        if (exchangeName.isEmpty()) {
            throw BrokerException.accessRefused("operation not permitted on the default exchange");
        }
        if (passive) {
            return requireExchange(exchangeName);
        }
        Exchange fresh = ExchangeTypes.create(type, name, exchangeName, durable, autoDelete, internal, args);
        Exchange existing = exchanges.get(exchangeName);
        if (existing == null && exchangeName.startsWith("amq.")) {
            // Only creating is refused: re-declaring amq.direct etc. as they are is fine, as in RabbitMQ.
            throw BrokerException.accessRefused("exchange name '" + exchangeName
                    + "' contains reserved prefix 'amq.*'");
        }
        if (existing != null) {
            String what = "exchange '" + exchangeName + "' in vhost '" + name + "'";
            checkEquivalent("type", what, type, existing.type());
            checkEquivalent("durable", what, durable, existing.durable());
            checkEquivalent("auto_delete", what, autoDelete, existing.autoDelete());
            checkEquivalent("internal", what, internal, existing.internal());
            checkArgumentsEquivalent(what, EQUIVALENCE_EXCHANGE_ARGS, args, existing.arguments());
            return existing;
        }
        fresh.applyPolicy(policies.forExchange(exchangeName));
        exchanges.put(exchangeName, fresh);
        durableChanged(durable);
        return fresh;
    }

    public synchronized void deleteExchange(String exchangeName, boolean ifUnused) throws BrokerException {
        if (exchangeName.isEmpty()) {
            throw BrokerException.accessRefused("operation not permitted on the default exchange");
        }
        if (exchangeName.startsWith("amq.")) {
            throw BrokerException.accessRefused("operation not permitted on exchange '" + exchangeName + "'");
        }
        Exchange e = exchanges.get(exchangeName);
        if (e == null) {
            return; // RabbitMQ: deleting what does not exist succeeds
        }
        if (ifUnused && e.hasBindings()) {
            throw BrokerException.preconditionFailed("exchange '" + exchangeName + "' in vhost '" + name + "' in use");
        }
        removeExchange(e);
    }

    private void removeExchange(Exchange e) {
        exchanges.remove(e.name(), e);
        for (Binding b : e.bindings()) {
            removeBinding(e, b);
        }
        removeBindingsTo(e);
        durableChanged(e.durable());
    }

    // ---------------------------------------------------------------- queues

    public Queue declareQueue(String queueName, boolean passive, boolean durable, boolean exclusive,
                              boolean autoDelete, Map<String, Object> args, Object owner) throws BrokerException {
        return declareQueue(queueName, passive, durable, exclusive, autoDelete, args, owner, DeclareCheck.NONE);
    }

    /**
     * Declares a queue as RabbitMQ does: a passive declaration only looks it up; otherwise the name
     * (generated {@code amq.gen-*} when empty) must be allowed by {@code check}, and a new queue must fit
     * the vhost's max-queues limit (406 PRECONDITION_FAILED with RabbitMQ's text).
     */
    public synchronized Queue declareQueue(String queueName, boolean passive, boolean durable, boolean exclusive,
                                           boolean autoDelete, Map<String, Object> args, Object owner,
                                           DeclareCheck check) throws BrokerException {
        if (passive) {
            return requireQueue(queueName, owner);
        }
        if (queueName.isEmpty() && args != null && isStream(args.get("x-queue-type"))) {
            throw BrokerException.preconditionFailed("Cannot declare a server-named queue for type <<\"stream\">>");
        }
        if (queueName.isEmpty()) {
            queueName = generateQueueName();
        } else if (queueName.startsWith("amq.")) {
            throw BrokerException.accessRefused("queue name '" + queueName + "' contains reserved prefix 'amq.*'");
        }
        check.configure(queueName);
        Queue existing = queues.get(queueName);
        if (existing == null) {
            long maxQueues = limit("max-queues");
            if (maxQueues >= 0 && queueCount() >= maxQueues) {
                throw BrokerException.preconditionFailed("cannot declare queue '" + queueName + "': queue limit in vhost '"
                        + name + "' (" + maxQueues + ") is reached");
            }
            check.create(queueName, args == null ? Map.of() : args);
        }
        QueueArguments parsed = QueueArguments.parse(args, queueName, name);
        if (existing != null) {
            existing.touch();
            // As RabbitMQ: a redeclaration must match the exclusive owner exactly (none when not exclusive).
            if (existing.exclusiveOwner() != (exclusive ? owner : null)) {
                throw exclusivelyLocked(existing);
            }
            String what = "queue '" + queueName + "' in vhost '" + name + "'";
            checkEquivalent("durable", what, durable, existing.durable());
            checkEquivalent("auto_delete", what, autoDelete, existing.autoDelete());
            checkArgumentsEquivalent(what, EQUIVALENCE_QUEUE_ARGS, args, existing.arguments());
            counters.queuesDeclared.increment();
            return existing;
        }
        boolean recoverable = durable && !exclusive;
        checkQueueType(parsed, queueName, durable, exclusive, autoDelete);
        Queue q = parsed.queueType().equals("stream")
                ? new StreamQueue(name, queueName, args, parsed, StreamArguments.parse(args, parsed, queueName, name),
                        queueContext)
                : new Queue(name, queueName, durable, autoDelete, exclusive ? owner : null, args, parsed,
                        recoverable ? queueContext : queueContext.withoutJournal());
        if (!policies.isEmpty() || !operatorPolicies.isEmpty()) {
            q.applyPolicies(policies.forQueue(queueName, parsed.queueType()),
                    operatorPolicies.forQueue(queueName, parsed.queueType()));
        }
        queues.put(queueName, q);
        counters.queuesDeclared.increment();
        counters.queuesCreated.increment();
        durableChanged(recoverable);
        return q;
    }

    /**
     * Creates the private queue behind a direct reply-to consumer: named {@code amq.rabbitmq.reply-to.*},
     * exclusive to the consuming connection, gone with its consumer, reached through the default exchange.
     */
    public synchronized Queue createDirectReplyQueue(String prefix, Object owner) {
        String queueName;
        do {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            queueName = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (queues.containsKey(queueName));
        Queue q = new Queue(name, queueName, false, true, owner, Map.of(), QueueArguments.NONE,
                queueContext.withoutJournal());
        queues.put(queueName, q);
        counters.queuesCreated.increment();
        return q;
    }

    /**
     * Quorum queues are accepted as durable classic queues, stream queues are {@link StreamQueue}s; both
     * with RabbitMQ's rules for their properties.
     */
    private void checkQueueType(QueueArguments args, String queueName, boolean durable, boolean exclusive,
                                boolean autoDelete) throws BrokerException {
        String where = " for queue '" + queueName + "' in vhost '" + name + "'";
        if (args.queueType().equals("quorum")) {
            if (!durable) {
                throw BrokerException.preconditionFailed("invalid property 'non-durable'" + where);
            }
            if (exclusive) {
                throw BrokerException.preconditionFailed("invalid property 'exclusive-owner'" + where);
            }
            if (autoDelete) {
                throw BrokerException.preconditionFailed("invalid property 'auto-delete'" + where);
            }
        } else if (args.queueType().equals("stream")) {
            // as RabbitMQ checks a stream: auto-delete, then exclusive, then durable
            if (autoDelete) {
                throw BrokerException.preconditionFailed("invalid property 'auto-delete'" + where);
            }
            if (exclusive) {
                throw BrokerException.preconditionFailed("invalid property 'exclusive-owner'" + where);
            }
            if (!durable) {
                throw BrokerException.preconditionFailed("invalid property 'non-durable'" + where);
            }
        }
    }

    private static boolean isStream(Object type) {
        return "stream".equals(type instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : type);
    }

    private String generateQueueName() {
        byte[] bytes = new byte[16];
        String candidate;
        do {
            random.nextBytes(bytes);
            candidate = "amq.gen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (queues.containsKey(candidate));
        return candidate;
    }

    /** Deletes a queue and returns how many ready messages it held; a missing queue counts 0. */
    public synchronized int deleteQueue(String queueName, boolean ifUnused, boolean ifEmpty, Object owner)
            throws BrokerException {
        Queue q = queues.get(queueName);
        if (q == null) {
            return 0;
        }
        checkExclusiveAccess(q, owner);
        if (ifUnused && q.consumerCount() > 0) {
            throw BrokerException.preconditionFailed("queue '" + queueName + "' in vhost '" + name + "' in use");
        }
        if (ifEmpty && q.messageCount() > 0) {
            throw BrokerException.preconditionFailed("queue '" + queueName + "' in vhost '" + name + "' is not empty");
        }
        return removeQueue(q);
    }

    /** Removes a queue (exclusive owner gone, auto-delete, explicit delete); consumers are told. */
    public int removeQueue(Queue q) {
        List<Consumer> detached = new ArrayList<>();
        int count;
        synchronized (this) {
            if (!queues.remove(q.name(), q)) {
                return 0;
            }
            count = q.markDeleted(detached);
            counters.queuesDeleted.increment();
            counters.deletedQueuesPublished.add(q.stats().published());
            removeBindingsTo(q);
            durableChanged(isRecoverable(q));
        }
        for (Consumer c : detached) {
            c.cancelledByBroker(q);
        }
        return count;
    }

    private void removeBindingsTo(Destination d) {
        Set<Binding> to = bindingsTo.remove(d);
        if (to == null) {
            return;
        }
        for (Binding b : List.copyOf(to)) {
            b.source().removeBinding(b);
            autoDeleteIfUnbound(b.source());
            durableChanged(isRecoverable(b));
        }
    }

    /** Adds a binding to its source exchange and to the reverse index. Under the vhost's monitor. */
    private boolean addBinding(Exchange source, Binding b) {
        if (!source.addBinding(b)) {
            return false;
        }
        bindingsTo.computeIfAbsent(b.destination(), k -> new LinkedHashSet<>()).add(b);
        return true;
    }

    /** Removes a binding from its source exchange and from the reverse index. Under the vhost's monitor. */
    private boolean removeBinding(Exchange source, Binding b) {
        if (!source.removeBinding(b)) {
            return false;
        }
        Set<Binding> to = bindingsTo.get(b.destination());
        if (to != null) {
            to.remove(b);
            if (to.isEmpty()) {
                bindingsTo.remove(b.destination());
            }
        }
        return true;
    }

    private void autoDeleteIfUnbound(Exchange e) {
        if (e.autoDelete() && !e.hasBindings() && exchanges.get(e.name()) == e) {
            removeExchange(e);
        }
    }

    // ---------------------------------------------------------------- policies

    /** The policies of this virtual host. */
    public Policies policies() {
        return policies;
    }

    /**
     * Adds or replaces a policy and applies the policies anew to every queue and exchange. Policies are
     * durable: the topology listener is told. Returns true when the policy is new.
     */
    public synchronized boolean setPolicy(Policy policy) {
        if (!policy.vhost().equals(name)) {
            throw new IllegalArgumentException("policy for vhost '" + policy.vhost() + "' set in '" + name + "'");
        }
        Policy old = policies.put(policy);
        reapplyPolicies();
        topologyListener.durableTopologyChanged(this);
        return old == null;
    }

    /** The operator policies of this virtual host. */
    public Policies operatorPolicies() {
        return operatorPolicies;
    }

    /** As {@link #setPolicy}, for an operator policy (build it with {@link Policy#operator}). */
    public synchronized boolean setOperatorPolicy(Policy policy) {
        if (!policy.vhost().equals(name)) {
            throw new IllegalArgumentException("policy for vhost '" + policy.vhost() + "' set in '" + name + "'");
        }
        Policy old = operatorPolicies.put(policy);
        reapplyPolicies();
        topologyListener.durableTopologyChanged(this);
        return old == null;
    }

    /** Removes an operator policy (its effect goes with it); false when there was none of that name. */
    public synchronized boolean clearOperatorPolicy(String policyName) {
        if (operatorPolicies.remove(policyName) == null) {
            return false;
        }
        reapplyPolicies();
        topologyListener.durableTopologyChanged(this);
        return true;
    }

    /** Removes a policy (its effect goes with it); false when there was none of that name. */
    public synchronized boolean clearPolicy(String policyName) {
        if (policies.remove(policyName) == null) {
            return false;
        }
        reapplyPolicies();
        topologyListener.durableTopologyChanged(this);
        return true;
    }

    /** Re-evaluates which policy applies to each queue and exchange; only those whose policy changed are told. */
    private void reapplyPolicies() {
        for (Queue q : queues.values()) {
            if (q.name().startsWith("amq.rabbitmq.reply-to")) {
                continue;
            }
            Policy p = policies.forQueue(q.name(), q.declaredArguments().queueType());
            Policy op = operatorPolicies.forQueue(q.name(), q.declaredArguments().queueType());
            if (!java.util.Objects.equals(p, q.policy()) || !java.util.Objects.equals(op, q.operatorPolicy())) {
                q.applyPolicies(p, op);
            }
        }
        for (Exchange x : exchanges.values()) {
            if (x.name().isEmpty()) {
                continue; // the default exchange takes no policy
            }
            Policy p = policies.forExchange(x.name());
            if (!java.util.Objects.equals(p, x.policy())) {
                x.applyPolicy(p);
            }
        }
    }

    // ---------------------------------------------------------------- bindings

    public synchronized void bindQueue(String queueName, String exchangeName, String routingKey,
                                       Map<String, Object> args, Object owner) throws BrokerException {
        Exchange source = bindableExchange(exchangeName);
        Queue q = requireQueue(queueName, owner);
        source.validateBinding(routingKey, args);
        Binding b = new Binding(source, q, routingKey, normalise(args));
        if (addBinding(source, b)) {
            durableChanged(isRecoverable(b));
        }
    }

    public synchronized void unbindQueue(String queueName, String exchangeName, String routingKey,
                                         Map<String, Object> args, Object owner) throws BrokerException {
        Exchange source = bindableExchange(exchangeName);
        Queue q = requireQueue(queueName, owner);
        Binding b = new Binding(source, q, routingKey, normalise(args));
        if (removeBinding(source, b)) {
            autoDeleteIfUnbound(source);
            durableChanged(isRecoverable(b));
        }
    }

    public synchronized void bindExchange(String destinationName, String sourceName, String routingKey,
                                          Map<String, Object> args) throws BrokerException {
        Exchange source = bindableExchange(sourceName);
        Exchange destination = bindableExchange(destinationName);
        source.validateBinding(routingKey, args);
        Binding b = new Binding(source, destination, routingKey, normalise(args));
        if (addBinding(source, b)) {
            durableChanged(isRecoverable(b));
        }
    }

    public synchronized void unbindExchange(String destinationName, String sourceName, String routingKey,
                                            Map<String, Object> args) throws BrokerException {
        Exchange source = bindableExchange(sourceName);
        Exchange destination = bindableExchange(destinationName);
        Binding b = new Binding(source, destination, routingKey, normalise(args));
        if (removeBinding(source, b)) {
            autoDeleteIfUnbound(source);
            durableChanged(isRecoverable(b));
        }
    }

    private Exchange bindableExchange(String exchangeName) throws BrokerException {
        if (exchangeName.isEmpty()) {
            throw BrokerException.accessRefused("operation not permitted on the default exchange");
        }
        return requireExchange(exchangeName);
    }

    private static Map<String, Object> normalise(Map<String, Object> args) {
        return args == null ? Map.of() : args;
    }

    /** All bindings of this vhost, for listing. */
    public List<Binding> bindings() {
        List<Binding> all = new ArrayList<>();
        for (Exchange e : exchanges.values()) {
            all.addAll(e.bindings());
        }
        return all;
    }

    // ---------------------------------------------------------------- equivalence

    private static void checkEquivalent(String arg, String what, Object received, Object current)
            throws BrokerException {
        if (!Objects.equals(received, current)) {
            throw BrokerException.preconditionFailed("inequivalent arg '" + arg + "' for " + what
                    + ": received '" + received + "' but current is '" + current + "'");
        }
    }

    private static void checkArgumentsEquivalent(String what, List<String> keys, Map<String, Object> received,
                                                 Map<String, Object> current) throws BrokerException {
        Map<String, Object> r = normalise(received);
        for (String key : keys) {
            Object a = r.get(key);
            Object b = current.get(key);
            if (key.equals("x-queue-type") && (a == null ? "classic" : a).equals(b == null ? "classic" : b)) {
                continue; // as RabbitMQ: no x-queue-type means classic
            }
            boolean same = (a instanceof Number x && b instanceof Number y)
                    ? x.longValue() == y.longValue() && x.doubleValue() == y.doubleValue()
                    : Objects.equals(a, b);
            if (!same) {
                throw BrokerException.preconditionFailed("inequivalent arg '" + key + "' for " + what
                        + ": received " + describe(a) + " but current is " + describe(b));
            }
        }
    }

    private static String describe(Object v) {
        if (v == null) {
            return "none";
        }
        return "the value '" + v + "' of type '" + typeName(v) + "'";
    }

    private static String typeName(Object v) {
        if (v instanceof String) return "longstr";
        if (v instanceof Long) return "long";
        if (v instanceof Integer) return "signedint";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Double || v instanceof Float) return "double";
        return v.getClass().getSimpleName().toLowerCase();
    }
}
