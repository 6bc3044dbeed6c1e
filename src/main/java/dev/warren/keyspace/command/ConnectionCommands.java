package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;
import static dev.warren.keyspace.command.Args.str;

import dev.warren.keyspace.Keyspace;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.acl.AclUser;
import dev.warren.resp.session.ClientPause;
import dev.warren.resp.session.RespClient;
import java.util.ArrayList;
import java.util.List;

/** PING, ECHO, SELECT, HELLO, AUTH, CLIENT, QUIT, RESET. */
public final class ConnectionCommands {
    private ConnectionCommands() {
    }

    public static final String VERSION = "7.2.4";

    public static void ping(RespClient c, byte[][] argv) {
        if (argv.length > 2) {
            throw Errors.wrongArgs("ping");
        }
        RespWriter r = c.reply();
        if (c.protocol() == 2 && c.isSubscribed()) {
            r.array(2);
            r.bulk("pong");
            r.bulk(argv.length == 2 ? argv[1] : new byte[0]);
        } else if (argv.length == 2) {
            r.bulk(argv[1]);
        } else {
            r.simple("PONG");
        }
    }

    public static void echo(RespClient c, byte[][] argv) {
        c.reply().bulk(argv[1]);
    }

    public static void select(RespClient c, byte[][] argv) {
        int index = Args.toInt(argv[1]);
        if (index < 0 || index >= Keyspace.DATABASES) {
            throw new RespError(Errors.DB_OUT_OF_RANGE);
        }
        c.select(index);
        c.reply().ok();
    }

    public static void auth(RespClient c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        if (argv.length == 2 && c.server().acl.defaultUser().nopass()) {
            throw new RespError("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        String user = argv.length == 3 ? str(argv[1]) : "default";
        checkCredentials(c, user, str(argv[argv.length - 1]));
        c.reply().ok();
    }

    private static void checkCredentials(RespClient c, String user, String password) {
        AclUser u = c.server().acl.authenticate(user, password);
        if (u == null) {
            throw new RespError(Errors.WRONGPASS);
        }
        c.user(u);
        c.authenticated(true);
    }

    public static void hello(RespClient c, byte[][] argv) {
        int proto = c.protocol();
        if (argv.length > 1) {
            Long v = dev.warren.keyspace.Numbers.parseLongOrNull(argv[1]);
            if (v == null) {
                throw new RespError("ERR Protocol version is not an integer or out of range");
            }
            if (v != 2 && v != 3) {
                throw new RespError("NOPROTO unsupported protocol version");
            }
            proto = v.intValue();
        }
        String setName = null;
        boolean authed = false;
        for (int i = 2; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (is(argv[i], "auth") && i + 2 < argv.length) {
                checkCredentials(c, str(argv[i + 1]), str(argv[i + 2]));
                authed = true;
                i += 2;
            } else if (is(argv[i], "setname") && more) {
                setName = str(argv[i + 1]);
                validateName(setName);
                i++;
            } else {
                throw new RespError("ERR Syntax error in HELLO option '" + str(argv[i]) + "'");
            }
        }
        if (!authed && !c.authenticated() && !c.server().acl.authenticatesByDefault()) {
            throw new RespError("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
        }
        if (setName != null) {
            c.name(setName.isEmpty() ? null : setName);
        }
        c.protocol(proto);
        RespWriter r = c.reply();
        r.map(7);
        r.bulk("server");
        r.bulk("redis");
        r.bulk("version");
        r.bulk(VERSION);
        r.bulk("proto");
        r.integer(proto);
        r.bulk("id");
        r.integer(c.id());
        r.bulk("mode");
        r.bulk("standalone");
        r.bulk("role");
        r.bulk("master");
        r.bulk("modules");
        r.array(0);
    }

    private static void validateName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '!' || ch > '~') {
                throw new RespError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }

    public static void quit(RespClient c, byte[][] argv) {
        c.reply().ok();
        c.closeAfterReply();
    }

    public static void reset(RespClient c, byte[][] argv) {
        c.reset();
        c.reply().simple("RESET");
    }

    public static void client(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        RespWriter r = c.reply();
        switch (sub) {
            case "setname" -> {
                need(argv, 3, "client|setname");
                String name = str(argv[2]);
                validateName(name);
                c.name(name.isEmpty() ? null : name);
                r.ok();
            }
            case "getname" -> {
                need(argv, 2, "client|getname");
                r.bulk(c.name());
            }
            case "id" -> {
                need(argv, 2, "client|id");
                r.integer(c.id());
            }
            case "info" -> {
                need(argv, 2, "client|info");
                r.bulk(c.info() + "\n");
            }
            case "list" -> {
                StringBuilder sb = new StringBuilder();
                List<RespClient> all = c.server().clients.all();
                if (argv.length > 2) {
                    if (is(argv[2], "id") && argv.length > 3) {
                        List<RespClient> selected = new ArrayList<>();
                        for (int i = 3; i < argv.length; i++) {
                            long id = Args.toLong(argv[i]);
                            RespClient o = c.server().clients.byId(id);
                            if (o != null) {
                                selected.add(o);
                            }
                        }
                        all = selected;
                    } else if (is(argv[2], "type") && argv.length == 4) {
                        String type = Args.lower(argv[3]);
                        if (!List.of("normal", "master", "replica", "pubsub", "slave").contains(type)) {
                            throw new RespError("ERR Unknown client type '" + str(argv[3]) + "'");
                        }
                        List<RespClient> selected = new ArrayList<>();
                        for (RespClient o : all) {
                            if (type.equals("pubsub") ? o.isSubscribed() : type.equals("normal") && !o.isSubscribed()) {
                                selected.add(o);
                            }
                        }
                        all = selected;
                    } else {
                        throw Errors.syntax();
                    }
                }
                for (RespClient o : all) {
                    sb.append(o.info()).append('\n');
                }
                r.bulk(sb.toString());
            }
            case "kill" -> kill(c, argv);
            case "setinfo" -> {
                need(argv, 4, "client|setinfo");
                if (is(argv[2], "lib-name")) {
                    c.libInfo(str(argv[3]), null);
                } else if (is(argv[2], "lib-ver")) {
                    c.libInfo(null, str(argv[3]));
                } else {
                    throw new RespError("ERR Unrecognized option '" + str(argv[2]) + "'");
                }
                r.ok();
            }
            case "pause" -> {
                if (argv.length < 3) {
                    throw Errors.wrongArgs("client|pause");
                }
                if (argv.length > 4) {
                    throw new RespError("ERR unknown subcommand or wrong number of arguments for 'pause'. "
                            + "Try CLIENT HELP.");
                }
                Long timeout = dev.warren.keyspace.Numbers.parseLongOrNull(argv[2]);
                if (timeout == null) {
                    throw new RespError("ERR timeout is not an integer or out of range");
                }
                if (timeout < 0) {
                    throw new RespError(Errors.TIMEOUT_NEGATIVE);
                }
                ClientPause.Mode mode = ClientPause.Mode.ALL;
                if (argv.length == 4) {
                    if (is(argv[3], "write")) {
                        mode = ClientPause.Mode.WRITE;
                    } else if (!is(argv[3], "all")) {
                        throw new RespError("ERR CLIENT PAUSE mode must be WRITE or ALL");
                    }
                }
                c.server().pause.pause(mode, timeout, c.channel().eventLoop());
                r.ok();
            }
            case "unpause" -> {
                need(argv, 2, "client|unpause");
                c.server().pause.unpause();
                r.ok();
            }
            case "no-evict", "no-touch" -> {
                need(argv, 3, "client|" + sub);
                if (!is(argv[2], "on") && !is(argv[2], "off")) {
                    throw Errors.syntax();
                }
                r.ok();
            }
            case "reply" -> {
                need(argv, 3, "client|reply");
                String mode = Args.lower(argv[2]);
                if (!List.of("on", "off", "skip").contains(mode)) {
                    throw Errors.syntax();
                }
                r.ok();
                c.replyMode(mode);
            }
            case "help" -> {
                String[] lines = {"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "GETNAME", "    Return the name of the current connection.", "ID",
                    "    Return the ID of the current connection.", "INFO",
                    "    Return information about the current client connection.", "KILL <ip:port>",
                    "    Kill connection made from <ip:port>.", "KILL <option> <value> [<option> <value> [...]]",
                    "    Kill connections. Options are: ID <client-id>, ADDR <ip:port>, SKIPME (YES|NO).",
                    "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> [<id> ...]]",
                    "    Return information about client connections.",
                    "PAUSE <timeout> [WRITE|ALL]",
                    "    Suspend all, or just write, clients for <timeout> milliseconds.", "SETNAME <name>",
                    "    Assign the name <name> to the current connection.", "SETINFO <option> <value>",
                    "    Set client meta attr. Options are: LIB-NAME, LIB-VER.", "UNPAUSE",
                    "    Stop the current client pause, resuming traffic.", "HELP",
                    "    Print this help."};
                r.array(lines.length);
                for (String l : lines) {
                    r.simple(l);
                }
            }
            default -> throw Errors.unknownSubcommand(str(argv[1]), "CLIENT");
        }
    }

    private static void need(byte[][] argv, int n, String name) {
        if (argv.length != n) {
            throw Errors.wrongArgs(name);
        }
    }

    private static String addr(RespClient o) {
        var a = (java.net.InetSocketAddress) o.channel().remoteAddress();
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String localAddr(RespClient o) {
        var a = (java.net.InetSocketAddress) o.channel().localAddress();
        return a == null ? "" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static void kill(RespClient c, byte[][] argv) {
        if (argv.length == 3) {
            String target = str(argv[2]);
            for (RespClient o : c.server().clients.all()) {
                if (addr(o).equals(target)) {
                    killClient(c, o);
                    c.reply().ok();
                    return;
                }
            }
            throw new RespError("ERR No such client");
        }
        if (argv.length % 2 != 0) {
            throw Errors.syntax();
        }
        Long id = null;
        String addr = null;
        String laddr = null;
        String type = null;
        Long maxAge = null;
        String user = null;
        boolean skipMe = true;
        for (int i = 2; i < argv.length; i += 2) {
            if (is(argv[i], "id")) {
                Long v = dev.warren.keyspace.Numbers.parseLongOrNull(argv[i + 1]);
                if (v == null || v <= 0) {
                    throw new RespError("ERR client-id should be greater than 0");
                }
                id = v;
            } else if (is(argv[i], "addr")) {
                addr = str(argv[i + 1]);
            } else if (is(argv[i], "skipme")) {
                if (is(argv[i + 1], "yes")) {
                    skipMe = true;
                } else if (is(argv[i + 1], "no")) {
                    skipMe = false;
                } else {
                    throw Errors.syntax();
                }
            } else if (is(argv[i], "laddr")) {
                laddr = str(argv[i + 1]);
            } else if (is(argv[i], "type")) {
                type = Args.lower(argv[i + 1]);
                if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                    throw new RespError("ERR Unknown client type '" + str(argv[i + 1]) + "'");
                }
            } else if (is(argv[i], "user")) {
                user = str(argv[i + 1]);
                if (c.server().acl.user(user) == null) {
                    throw new RespError("ERR No such user '" + user + "'");
                }
            } else if (is(argv[i], "maxage")) {
                maxAge = Args.toLong(argv[i + 1]);
            } else {
                throw Errors.syntax();
            }
        }
        int killed = 0;
        for (RespClient o : c.server().clients.all()) {
            if ((id != null && o.id() != id) || (addr != null && !addr(o).equals(addr)) || (skipMe && o == c)
                    || (laddr != null && !localAddr(o).equals(laddr)) || (maxAge != null && o.ageSeconds() < maxAge)
                    || (user != null && !o.user().name().equals(user))
                    || (type != null && !(type.equals("pubsub") ? o.isSubscribed()
                        : type.equals("normal") && !o.isSubscribed()))) {
                continue;
            }
            killClient(c, o);
            killed++;
        }
        c.reply().integer(killed);
    }

    static void killClient(RespClient self, RespClient o) {
        if (o == self) {
            self.closeAfterReply();
        } else {
            o.channel().close();
        }
    }
}
