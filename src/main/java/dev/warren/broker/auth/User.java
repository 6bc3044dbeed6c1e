package dev.warren.broker.auth;

import java.util.Set;

/** A broker user: a password hash, management tags, and the virtual hosts it may use. */
public record User(String name, String passwordHash, Set<String> tags, Set<String> vhosts) {
    public boolean mayAccess(String vhost) {
        return vhosts.contains(vhost);
    }
}
