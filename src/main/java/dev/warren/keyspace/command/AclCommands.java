package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.str;

import dev.warren.resp.acl.Acl;
import dev.warren.resp.acl.AclCategories;
import dev.warren.resp.acl.AclUser;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ACL SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT, GENPASS, DRYRUN, LOG (always empty), SAVE/LOAD
 * (no aclfile: users live in memory only) and HELP.
 */
public final class AclCommands {
    private AclCommands() {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    public static void acl(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        Acl acl = c.server().acl;
        RespWriter r = c.reply();
        switch (sub) {
            case "setuser" -> {
                atLeast(argv, 3, "acl|setuser");
                List<String> rules = new ArrayList<>();
                for (int i = 3; i < argv.length; i++) {
                    rules.add(str(argv[i]));
                }
                String err = acl.setUser(str(argv[2]), rules);
                if (err != null) {
                    throw new RespError(err);
                }
                r.ok();
            }
            case "getuser" -> {
                exactly(argv, 3, "acl|getuser");
                AclUser u = acl.user(str(argv[2]));
                if (u == null) {
                    r.nullBulk();
                    return;
                }
                r.map(6);
                r.bulk("flags");
                writeList(r, Acl.flags(u));
                r.bulk("passwords");
                writeList(r, Acl.passwords(u));
                r.bulk("commands");
                r.bulk(Acl.commands(u));
                r.bulk("keys");
                r.bulk(Acl.keys(u));
                r.bulk("channels");
                r.bulk(Acl.channels(u));
                r.bulk("selectors");
                r.array(0);
            }
            case "deluser" -> {
                atLeast(argv, 3, "acl|deluser");
                long deleted = 0;
                for (int i = 2; i < argv.length; i++) {
                    String name = str(argv[i]);
                    if (name.equals("default")) {
                        throw new RespError("ERR The 'default' user cannot be removed");
                    }
                    AclUser u = acl.user(name);
                    if (u != null && acl.delete(name)) {
                        deleted++;
                        for (RespClient o : c.server().clients.all()) {
                            if (o.user() == u) {
                                ConnectionCommands.killClient(c, o);
                            }
                        }
                    }
                }
                r.integer(deleted);
            }
            case "list" -> {
                exactly(argv, 2, "acl|list");
                List<AclUser> users = acl.users();
                r.array(users.size());
                for (AclUser u : users) {
                    r.bulk(Acl.describe(u));
                }
            }
            case "users" -> {
                exactly(argv, 2, "acl|users");
                List<AclUser> users = acl.users();
                r.array(users.size());
                for (AclUser u : users) {
                    r.bulk(u.name());
                }
            }
            case "whoami" -> {
                exactly(argv, 2, "acl|whoami");
                r.bulk(c.user().name());
            }
            case "cat" -> {
                if (argv.length > 3) {
                    throw Errors.wrongArgs("acl|cat");
                }
                if (argv.length == 2) {
                    writeList(r, AclCategories.NAMES);
                    return;
                }
                List<String> names = AclCategories.commands(Args.lower(argv[2]), c.server().commands);
                if (names == null) {
                    throw new RespError("ERR Unknown category '" + str(argv[2]) + "'");
                }
                writeList(r, names);
            }
            case "genpass" -> {
                if (argv.length > 3) {
                    throw Errors.wrongArgs("acl|genpass");
                }
                long bits = 256;
                if (argv.length == 3) {
                    Long v = dev.warren.keyspace.Numbers.parseLongOrNull(argv[2]);
                    if (v == null || v <= 0 || v > 4096) {
                        throw new RespError("ERR ACL GENPASS argument must be the number of bits for the output "
                                + "password, a positive number up to 4096");
                    }
                    bits = v;
                }
                int chars = (int) ((bits + 3) / 4);
                StringBuilder sb = new StringBuilder(chars);
                for (int i = 0; i < chars; i++) {
                    sb.append(Character.forDigit(RANDOM.nextInt(16), 16));
                }
                r.bulk(sb.toString());
            }
            case "dryrun" -> {
                atLeast(argv, 4, "acl|dryrun");
                AclUser u = acl.user(str(argv[2]));
                if (u == null) {
                    throw new RespError("ERR User '" + str(argv[2]) + "' not found");
                }
                Command cmd = c.server().commands.lookup(argv[3]);
                if (cmd == null) {
                    throw new RespError("ERR Command '" + str(argv[3]) + "' not found");
                }
                byte[][] args = Arrays.copyOfRange(argv, 3, argv.length);
                if (!cmd.arityOk(args.length)) {
                    throw Errors.wrongArgs(cmd.name());
                }
                String denied = acl.dryRun(u, cmd, args);
                if (denied == null) {
                    r.ok();
                } else {
                    r.bulk(denied);
                }
            }
            case "log" -> {
                if (argv.length > 3) {
                    throw Errors.wrongArgs("acl|log");
                }
                if (argv.length == 3 && Args.is(argv[2], "reset")) {
                    r.ok();
                } else {
                    if (argv.length == 3 && dev.warren.keyspace.Numbers.parseLongOrNull(argv[2]) == null) {
                        throw new RespError(Errors.NOT_INTEGER);
                    }
                    r.array(0);
                }
            }
            case "save", "load" -> {
                exactly(argv, 2, "acl|" + sub);
                throw new RespError("ERR This Redis instance is not configured to use an ACL file. You may want to "
                        + "specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you "
                        + "have a Redis configuration file set) in order to store users in the Redis configuration.");
            }
            case "help" -> {
                String[] lines = {"ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "CAT [<category>]", "    List all commands that belong to <category>, or all command categories",
                    "    when no category is specified.", "DELUSER <username> [<username> ...]",
                    "    Delete a list of users.", "DRYRUN <username> <command> [<arg> ...]",
                    "    Returns whether the user can execute the given command without executing the command.",
                    "GETUSER <username>", "    Get the user's details.", "GENPASS [<bits>]",
                    "    Generate a secure 256-bit user password. The optional `bits` argument can",
                    "    be used to specify a different size.", "LIST", "    Show users details in config file format.",
                    "LOAD", "    Reload users from the ACL file.", "LOG [<count> | RESET]",
                    "    Show the ACL log entries.", "SAVE", "    Save the current config to the ACL file.",
                    "SETUSER <username> <attribute> [<attribute> ...]",
                    "    Create or modify a user with the specified attributes.", "USERS",
                    "    List all the registered usernames.", "WHOAMI",
                    "    Return the current connection username.", "HELP", "    Print this help."};
                writeSimple(r, lines);
            }
            default -> throw Errors.unknownSubcommand(str(argv[1]), "ACL");
        }
    }

    private static void writeList(RespWriter r, List<String> items) {
        r.array(items.size());
        for (String s : items) {
            r.bulk(s);
        }
    }

    private static void writeSimple(RespWriter r, String[] lines) {
        r.array(lines.length);
        for (String l : lines) {
            r.simple(l);
        }
    }

    private static void atLeast(byte[][] argv, int n, String name) {
        if (argv.length < n) {
            throw Errors.wrongArgs(name);
        }
    }

    private static void exactly(byte[][] argv, int n, String name) {
        if (argv.length != n) {
            throw Errors.wrongArgs(name);
        }
    }
}
