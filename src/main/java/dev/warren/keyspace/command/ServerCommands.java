package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;
import static dev.warren.keyspace.command.Args.str;

import dev.warren.keyspace.Database;
import dev.warren.keyspace.Keyspace;
import dev.warren.resp.RespServer;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, INFO, CONFIG, COMMAND, LASTSAVE. */
public final class ServerCommands {
    private ServerCommands() {
    }

    public static void dbsize(RespClient c, byte[][] argv) {
        c.reply().integer(c.db().size());
    }

    private static void flushMode(byte[][] argv) {
        if (argv.length > 2 || (argv.length == 2 && !is(argv[1], "async") && !is(argv[1], "sync"))) {
            throw Errors.syntax();
        }
    }

    public static void flushdb(RespClient c, byte[][] argv) {
        flushMode(argv);
        c.db().clear();
        c.db().touchAllWatched();
        c.reply().ok();
    }

    public static void flushall(RespClient c, byte[][] argv) {
        flushMode(argv);
        for (int i = 0; i < Keyspace.DATABASES; i++) {
            Database db = c.keyspace().db(i);
            db.clear();
            db.touchAllWatched();
        }
        c.reply().ok();
    }

    public static void swapdb(RespClient c, byte[][] argv) {
        Long a = dev.warren.keyspace.Numbers.parseLongOrNull(argv[1]);
        if (a == null) {
            throw new RespError("ERR invalid first DB index");
        }
        Long b = dev.warren.keyspace.Numbers.parseLongOrNull(argv[2]);
        if (b == null) {
            throw new RespError("ERR invalid second DB index");
        }
        if (a < 0 || a >= Keyspace.DATABASES || b < 0 || b >= Keyspace.DATABASES) {
            throw new RespError(Errors.DB_OUT_OF_RANGE);
        }
        if (!a.equals(b)) {
            c.keyspace().swap(a.intValue(), b.intValue());
        }
        c.reply().ok();
    }

    public static void time(RespClient c, byte[][] argv) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        c.reply().array(2);
        c.reply().bulk(Long.toString(micros / 1_000_000));
        c.reply().bulk(Long.toString(micros % 1_000_000));
    }

    /** WAIT numreplicas timeout: there are no replicas. */
    public static void waitReplicas(RespClient c, byte[][] argv) {
        Args.toLong(argv[1]);
        if (Args.toLong(argv[2]) < 0) {
            throw new RespError(Errors.TIMEOUT_NEGATIVE);
        }
        c.reply().integer(0);
    }

    public static void role(RespClient c, byte[][] argv) {
        c.reply().array(3);
        c.reply().bulk("master");
        c.reply().integer(0);
        c.reply().array(0);
    }

    public static void memory(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        if (sub.equals("usage")) {
            if (argv.length != 3 && !(argv.length == 5 && is(argv[3], "samples"))) {
                throw Errors.syntax();
            }
            var e = c.db().lookup(new dev.warren.keyspace.Bytes(argv[2]));
            if (e == null) {
                c.reply().nullBulk();
            } else {
                c.reply().integer(dev.warren.keyspace.MemoryEstimate.of(e));
            }
        } else if (sub.equals("help")) {
            c.reply().array(1);
            c.reply().simple("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are: USAGE, HELP");
        } else {
            throw Errors.unknownSubcommand(str(argv[1]), "MEMORY");
        }
    }

    public static void slowlog(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        switch (sub) {
            case "get" -> c.reply().array(0);
            case "len" -> c.reply().integer(0);
            case "reset" -> c.reply().ok();
            default -> throw Errors.unknownSubcommand(str(argv[1]), "SLOWLOG");
        }
    }

    public static void lastsave(RespClient c, byte[][] argv) {
        c.reply().integer(c.server().lastSaveSeconds);
    }

    public static void save(RespClient c, byte[][] argv) {
        rewrite(c);
        c.reply().ok();
    }

    public static void bgsave(RespClient c, byte[][] argv) {
        if (argv.length > 2 || (argv.length == 2 && !is(argv[1], "schedule"))) {
            throw Errors.syntax();
        }
        if (!persistence(c).rewriteInBackground()) {
            throw new RespError("ERR Background save already in progress");
        }
        c.reply().simple("Background saving started");
    }

    public static void bgrewriteaof(RespClient c, byte[][] argv) {
        if (!persistence(c).rewriteInBackground()) {
            throw new RespError("ERR Background append only file rewriting already in progress");
        }
        c.reply().simple("Background append only file rewriting started");
    }

    private static dev.warren.resp.RespPersistence persistence(RespClient c) {
        var persistence = c.server().persistence();
        if (persistence == null) {
            throw new RespError("ERR Warren runs without a data directory; start it with --data-dir to persist");
        }
        return persistence;
    }

    /** Warren's snapshot is the rewritten append-only file; SAVE writes it at once, under the keyspace lock. */
    private static void rewrite(RespClient c) {
        var persistence = persistence(c);
        try {
            persistence.rewrite();
        } catch (java.io.IOException e) {
            throw new RespError("ERR " + e.getMessage());
        }
    }

    public static void info(RespClient c, byte[][] argv) {
        List<String> wanted = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            wanted.add(Args.lower(argv[i]));
        }
        boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
                || wanted.contains("default");
        RespServer s = c.server();
        Keyspace ks = c.keyspace();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        long uptime = (System.currentTimeMillis() - s.startMillis) / 1000;
        Map<String, String[]> sections = new LinkedHashMap<>();
        sections.put("server", new String[] {
            "redis_version:" + ConnectionCommands.VERSION, "redis_git_sha1:00000000", "redis_git_dirty:0",
            "redis_build_id:0", "redis_mode:standalone", "os:" + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
            "arch_bits:64", "multiplexing_api:epoll", "server_name:warren",
            "process_id:" + ProcessHandle.current().pid(), "run_id:" + s.runId, "tcp_port:" + s.port(),
            "uptime_in_seconds:" + uptime, "uptime_in_days:" + uptime / 86400, "hz:10", "executable:warren",
            "config_file:"});
        int blocked = 0;
        int pubsubClients = 0;
        for (RespClient o : s.clients.all()) {
            if (o.isBlocked()) {
                blocked++;
            }
            if (o.isSubscribed()) {
                pubsubClients++;
            }
        }
        sections.put("clients", new String[] {"connected_clients:" + s.clients.size(), "blocked_clients:" + blocked,
            "pubsub_clients:" + pubsubClients, "maxclients:" + s.settings.get("maxclients")});
        long dataBytes = ks.usedBytes();
        sections.put("memory", new String[] {"used_memory:" + dataBytes, "used_memory_human:" + human(dataBytes),
            "used_memory_jvm_heap:" + used,
            "used_memory_peak:" + rt.totalMemory(), "total_system_memory:" + rt.maxMemory(),
            "maxmemory:" + s.settings.get("maxmemory"), "maxmemory_human:" + human(s.settings.getLong("maxmemory")),
            "maxmemory_policy:" + s.settings.get("maxmemory-policy"), "mem_allocator:jvm"});
        var aof = s.aof();
        sections.put("persistence", new String[] {"loading:0", "rdb_changes_since_last_save:" + ks.dirty,
            "rdb_bgsave_in_progress:0", "rdb_last_save_time:" + s.lastSaveSeconds, "rdb_last_bgsave_status:ok",
            "aof_enabled:" + (aof == null ? 0 : 1),
            "aof_rewrite_in_progress:" + (aof != null && aof.rewriting() ? 1 : 0),
            "aof_last_write_status:" + (aof == null ? "ok" : aof.lastWriteStatus()),
            "aof_current_size:" + (aof == null ? 0 : aof.size()), "aof_base_size:" + (aof == null ? 0 : aof.baseSize())});
        sections.put("stats", new String[] {"total_connections_received:" + s.totalConnections.get(),
            "total_commands_processed:" + s.totalCommands.sum(), "expired_keys:" + ks.expiredKeys(),
            "evicted_keys:" + ks.evictedKeys(), "keyspace_hits:" + ks.hits, "keyspace_misses:" + ks.misses,
            "pubsub_channels:" + s.pubsub.channels().size(), "pubsub_patterns:" + s.pubsub.patternCount()});
        sections.put("replication", new String[] {"role:master", "connected_slaves:0", "master_repl_offset:0"});
        sections.put("cpu", new String[] {"used_cpu_sys:0.000000", "used_cpu_user:" + String.format("%.6f",
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)});
        List<String> keyspaceLines = new ArrayList<>();
        for (int i = 0; i < Keyspace.DATABASES; i++) {
            Database db = ks.db(i);
            if (db.size() > 0) {
                keyspaceLines.add("db" + i + ":keys=" + db.size() + ",expires=" + db.volatileSize() + ",avg_ttl=0");
            }
        }
        sections.put("keyspace", keyspaceLines.toArray(new String[0]));
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String[]> e : sections.entrySet()) {
            if (!all && !wanted.contains(e.getKey())) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            sb.append("# ").append(Character.toUpperCase(e.getKey().charAt(0))).append(e.getKey().substring(1))
                    .append("\r\n");
            for (String line : e.getValue()) {
                sb.append(line).append("\r\n");
            }
        }
        c.reply().bulk(sb.toString());
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.2fK", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.2fM", bytes / 1048576.0);
        }
        return String.format("%.2fG", bytes / 1073741824.0);
    }

    public static void config(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        RespWriter r = c.reply();
        switch (sub) {
            case "get" -> {
                if (argv.length < 3) {
                    throw Errors.wrongArgs("config|get");
                }
                LinkedHashMap<String, String> found = new LinkedHashMap<>();
                for (int i = 2; i < argv.length; i++) {
                    for (String[] kv : c.server().settings.matching(str(argv[i]))) {
                        found.put(kv[0], kv[1]);
                    }
                }
                r.map(found.size());
                for (Map.Entry<String, String> e : found.entrySet()) {
                    r.bulk(e.getKey());
                    r.bulk(e.getValue());
                }
            }
            case "set" -> {
                if (argv.length < 4 || argv.length % 2 != 0) {
                    throw Errors.wrongArgs("config|set");
                }
                for (int i = 2; i < argv.length; i += 2) {
                    String name = Args.lower(argv[i]);
                    if (!c.server().settings.known(name)) {
                        throw new RespError("ERR Unknown option or number of arguments for CONFIG SET - '"
                                + str(argv[i]) + "'");
                    }
                }
                for (int i = 2; i < argv.length; i += 2) {
                    String name = Args.lower(argv[i]);
                    String err = c.server().settings.set(name, str(argv[i + 1]));
                    if (err != null) {
                        throw new RespError("ERR CONFIG SET failed (possibly related to argument '" + str(argv[i])
                                + "') - " + err);
                    }
                    if (name.equals("requirepass")) {
                        c.server().acl.requirepass(str(argv[i + 1]));
                    }
                }
                r.ok();
            }
            case "resetstat" -> {
                c.keyspace().hits = 0;
                c.keyspace().misses = 0;
                r.ok();
            }
            case "rewrite" -> throw new RespError("ERR The server is running without a config file");
            case "help" -> {
                r.array(1);
                r.simple("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are: GET, SET, RESETSTAT, REWRITE, HELP");
            }
            default -> throw Errors.unknownSubcommand(str(argv[1]), "CONFIG");
        }
    }

    public static void command(RespClient c, byte[][] argv) {
        CommandTable table = c.server().commands;
        RespWriter r = c.reply();
        if (argv.length == 1) {
            Collection<Command> all = table.all();
            r.array(all.size());
            for (Command cmd : all) {
                writeInfo(r, cmd);
            }
            return;
        }
        String sub = Args.lower(argv[1]);
        switch (sub) {
            case "count" -> r.integer(table.all().size());
            case "info" -> {
                if (argv.length == 2) {
                    Collection<Command> all = table.all();
                    r.array(all.size());
                    for (Command cmd : all) {
                        writeInfo(r, cmd);
                    }
                    return;
                }
                r.array(argv.length - 2);
                for (int i = 2; i < argv.length; i++) {
                    Command cmd = table.lookup(argv[i]);
                    if (cmd == null) {
                        r.nullArray();
                    } else {
                        writeInfo(r, cmd);
                    }
                }
            }
            case "list" -> {
                Collection<Command> all = table.all();
                r.array(all.size());
                for (Command cmd : all) {
                    r.bulk(cmd.name());
                }
            }
            case "docs" -> {
                List<Command> cmds = new ArrayList<>();
                if (argv.length == 2) {
                    cmds.addAll(table.all());
                } else {
                    for (int i = 2; i < argv.length; i++) {
                        Command cmd = table.lookup(argv[i]);
                        if (cmd != null) {
                            cmds.add(cmd);
                        }
                    }
                }
                r.map(cmds.size());
                for (Command cmd : cmds) {
                    r.bulk(cmd.name());
                    r.map(3);
                    r.bulk("summary");
                    r.bulk(cmd.name().toUpperCase() + " command");
                    r.bulk("since");
                    r.bulk("1.0.0");
                    r.bulk("group");
                    r.bulk("generic");
                }
            }
            case "getkeys" -> {
                if (argv.length < 3) {
                    throw Errors.wrongArgs("command|getkeys");
                }
                Command cmd = table.lookup(argv[2]);
                if (cmd == null) {
                    throw new RespError("ERR Invalid command specified");
                }
                int argc = argv.length - 2;
                if (!cmd.arityOk(argc)) {
                    throw new RespError("ERR Invalid number of arguments specified for command");
                }
                if (cmd.firstKey() <= 0) {
                    throw new RespError("ERR The command has no key arguments");
                }
                int last = cmd.lastKey() >= 0 ? cmd.lastKey() : argc + cmd.lastKey();
                List<byte[]> keys = new ArrayList<>();
                for (int i = cmd.firstKey(); i <= last && i < argc; i += cmd.step()) {
                    keys.add(argv[i + 2]);
                }
                r.array(keys.size());
                keys.forEach(r::bulk);
            }
            case "help" -> {
                r.array(1);
                r.simple("COMMAND [<subcommand>]. Subcommands are: COUNT, DOCS, GETKEYS, INFO, LIST, HELP");
            }
            default -> throw Errors.unknownSubcommand(str(argv[1]), "COMMAND");
        }
    }

    private static void writeInfo(RespWriter r, Command cmd) {
        r.array(10);
        r.bulk(cmd.name());
        r.integer(cmd.arity());
        List<String> flags = cmd.flagNames();
        r.set(flags.size());
        for (String f : flags) {
            r.simple(f);
        }
        r.integer(cmd.firstKey());
        r.integer(cmd.lastKey());
        r.integer(cmd.step());
        r.set(0);
        r.set(0);
        r.array(0);
        r.array(0);
    }
}
