package dev.warren.broker.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of one Warren instance, their topic permissions, and the users that may only connect from
 * loopback addresses. Every change is reported to the change listener (the definitions file keeps them
 * on disk when there is a data directory).
 */
public final class UserStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private volatile Runnable changeListener = () -> { };
    /** Bumped on every change, so channels can cache permission checks until something changes. */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    private final Set<String> loopbackOnly;
    /** Topic permissions by user, then vhost, then exchange. */
    private final Map<String, Map<String, Map<String, TopicPermission>>> topicPermissions = new ConcurrentHashMap<>();

    public UserStore(Set<String> loopbackOnly) {
        this.loopbackOnly = Set.copyOf(loopbackOnly);
    }

    /** Called after every change of users, their permissions or topic permissions. */
    public void setChangeListener(Runnable listener) {
        this.changeListener = listener == null ? () -> { } : listener;
    }

    private void changed() {
        version.incrementAndGet();
        changeListener.run();
    }

    /**
     * A number that changes whenever a user, permission or topic permission does: a cached access
     * decision is good while this stays the same.
     */
    public long version() {
        return version.get();
    }

    /** Sets a user's permission in a vhost; true when it replaced one. False changes nothing when there is no such user. */
    public synchronized boolean setPermission(String user, String vhost, Permission p) {
        User u = users.get(user);
        if (u == null) {
            return false;
        }
        boolean replaced = u.mayAccess(vhost);
        put(u.withPermission(vhost, p));
        return replaced;
    }

    /** Removes a user's permission in a vhost; false when it had none. */
    public synchronized boolean clearPermission(String user, String vhost) {
        User u = users.get(user);
        if (u == null || !u.mayAccess(vhost)) {
            return false;
        }
        put(u.withoutPermission(vhost));
        return true;
    }

    public synchronized void put(User user) {
        users.put(user.name(), user);
        changed();
    }

    /** Removes a user (and its topic permissions); false when there was none. */
    public boolean remove(String name) {
        Object topic = topicPermissions.remove(name);
        boolean removed = users.remove(name) != null;
        if (removed || topic != null) {
            changed();
        }
        return removed;
    }

    /** Sets a user's topic permission on one exchange; true when it replaced one. */
    public boolean putTopicPermission(TopicPermission p) {
        boolean replaced = topicPermissions.computeIfAbsent(p.user(), u -> new ConcurrentHashMap<>())
                .computeIfAbsent(p.vhost(), v -> new ConcurrentHashMap<>()).put(p.exchange(), p) != null;
        changed();
        return replaced;
    }

    /** Removes a user's topic permissions in a vhost: on one exchange, or all when exchange is null. */
    public boolean removeTopicPermissions(String user, String vhost, String exchange) {
        Map<String, Map<String, TopicPermission>> byVhost = topicPermissions.get(user);
        if (byVhost == null) {
            return false;
        }
        boolean removed;
        if (exchange == null) {
            Map<String, TopicPermission> all = byVhost.remove(vhost);
            removed = all != null && !all.isEmpty();
        } else {
            Map<String, TopicPermission> byExchange = byVhost.get(vhost);
            removed = byExchange != null && byExchange.remove(exchange) != null;
        }
        if (removed) {
            changed();
        }
        return removed;
    }

    /** Removes every user's topic permissions in a vhost (the vhost is deleted). */
    public void removeTopicPermissions(String vhost) {
        boolean removed = false;
        for (Map<String, Map<String, TopicPermission>> byVhost : topicPermissions.values()) {
            removed |= byVhost.remove(vhost) != null;
        }
        if (removed) {
            changed();
        }
    }

    /** The user's topic permission on an exchange, or null when it has none (then every key is allowed). */
    public TopicPermission topicPermission(String user, String vhost, String exchange) {
        if (topicPermissions.isEmpty()) {
            return null;
        }
        Map<String, Map<String, TopicPermission>> byVhost = topicPermissions.get(user);
        Map<String, TopicPermission> byExchange = byVhost == null ? null : byVhost.get(vhost);
        return byExchange == null ? null : byExchange.get(exchange);
    }

    /** Topic permissions, sorted by user, vhost and exchange; null filters match everything. */
    public List<TopicPermission> topicPermissions(String user, String vhost) {
        List<TopicPermission> out = new ArrayList<>();
        topicPermissions.forEach((u, byVhost) -> {
            if (user == null || user.equals(u)) {
                byVhost.forEach((v, byExchange) -> {
                    if (vhost == null || vhost.equals(v)) {
                        out.addAll(byExchange.values());
                    }
                });
            }
        });
        out.sort(Comparator.comparing(TopicPermission::user).thenComparing(TopicPermission::vhost)
                .thenComparing(TopicPermission::exchange));
        return out;
    }

    public User get(String name) {
        return users.get(name);
    }

    public Collection<User> all() {
        return users.values();
    }

    /** The user whose name and password match, or null. */
    public User authenticate(String name, String password) {
        User u = users.get(name);
        return u != null && PasswordHash.matches(u.passwordHash(), password) ? u : null;
    }

    public boolean loopbackOnly(String name) {
        return loopbackOnly.contains(name);
    }
}
