package dev.warren.resp.acl;

import dev.warren.keyspace.command.Command;
import dev.warren.keyspace.command.CommandKeys;
import dev.warren.keyspace.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The ACL users (kept in memory only: there is no aclfile), authentication and the permission check
 * every command passes. The {@code default} user exists always; requirepass is its password (nopass
 * without one), as in Redis.
 */
public final class Acl {
    private static final Set<String> CONTAINERS = Set.of("client", "config", "acl", "command", "xinfo", "xgroup",
            "object", "memory", "pubsub", "slowlog");

    private final CommandTable table;
    private final ConcurrentSkipListMap<String, AclUser> users = new ConcurrentSkipListMap<>();
    private final AclUser defaultUser;

    public Acl(CommandTable table, String requirepass) {
        this.table = table;
        defaultUser = new AclUser("default", AclRules.superuser(table));
        users.put("default", defaultUser);
        requirepass(requirepass);
    }

    public AclUser defaultUser() {
        return defaultUser;
    }

    /** The user, or null. */
    public AclUser user(String name) {
        return users.get(name);
    }

    /** All users sorted by name. */
    public List<AclUser> users() {
        return new ArrayList<>(users.values());
    }

    /** CONFIG SET requirepass: the default user's only password, or nopass when empty. */
    public synchronized void requirepass(String password) {
        AclRules r = defaultUser.rules().copy();
        r.passwords.clear();
        if (password == null || password.isEmpty()) {
            r.nopass = true;
        } else {
            r.nopass = false;
            r.passwords.add(AclRules.sha256(password));
        }
        defaultUser.rules(r);
    }

    /** True when connections are authenticated without AUTH (the default user is on and nopass). */
    public boolean authenticatesByDefault() {
        AclRules r = defaultUser.rules();
        return r.enabled && r.nopass;
    }

    /**
     * ACL SETUSER: creates the user if needed and applies the rules in order, all or nothing; returns an
     * error text or null.
     */
    public synchronized String setUser(String name, List<String> rules) {
        if (name.indexOf(' ') >= 0 || name.indexOf('\0') >= 0) {
            return "ERR Usernames can't contain spaces or null characters";
        }
        AclUser user = users.get(name);
        AclRules r = user == null ? AclRules.newUser() : user.rules().copy();
        for (String rule : rules) {
            try {
                r.apply(rule, table);
            } catch (AclRuleException e) {
                return "ERR Error in ACL SETUSER modifier '" + rule + "': " + e.getMessage();
            }
        }
        if (user == null) {
            users.put(name, new AclUser(name, r));
        } else {
            user.rules(r);
        }
        return null;
    }

    /** ACL DELUSER of one user (never the default user); true when it existed. */
    public synchronized boolean delete(String name) {
        AclUser u = users.remove(name);
        if (u != null) {
            u.markDeleted();
        }
        return u != null;
    }

    /** The user when the password is right and the user is on, else null (WRONGPASS). */
    public AclUser authenticate(String name, String password) {
        AclUser u = users.get(name);
        if (u == null) {
            return null;
        }
        AclRules r = u.rules();
        if (!r.enabled) {
            return null;
        }
        if (r.nopass || r.passwords.contains(AclRules.sha256(password))) {
            return u;
        }
        return null;
    }

    /** Null when the user may run the command with these arguments, else the NOPERM error text. */
    public String check(AclUser user, Command cmd, byte[][] argv) {
        AclRules r = user.rules();
        if (cmd.has(Command.NO_AUTH) || r.unrestricted(table.all().size())) {
            return null;
        }
        if (!r.canRun(cmd, argv)) {
            return "NOPERM User " + user.name() + " has no permissions to run the '" + fullName(cmd, argv)
                    + "' command";
        }
        if (!r.allKeys) {
            boolean write = cmd.has(Command.WRITE);
            for (byte[] key : CommandKeys.of(cmd, argv)) {
                if (!r.keyAllowed(key, write)) {
                    return "NOPERM No permissions to access a key";
                }
            }
        }
        if (!r.allChannels) {
            String name = cmd.name();
            int first = name.equals("publish") || name.equals("subscribe") || name.equals("psubscribe") ? 1 : 0;
            int last = name.equals("publish") ? 1 : argv.length - 1;
            for (int i = first; first > 0 && i <= last; i++) {
                if (!r.channelAllowed(argv[i], name.equals("psubscribe"))) {
                    return "NOPERM No permissions to access a channel";
                }
            }
        }
        return null;
    }

    /** ACL DRYRUN's answer: null when allowed, else the reason (without the NOPERM prefix). */
    public String dryRun(AclUser user, Command cmd, byte[][] argv) {
        String e = check(user, cmd, argv);
        return e == null ? null : e.substring("NOPERM ".length());
    }

    private static String fullName(Command cmd, byte[][] argv) {
        if (CONTAINERS.contains(cmd.name()) && argv.length > 1) {
            return cmd.name() + "|" + new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        }
        return cmd.name();
    }

    // ---- descriptions for ACL GETUSER / LIST ----

    public static List<String> flags(AclUser u) {
        return u.rules().flags();
    }

    public static List<String> passwords(AclUser u) {
        return new ArrayList<>(u.rules().passwords);
    }

    public static String commands(AclUser u) {
        return u.rules().commandsDescription();
    }

    public static String keys(AclUser u) {
        return u.rules().keysDescription();
    }

    public static String channels(AclUser u) {
        return u.rules().channelsDescription();
    }

    /** One line of ACL LIST. */
    public static String describe(AclUser u) {
        return "user " + u.name() + " " + u.rules().describe();
    }
}
