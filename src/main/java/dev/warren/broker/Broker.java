package dev.warren.broker;

import dev.warren.broker.auth.UserStore;
import dev.warren.store.MessageStore;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The message broker of one Warren instance: its virtual hosts and users. */
public final class Broker {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final UserStore users;
    private final MessageStore store;
    private final ResourceMonitor resources;
    private volatile TopologyListener topologyListener = TopologyListener.NONE;

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
    }

    /** The resource alarms, or null when none are watched. */
    public ResourceMonitor resources() {
        return resources;
    }

    /** The message store, or null when this broker keeps nothing on disk. */
    public MessageStore store() {
        return store;
    }

    public VirtualHost addVirtualHost(String name) {
        return vhosts.computeIfAbsent(name, n -> {
            VirtualHost vh = new VirtualHost(n, store, resources);
            vh.setTopologyListener(topologyListener);
            return vh;
        });
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
}
