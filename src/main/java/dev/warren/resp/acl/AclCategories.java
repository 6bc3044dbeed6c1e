package dev.warren.resp.acl;

import dev.warren.keyspace.command.Command;
import dev.warren.keyspace.command.CommandTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Redis's ACL command categories, derived coarsely from Warren's command table: the data type
 * categories from each command's family, read/write/fast/slow/blocking/admin/pubsub/connection from its
 * flags. Containers (CLIENT, CONFIG, ACL...) have one set of categories for all their subcommands, where
 * Redis categorises each subcommand.
 */
public final class AclCategories {
    private AclCategories() {
    }

    /** In Redis's order (ACL CAT). */
    public static final List<String> NAMES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private static final Set<String> BITMAP = Set.of("setbit", "getbit", "bitcount", "bitpos", "bitop");
    private static final Set<String> KEYSPACE_SERVER = Set.of("dbsize", "flushdb", "flushall", "swapdb");
    private static final Set<String> DANGEROUS = Set.of("flushdb", "flushall", "keys", "swapdb", "info", "role",
            "acl", "config", "save", "bgsave", "bgrewriteaof", "slowlog", "client");
    private static final Set<String> ADMIN = Set.of("acl");

    /** The commands of a category, or null when there is no such category. */
    public static List<String> commands(String category, CommandTable table) {
        if (!NAMES.contains(category)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Command c : table.all()) {
            if (in(c, category, table)) {
                names.add(c.name());
            }
        }
        return names;
    }

    static boolean in(Command c, String category, CommandTable table) {
        String family = table.family(c.name());
        String name = c.name();
        return switch (category) {
            case "keyspace" -> "keyspace".equals(family) || KEYSPACE_SERVER.contains(name);
            case "read" -> c.has(Command.READONLY);
            case "write" -> c.has(Command.WRITE);
            case "set", "sortedset", "list", "hash", "stream", "pubsub", "transaction", "connection" ->
                    category.equals(family) || (category.equals("connection") && c.has(Command.CONNECTION));
            case "string" -> "string".equals(family) && !BITMAP.contains(name);
            case "bitmap" -> BITMAP.contains(name);
            case "admin" -> c.has(Command.ADMIN) || ADMIN.contains(name);
            case "fast" -> c.has(Command.FAST);
            case "slow" -> !c.has(Command.FAST);
            case "blocking" -> c.has(Command.BLOCKING);
            case "dangerous" -> c.has(Command.ADMIN) || DANGEROUS.contains(name);
            default -> false;
        };
    }
}
