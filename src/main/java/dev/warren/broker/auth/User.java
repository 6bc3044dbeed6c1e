package dev.warren.broker.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A broker user: a password hash, management tags, and its permissions by virtual host (a user may
 * connect to the vhosts it has a permission in). Immutable: changes make a new User.
 */
public record User(String name, String passwordHash, Set<String> tags, Map<String, Permission> permissions) {
    public User {
        permissions = Map.copyOf(permissions);
        tags = Set.copyOf(tags);
    }

    /** A user with full permissions (".*" for all three) in each of the given vhosts. */
    public static User withFullAccess(String name, String passwordHash, Set<String> tags, Set<String> vhosts) {
        Map<String, Permission> perms = new HashMap<>();
        for (String v : vhosts) {
            perms.put(v, Permission.FULL);
        }
        return new User(name, passwordHash, tags, perms);
    }

    /** The vhosts this user has permissions in. */
    public Set<String> vhosts() {
        return permissions.keySet();
    }

    public boolean mayAccess(String vhost) {
        return permissions.containsKey(vhost);
    }

    /** The user's permission in a vhost, or null when it has none. */
    public Permission permission(String vhost) {
        return permissions.get(vhost);
    }

    /** This user with the permission in a vhost set (replaced when it had one). */
    public User withPermission(String vhost, Permission p) {
        Map<String, Permission> perms = new HashMap<>(permissions);
        perms.put(vhost, p);
        return new User(name, passwordHash, tags, perms);
    }

    /** This user without a permission in the vhost. */
    public User withoutPermission(String vhost) {
        Map<String, Permission> perms = new HashMap<>(permissions);
        perms.remove(vhost);
        return new User(name, passwordHash, tags, perms);
    }

    /** This user with another password hash and tags, keeping its permissions. */
    public User withCredentials(String newHash, Set<String> newTags) {
        return new User(name, newHash, newTags, permissions);
    }
}
