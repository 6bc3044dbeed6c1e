package dev.warren.broker;

import dev.warren.broker.auth.Permission;
import dev.warren.broker.auth.TopicPermission;
import dev.warren.broker.auth.User;
import dev.warren.broker.auth.UserStore;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.QueueContext;
import dev.warren.broker.queue.Queue;
import dev.warren.store.LiveMessages;
import dev.warren.store.MessageStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The message broker of one Warren instance: its virtual hosts and users. */
public final class Broker implements AutoCloseable {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final UserStore users;
    private final MessageStore store;
    private final ResourceMonitor resources;
    private final MessageRouter router;
    private final DeadLettering deadLettering;
    private final DelayedMessages delayedMessages;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warren-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile TopologyListener topologyListener = TopologyListener.NONE;
    private final Map<String, Object> globalParameters = new ConcurrentHashMap<>();
    private final NodeCounters counters = new NodeCounters();

    public Broker(UserStore users) {
        this(users, null, null);
    }

    /**
     * @param store where durable queues keep persistent messages; null keeps everything in memory
     * @param resources the memory and disk alarms; null for none
     */
    public Broker(UserStore users, MessageStore store, ResourceMonitor resources) {
        this.users = users;
        this.store = store;
        this.resources = resources;
        this.router = new MessageRouter(store);
        this.deadLettering = new DeadLettering(this, router);
        this.delayedMessages = new DelayedMessages(store, timer, router);
        router.setDelayedMessages(delayedMessages);
        users.setChangeListener(() -> topologyListener.durableTopologyChanged(null));
    }

    /** The messages held by x-delayed-message exchanges. */
    public DelayedMessages delayedMessages() {
        return delayedMessages;
    }

    /** Puts published (and dead-lettered) messages into queues. */
    public MessageRouter router() {
        return router;
    }

    /** What queues of a virtual host get around them; the journal only for durable queues. */
    QueueContext queueContext(VirtualHost vhost) {
        return new QueueContext(store, resources, deadLettering, timer, vhost::removeQueue);
    }

    /** Which persistent messages queues and delayed exchanges still hold, for the store's compaction. */
    public LiveMessages liveMessages() {
        return new LiveMessages() {
            @Override
            public void forEach(Visitor visitor) {
                for (VirtualHost vh : vhosts.values()) {
                    for (Queue q : vh.queues()) {
                        if (VirtualHost.isRecoverable(q)) {
                            q.forEachStoredEntry((id, segment, offset, m) ->
                                    visitor.visit(vh.name(), q.name(), id, segment, offset, m));
                        }
                    }
                }
                delayedMessages.forEachStored(visitor);
            }

            @Override
            public void forEachDeliveredMark(MarkVisitor visitor) {
                for (VirtualHost vh : vhosts.values()) {
                    for (Queue q : vh.queues()) {
                        long mark = VirtualHost.isRecoverable(q) ? q.deliveredMark() : 0;
                        if (mark > 0) {
                            visitor.visit(vh.name(), q.name(), mark);
                        }
                    }
                }
            }
        };
    }

    /** Stops the broker's own threads (timers, dead-lettering). */
    @Override
    public void close() {
        timer.shutdownNow();
        for (VirtualHost vh : vhosts.values()) {
            for (Queue q : vh.queues()) {
                if (q instanceof dev.warren.broker.queue.StreamQueue s) {
                    s.close();
                }
            }
        }
        deadLettering.close();
    }

    /** The resource alarms, or null when none are watched. */
    /** Node-wide lifecycle counters (connections, channels, queues) for the Prometheus endpoint. */
    public NodeCounters counters() {
        return counters;
    }

    public ResourceMonitor resources() {
        return resources;
    }

    /** The message store, or null when this broker keeps nothing on disk. */
    public MessageStore store() {
        return store;
    }

    public VirtualHost addVirtualHost(String name) {
        return vhosts.computeIfAbsent(name, n -> {
            VirtualHost vh = new VirtualHost(n, this);
            vh.setTopologyListener(topologyListener);
            return vh;
        });
    }

    /** Tells the definitions file that vhosts or their metadata changed (they are durable). */
    public void vhostsChanged() {
        topologyListener.durableTopologyChanged(null);
    }

    /** Routes durable topology changes of every virtual host (present and future) to the listener. */
    public void setTopologyListener(TopologyListener listener) {
        this.topologyListener = listener;
        for (VirtualHost vh : vhosts.values()) {
            vh.setTopologyListener(listener);
        }
    }

    public VirtualHost virtualHost(String name) {
        return vhosts.get(name);
    }

    public Collection<VirtualHost> virtualHosts() {
        return vhosts.values();
    }

    public UserStore users() {
        return users;
    }

    /**
     * RabbitMQ's global runtime parameters (cluster_name, ...), by name, read-only; values are JSON-shaped
     * (String, Number, Boolean, Map, List). Change them with {@link #setGlobalParameter} and
     * {@link #clearGlobalParameter}, which keep them in the definitions file.
     */
    public Map<String, Object> globalParameters() {
        return java.util.Collections.unmodifiableMap(globalParameters);
    }

    /** Sets a global parameter; true when it replaced one. */
    public boolean setGlobalParameter(String name, Object value) {
        boolean replaced = globalParameters.put(name, value) != null;
        topologyListener.durableTopologyChanged(null);
        return replaced;
    }

    /** Removes a global parameter; false when there was none. */
    public boolean clearGlobalParameter(String name) {
        if (globalParameters.remove(name) == null) {
            return false;
        }
        topologyListener.durableTopologyChanged(null);
        return true;
    }

    /**
     * RabbitMQ's resource access control: the user's permission in the vhost must allow the operation
     * (configure, write or read) on the queue or exchange of that name, else 403 ACCESS_REFUSED with
     * RabbitMQ's text. The default exchange ("") is checked under the name "amq.default", as in RabbitMQ.
     *
     * @param kind "queue" or "exchange"
     */
    public void checkAccess(String user, VirtualHost vh, String kind, String name, Permission.Kind operation)
            throws BrokerException {
        if (!mayAccess(user, vh, kind, name, operation)) {
            String shown = "exchange".equals(kind) && name.isEmpty() ? "amq.default" : name;
            throw BrokerException.accessRefused("access to " + kind + " '" + shown + "' in vhost '" + vh.name()
                    + "' refused for user '" + user + "'");
        }
    }

    /**
     * exchange.declare (not passive): configure on the exchange; a new exchange with an alternate exchange
     * also reads from itself and writes to the alternate, as in RabbitMQ. The default exchange is left to
     * the vhost to refuse.
     */
    public void checkExchangeDeclare(String user, VirtualHost vh, String exchange, Map<String, Object> args)
            throws BrokerException {
        if (exchange.isEmpty()) {
            return;
        }
        checkAccess(user, vh, "exchange", exchange, Permission.Kind.CONFIGURE);
        Object ae = args == null ? null : args.get("alternate-exchange");
        if (ae != null && vh.exchange(exchange) == null) {
            checkAccess(user, vh, "exchange", exchange, Permission.Kind.READ);
            checkAccess(user, vh, "exchange", text(ae), Permission.Kind.WRITE);
        }
    }

    /**
     * A binding or unbinding writes to its destination and reads from its source exchange, as in RabbitMQ;
     * the default exchange at either end is left to the vhost to refuse.
     *
     * @param destinationKind "queue" or "exchange"
     */
    public void checkBinding(String user, VirtualHost vh, String destinationKind, String destination, String source)
            throws BrokerException {
        checkAccess(user, vh, destinationKind, destination, Permission.Kind.WRITE);
        if (!source.isEmpty() && !destination.isEmpty()) {
            checkAccess(user, vh, "exchange", source, Permission.Kind.READ);
        }
    }

    /**
     * What queue.declare needs of a user: configure on the queue (its generated name for a server-named
     * one), and for a new queue with a dead-letter exchange read on the queue and write on that exchange.
     */
    public VirtualHost.DeclareCheck queueDeclareCheck(String user, VirtualHost vh) {
        return new VirtualHost.DeclareCheck() {
            @Override
            public void configure(String queueName) throws BrokerException {
                checkAccess(user, vh, "queue", queueName, Permission.Kind.CONFIGURE);
            }

            @Override
            public void create(String queueName, Map<String, Object> args) throws BrokerException {
                Object dlx = args.get("x-dead-letter-exchange");
                if (dlx != null) {
                    checkAccess(user, vh, "queue", queueName, Permission.Kind.READ);
                    checkAccess(user, vh, "exchange", text(dlx), Permission.Kind.WRITE);
                }
            }
        };
    }

    private static String text(Object v) {
        return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(v);
    }

    /** Whether {@link #checkAccess} would allow the operation. */
    public boolean mayAccess(String user, VirtualHost vh, String kind, String name, Permission.Kind operation) {
        User u = users.get(user);
        Permission p = u == null ? null : u.permission(vh.name());
        String resource = "exchange".equals(kind) && name.isEmpty() ? "amq.default" : name;
        return p != null && p.allows(operation, resource);
    }

    /**
     * RabbitMQ's topic authorisation: on a topic exchange, a user with a topic permission there may
     * publish (write) or bind (read) only with routing keys its regex matches; without one, any key.
     */
    public void checkTopicAccess(String user, VirtualHost vh, Exchange exchange, String routingKey, boolean write)
            throws BrokerException {
        if (!"topic".equals(exchange.type())) {
            return;
        }
        TopicPermission p = users.topicPermission(user, vh.name(), exchange.name());
        if (p != null && !(write ? p.mayWrite(routingKey) : p.mayRead(routingKey))) {
            throw BrokerException.accessRefused("access to topic '" + routingKey + "' in exchange '" + exchange.name()
                    + "' in vhost '" + vh.name() + "' refused for user '" + user + "'");
        }
    }

    /**
     * Deletes a virtual host as RabbitMQ does: its queues (with their messages), exchanges and bindings,
     * and every user's permissions in it. Connections to it are the caller's to close. False when
     * there was no such vhost.
     */
    public boolean deleteVirtualHost(String name) {
        VirtualHost vh = vhosts.remove(name);
        if (vh == null) {
            return false;
        }
        for (Queue q : List.copyOf(vh.queues())) {
            vh.removeQueue(q);
        }
        counters.deletedVirtualHosts.add(vh.stats());
        for (User u : List.copyOf(users.all())) {
            users.clearPermission(u.name(), name);
        }
        users.removeTopicPermissions(name);
        topologyListener.durableTopologyChanged(null);
        return true;
    }
}
