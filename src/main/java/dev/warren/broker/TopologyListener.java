package dev.warren.broker;

/**
 * Told when durable definitions changed: a virtual host's exchanges, queues, bindings or policies
 * (vhost given), or vhosts, users, permissions, topic permissions or global parameters (vhost null).
 */
public interface TopologyListener {
    TopologyListener NONE = vhost -> { };

    void durableTopologyChanged(VirtualHost vhost);
}
