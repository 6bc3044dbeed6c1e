package dev.warren.keyspace.command;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the {@link CommandTable}: name, arity (negative = at least -arity arguments including the
 * name), flags and key positions (first, last (-1 = last argument), step; 0 = no keys) as in Redis.
 */
public record Command(String name, int arity, int flags, int firstKey, int lastKey, int step, CommandHandler handler) {
    public static final int WRITE = 1;
    public static final int READONLY = 1 << 1;
    /** May run before authentication. */
    public static final int NO_AUTH = 1 << 2;
    /** Allowed in RESP2 subscribed mode. */
    public static final int PUBSUB_OK = 1 << 3;
    /** Runs immediately inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
    public static final int NOT_QUEUED = 1 << 4;
    public static final int BLOCKING = 1 << 5;
    public static final int FAST = 1 << 6;
    public static final int PUBSUB = 1 << 7;
    public static final int ADMIN = 1 << 8;
    /** Does not touch the keyspace. */
    public static final int CONNECTION = 1 << 9;
    /** May grow memory: refused (or preceded by evictions) above maxmemory. */
    public static final int DENYOOM = 1 << 10;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }

    public List<String> flagNames() {
        List<String> names = new ArrayList<>();
        if (has(WRITE)) {
            names.add("write");
        }
        if (has(READONLY)) {
            names.add("readonly");
        }
        if (has(ADMIN)) {
            names.add("admin");
        }
        if (has(PUBSUB)) {
            names.add("pubsub");
        }
        if (has(NO_AUTH)) {
            names.add("no_auth");
        }
        if (has(BLOCKING)) {
            names.add("blocking");
        }
        if (has(FAST)) {
            names.add("fast");
        }
        if (has(DENYOOM)) {
            names.add("denyoom");
        }
        return names;
    }
}
