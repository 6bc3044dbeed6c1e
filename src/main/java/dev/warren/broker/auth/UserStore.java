package dev.warren.broker.auth;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The users of one Warren instance, and the users that may only connect from loopback addresses. */
public final class UserStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Set<String> loopbackOnly;

    public UserStore(Set<String> loopbackOnly) {
        this.loopbackOnly = Set.copyOf(loopbackOnly);
    }

    public void put(User user) {
        users.put(user.name(), user);
    }

    /** Removes a user; false when there was none. */
    public boolean remove(String name) {
        return users.remove(name) != null;
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
