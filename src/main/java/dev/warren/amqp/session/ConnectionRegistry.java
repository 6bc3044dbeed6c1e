package dev.warren.amqp.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open AMQP connections of one Warren instance. */
public final class ConnectionRegistry {
    private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();

    void add(AmqpConnection c) {
        connections.add(c);
    }

    void remove(AmqpConnection c) {
        connections.remove(c);
    }

    public int size() {
        return connections.size();
    }

    boolean contains(AmqpConnection c) {
        return connections.contains(c);
    }

    public Set<AmqpConnection> all() {
        return Set.copyOf(connections);
    }
}
