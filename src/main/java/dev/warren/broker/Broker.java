package dev.warren.broker;

import dev.warren.broker.auth.UserStore;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The message broker of one Warren instance: its virtual hosts and users. */
public final class Broker {
    private final Map<String, VirtualHost> vhosts = new ConcurrentHashMap<>();
    private final UserStore users;

    public Broker(UserStore users) {
        this.users = users;
    }

    public VirtualHost addVirtualHost(String name) {
        return vhosts.computeIfAbsent(name, VirtualHost::new);
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
