package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Glob;
import dev.warren.keyspace.HashValue;
import dev.warren.keyspace.Numbers;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Hash commands (t_hash.c). */
public final class HashCommands {
    private HashCommands() {
    }

    public static void hset(RespClient c, byte[][] argv) {
        if (argv.length % 2 != 0) {
            throw Errors.wrongArgs(Args.lower(argv[0]));
        }
        HashValue h = Values.hashOrCreate(c, argv[1]);
        int added = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (h.put(new Bytes(argv[i]), argv[i + 1]) == null) {
                added++;
            }
        }
        if (is(argv[0], "hmset")) {
            c.reply().ok();
        } else {
            c.reply().integer(added);
        }
    }

    public static void hsetnx(RespClient c, byte[][] argv) {
        HashValue h = Values.hashOrCreate(c, argv[1]);
        boolean added = h.putIfAbsent(new Bytes(argv[2]), argv[3]) == null;
        if (!added) {
            c.propagateNothing();
        }
        c.reply().integer(added ? 1 : 0);
    }

    public static void hget(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        c.reply().bulk(h == null ? null : h.get(new Bytes(argv[2])));
    }

    public static void hmget(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        c.reply().array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            c.reply().bulk(h == null ? null : h.get(new Bytes(argv[i])));
        }
    }

    public static void hgetall(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        RespWriter r = c.reply();
        if (h == null) {
            r.map(0);
            return;
        }
        r.map(h.size());
        for (Map.Entry<Bytes, byte[]> e : h.entrySet()) {
            r.bulk(e.getKey().bytes);
            r.bulk(e.getValue());
        }
    }

    public static void hdel(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        int n = 0;
        if (h != null) {
            for (int i = 2; i < argv.length; i++) {
                if (h.remove(new Bytes(argv[i])) != null) {
                    n++;
                }
            }
            Values.deleteIfEmpty(c.db(), argv[1], h.size());
        }
        c.reply().integer(n);
    }

    public static void hexists(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        c.reply().integer(h != null && h.containsKey(new Bytes(argv[2])) ? 1 : 0);
    }

    public static void hlen(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        c.reply().integer(h == null ? 0 : h.size());
    }

    public static void hstrlen(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        byte[] v = h == null ? null : h.get(new Bytes(argv[2]));
        c.reply().integer(v == null ? 0 : v.length);
    }

    public static void hkeys(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        RespWriter r = c.reply();
        r.array(h == null ? 0 : h.size());
        if (h != null) {
            for (Bytes k : h.keySet()) {
                r.bulk(k.bytes);
            }
        }
    }

    public static void hvals(RespClient c, byte[][] argv) {
        HashValue h = Values.hash(c, argv[1]);
        RespWriter r = c.reply();
        r.array(h == null ? 0 : h.size());
        if (h != null) {
            for (byte[] v : h.values()) {
                r.bulk(v);
            }
        }
    }

    public static void hincrby(RespClient c, byte[][] argv) {
        long by = Args.toLong(argv[3]);
        HashValue h = Values.hashOrCreate(c, argv[1]);
        Bytes field = new Bytes(argv[2]);
        byte[] cur = h.get(field);
        long v = 0;
        if (cur != null) {
            Long parsed = Numbers.parseLongOrNull(cur);
            if (parsed == null) {
                Values.deleteIfEmpty(c.db(), argv[1], h.size());
                throw new RespError("ERR hash value is not an integer");
            }
            v = parsed;
        }
        long n;
        try {
            n = Math.addExact(v, by);
        } catch (ArithmeticException e) {
            throw new RespError(Errors.OVERFLOW);
        }
        h.put(field, Numbers.toBytes(n));
        c.reply().integer(n);
    }

    public static void hincrbyfloat(RespClient c, byte[][] argv) {
        double by = Args.toDouble(argv[3]);
        HashValue h = Values.hashOrCreate(c, argv[1]);
        Bytes field = new Bytes(argv[2]);
        byte[] cur = h.get(field);
        double v = 0;
        if (cur != null) {
            Double parsed = Numbers.parseDoubleOrNull(cur);
            if (parsed == null) {
                Values.deleteIfEmpty(c.db(), argv[1], h.size());
                throw new RespError("ERR hash value is not a float");
            }
            v = parsed;
        }
        double n = v + by;
        if (Double.isNaN(n) || Double.isInfinite(n)) {
            Values.deleteIfEmpty(c.db(), argv[1], h.size());
            throw new RespError(Errors.NAN_OR_INF);
        }
        byte[] nb = RespWriter.formatDouble(n).getBytes(StandardCharsets.US_ASCII);
        h.put(field, nb);
        c.reply().bulk(nb);
    }

    public static void hrandfield(RespClient c, byte[][] argv) {
        if (argv.length > 4 || (argv.length == 4 && !is(argv[3], "withvalues"))) {
            throw Errors.syntax();
        }
        HashValue h = Values.hash(c, argv[1]);
        RespWriter r = c.reply();
        if (argv.length == 2) {
            if (h == null) {
                r.nullBulk();
                return;
            }
            List<Bytes> keys = new ArrayList<>(h.keySet());
            r.bulk(keys.get(ThreadLocalRandom.current().nextInt(keys.size())).bytes);
            return;
        }
        long count = Args.toLong(argv[2]);
        boolean withValues = argv.length == 4;
        if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
            throw new RespError("ERR value is out of range");
        }
        if (h == null || count == 0) {
            r.array(0);
            return;
        }
        List<Map.Entry<Bytes, byte[]>> entries = new ArrayList<>(h.entrySet());
        List<Map.Entry<Bytes, byte[]>> picked = RandomPick.pick(entries, count);
        if (withValues && r.resp3()) {
            r.array(picked.size());
            for (Map.Entry<Bytes, byte[]> e : picked) {
                r.array(2);
                r.bulk(e.getKey().bytes);
                r.bulk(e.getValue());
            }
            return;
        }
        r.array(withValues ? picked.size() * 2 : picked.size());
        for (Map.Entry<Bytes, byte[]> e : picked) {
            r.bulk(e.getKey().bytes);
            if (withValues) {
                r.bulk(e.getValue());
            }
        }
    }

    public static void hscan(RespClient c, byte[][] argv) {
        KeyCommands.parseCursor(argv[2]);
        ScanOptions o = ScanOptions.parse(argv, 3, true);
        HashValue h = Values.hash(c, argv[1]);
        List<byte[]> out = new ArrayList<>();
        if (h != null) {
            for (Map.Entry<Bytes, byte[]> e : h.entrySet()) {
                if (o.pattern() == null || Glob.matches(o.pattern(), e.getKey().bytes)) {
                    out.add(e.getKey().bytes);
                    if (!o.noValues()) {
                        out.add(e.getValue());
                    }
                }
            }
        }
        KeyCommands.writeScanReply(c.reply(), 0, out);
    }
}
