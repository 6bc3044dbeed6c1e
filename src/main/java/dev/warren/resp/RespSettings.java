package dev.warren.resp;

import dev.warren.keyspace.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters CONFIG GET/SET know, with Redis's names and defaults. Values are kept as strings; the
 * few that Warren acts on (requirepass, proto-max-bulk-len, maxmemory...) are read from here.
 */
public final class RespSettings {
    private final LinkedHashMap<String, String> values = new LinkedHashMap<>();
    /** maxmemory, read on every write command without locking. */
    private volatile long maxmemory;

    public RespSettings(String requirepass, int port, String bind, String dir) {
        values.put("requirepass", requirepass == null ? "" : requirepass);
        values.put("port", Integer.toString(port));
        values.put("bind", bind);
        values.put("dir", dir);
        values.put("databases", "16");
        values.put("maxmemory", "0");
        values.put("maxmemory-policy", "noeviction");
        values.put("maxmemory-samples", "5");
        values.put("maxclients", "10000");
        values.put("timeout", "0");
        values.put("tcp-keepalive", "300");
        values.put("appendonly", "no");
        values.put("appendfsync", "everysec");
        values.put("appendfilename", "appendonly.aof");
        values.put("dbfilename", "dump.rdb");
        values.put("save", "3600 1 300 100 60 10000");
        values.put("hz", "10");
        values.put("proto-max-bulk-len", "536870912");
        values.put("client-query-buffer-limit", "1073741824");
        values.put("notify-keyspace-events", "");
        values.put("slowlog-log-slower-than", "10000");
        values.put("slowlog-max-len", "128");
        values.put("lua-time-limit", "5000");
        values.put("hash-max-listpack-entries", "128");
        values.put("hash-max-listpack-value", "64");
        values.put("list-max-listpack-size", "-2");
        values.put("set-max-intset-entries", "512");
        values.put("set-max-listpack-entries", "128");
        values.put("zset-max-listpack-entries", "128");
        values.put("zset-max-listpack-value", "64");
        values.put("loglevel", "notice");
        values.put("protected-mode", "no");
        values.put("daemonize", "no");
        values.put("io-threads", "1");
        values.put("cluster-enabled", "no");
        values.put("replica-read-only", "yes");
    }

    public synchronized String get(String name) {
        return values.get(name);
    }

    /** Name/value pairs whose names match the glob pattern (case-insensitive). */
    public synchronized List<String[]> matching(String pattern) {
        List<String[]> out = new ArrayList<>();
        byte[] p = pattern.toLowerCase().getBytes();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (Glob.matches(p, e.getKey().getBytes())) {
                out.add(new String[] {e.getKey(), e.getValue()});
            }
        }
        return out;
    }

    public synchronized boolean known(String name) {
        return values.containsKey(name);
    }

    /** Sets a value; returns an error message or null. */
    public synchronized String set(String name, String value) {
        switch (name) {
            case "maxmemory", "proto-max-bulk-len", "client-query-buffer-limit", "maxclients", "timeout", "hz",
                 "tcp-keepalive", "slowlog-log-slower-than", "slowlog-max-len", "lua-time-limit",
                 "hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries",
                 "set-max-listpack-entries", "zset-max-listpack-entries", "zset-max-listpack-value",
                 "list-max-listpack-size", "maxmemory-samples" -> {
                Long v = parseMemory(value);
                if (v == null) {
                    return "argument couldn't be parsed into an integer";
                }
                values.put(name, Long.toString(v));
                if (name.equals("maxmemory")) {
                    maxmemory = v;
                }
                return null;
            }
            case "maxmemory-policy" -> {
                if (!List.of("noeviction", "allkeys-lru", "volatile-lru", "allkeys-random", "volatile-random",
                        "volatile-ttl", "allkeys-lfu", "volatile-lfu").contains(value.toLowerCase())) {
                    return "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, "
                            + "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction";
                }
                values.put(name, value.toLowerCase());
                return null;
            }
            case "protected-mode", "replica-read-only" -> {
                if (!value.equalsIgnoreCase("yes") && !value.equalsIgnoreCase("no")) {
                    return "argument must be 'yes' or 'no'";
                }
                values.put(name, value.toLowerCase());
                return null;
            }
            case "appendfsync" -> {
                if (!List.of("always", "everysec", "no").contains(value.toLowerCase())) {
                    return "argument(s) must be one of the following: always, everysec, no";
                }
                values.put(name, value.toLowerCase());
                return null;
            }
            case "port", "bind", "databases", "daemonize", "io-threads", "cluster-enabled", "appendfilename" -> {
                return "can't set immutable config";
            }
            case "appendonly" -> {
                // follows the data directory: on with one, off without
                return "can't set immutable config";
            }
            default -> {
                values.put(name, value);
                return null;
            }
        }
    }

    private static Long parseMemory(String v) {
        String s = v.toLowerCase();
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
            {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length());
                break;
            }
        }
        try {
            return Long.parseLong(s) * mul;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Sets a value without validation (start-up). */
    synchronized void initial(String name, String value) {
        values.put(name, value);
    }

    public long maxmemory() {
        return maxmemory;
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }
}
