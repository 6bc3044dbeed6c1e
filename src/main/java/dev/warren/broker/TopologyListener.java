package dev.warren.broker;

/** Told when durable topology (exchanges, queues, bindings) of a virtual host changed. */
public interface TopologyListener {
    TopologyListener NONE = vhost -> { };

    void durableTopologyChanged(VirtualHost vhost);
}
