package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Glob;
import dev.warren.keyspace.SetValue;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Set commands (t_set.c). */
public final class SetCommands {
    private SetCommands() {
    }

    public static void sadd(RespClient c, byte[][] argv) {
        SetValue s = Values.setOrCreate(c, argv[1]);
        int n = 0;
        for (int i = 2; i < argv.length; i++) {
            if (s.addMember(argv[i])) {
                n++;
            }
        }
        if (n == 0) {
            // as Redis: adding only members already there neither reaches the AOF nor touches WATCHed keys
            c.propagateNothing();
        }
        c.reply().integer(n);
    }

    public static void srem(RespClient c, byte[][] argv) {
        SetValue s = Values.set(c, argv[1]);
        int n = 0;
        if (s != null) {
            for (int i = 2; i < argv.length; i++) {
                if (s.remove(new Bytes(argv[i]))) {
                    n++;
                }
            }
            Values.deleteIfEmpty(c.db(), argv[1], s.size());
        }
        if (n == 0) {
            c.propagateNothing();
        }
        c.reply().integer(n);
    }

    private static void writeSet(RespWriter r, Collection<Bytes> members) {
        r.set(members.size());
        for (Bytes b : members) {
            r.bulk(b.bytes);
        }
    }

    public static void smembers(RespClient c, byte[][] argv) {
        SetValue s = Values.set(c, argv[1]);
        writeSet(c.reply(), s == null ? List.of() : s);
    }

    public static void sismember(RespClient c, byte[][] argv) {
        SetValue s = Values.set(c, argv[1]);
        c.reply().integer(s != null && s.containsMember(argv[2]) ? 1 : 0);
    }

    public static void smismember(RespClient c, byte[][] argv) {
        SetValue s = Values.set(c, argv[1]);
        c.reply().array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            c.reply().integer(s != null && s.containsMember(argv[i]) ? 1 : 0);
        }
    }

    public static void scard(RespClient c, byte[][] argv) {
        SetValue s = Values.set(c, argv[1]);
        c.reply().integer(s == null ? 0 : s.size());
    }

    public static void spop(RespClient c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        long count = argv.length == 3 ? Args.toPositiveLong(argv[2]) : -1;
        SetValue s = Values.set(c, argv[1]);
        RespWriter r = c.reply();
        if (s == null) {
            c.propagateNothing();
            if (count < 0) {
                r.nullBulk();
            } else {
                r.set(0);
            }
            return;
        }
        List<Bytes> picked = new ArrayList<>();
        long n = count < 0 ? 1 : Math.min(count, s.size());
        for (long i = 0; i < n; i++) {
            Bytes m = s.random();
            s.remove(m);
            picked.add(m);
        }
        byte[][] srem = new byte[2 + picked.size()][];
        srem[0] = Args.bytes("SREM");
        srem[1] = argv[1];
        int at = 2;
        for (Bytes b : picked) {
            srem[at++] = b.bytes;
        }
        if (picked.isEmpty()) {
            c.propagateNothing();
        } else {
            c.propagate(srem);
        }
        Values.deleteIfEmpty(c.db(), argv[1], s.size());
        if (count < 0) {
            r.bulk(picked.get(0).bytes);
        } else {
            writeSet(r, picked);
        }
    }

    public static void srandmember(RespClient c, byte[][] argv) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        SetValue s = Values.set(c, argv[1]);
        RespWriter r = c.reply();
        if (argv.length == 2) {
            if (s == null) {
                r.nullBulk();
            } else {
                r.bulk(s.random().bytes);
            }
            return;
        }
        long count = Args.toLong(argv[2]);
        if (count < -Long.MAX_VALUE / 2) {
            throw new RespError("ERR value is out of range");
        }
        if (s == null || count == 0) {
            r.array(0);
            return;
        }
        List<Bytes> picked;
        if (count < 0) {
            picked = new ArrayList<>();
            for (long i = 0; i < -count; i++) {
                picked.add(s.random());
            }
        } else if (count * 4 < s.size()) {
            java.util.LinkedHashSet<Bytes> distinct = new java.util.LinkedHashSet<>();
            while (distinct.size() < count) {
                distinct.add(s.random());
            }
            picked = new ArrayList<>(distinct);
        } else {
            picked = RandomPick.pick(s.toList(), count);
        }
        r.array(picked.size());
        for (Bytes b : picked) {
            r.bulk(b.bytes);
        }
    }

    public static void smove(RespClient c, byte[][] argv) {
        SetValue src = Values.set(c, argv[1]);
        SetValue dst = Values.set(c, argv[2]);
        Bytes m = new Bytes(argv[3]);
        if (src == null || !src.contains(m)) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        if (src == dst) {
            c.reply().integer(1);
            return;
        }
        src.remove(m);
        Values.deleteIfEmpty(c.db(), argv[1], src.size());
        Values.setOrCreate(c, argv[2]).add(m);
        c.reply().integer(1);
    }

    enum Op { INTER, UNION, DIFF }

    static SetValue compute(RespClient c, byte[][] argv, int from, int to, Op op) {
        SetValue[] sets = new SetValue[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = Values.set(c, argv[i]);
        }
        SetValue result = new SetValue();
        switch (op) {
            case UNION -> {
                for (SetValue s : sets) {
                    if (s != null) {
                        result.addAll(s);
                    }
                }
            }
            case DIFF -> {
                if (sets[0] != null) {
                    result.addAll(sets[0]);
                    for (int i = 1; i < sets.length && !result.isEmpty(); i++) {
                        if (sets[i] != null) {
                            result.removeAll(sets[i]);
                        }
                    }
                }
            }
            case INTER -> {
                for (SetValue s : sets) {
                    if (s == null) {
                        return result;
                    }
                }
                SetValue smallest = sets[0];
                for (SetValue s : sets) {
                    if (s.size() < smallest.size()) {
                        smallest = s;
                    }
                }
                outer:
                for (Bytes m : smallest) {
                    for (SetValue s : sets) {
                        if (s != smallest && !s.contains(m)) {
                            continue outer;
                        }
                    }
                    result.add(m);
                }
            }
            default -> throw new IllegalStateException();
        }
        return result;
    }

    public static void sinter(RespClient c, byte[][] argv) {
        writeSet(c.reply(), compute(c, argv, 1, argv.length, Op.INTER));
    }

    public static void sunion(RespClient c, byte[][] argv) {
        writeSet(c.reply(), compute(c, argv, 1, argv.length, Op.UNION));
    }

    public static void sdiff(RespClient c, byte[][] argv) {
        writeSet(c.reply(), compute(c, argv, 1, argv.length, Op.DIFF));
    }

    private static void store(RespClient c, byte[][] argv, Op op) {
        SetValue result = compute(c, argv, 2, argv.length, op);
        Bytes dest = new Bytes(argv[1]);
        if (result.isEmpty()) {
            c.db().delete(dest);
        } else {
            c.db().set(dest, result);
        }
        c.reply().integer(result.size());
    }

    public static void sinterstore(RespClient c, byte[][] argv) {
        store(c, argv, Op.INTER);
    }

    public static void sunionstore(RespClient c, byte[][] argv) {
        store(c, argv, Op.UNION);
    }

    public static void sdiffstore(RespClient c, byte[][] argv) {
        store(c, argv, Op.DIFF);
    }

    public static void sintercard(RespClient c, byte[][] argv) {
        long numkeys = Args.toLong(argv[1]);
        if (numkeys <= 0) {
            throw new RespError(Errors.NUMKEYS_POSITIVE);
        }
        if (numkeys > argv.length - 2) {
            throw new RespError("ERR Number of keys can't be greater than number of args");
        }
        long limit = 0;
        for (int i = 2 + (int) numkeys; i < argv.length; i++) {
            if (is(argv[i], "limit") && i + 1 < argv.length) {
                Long l = dev.warren.keyspace.Numbers.parseLongOrNull(argv[++i]);
                if (l == null) {
                    throw new RespError(Errors.NOT_INTEGER);
                }
                if (l < 0) {
                    throw new RespError("ERR LIMIT can't be negative");
                }
                limit = l;
            } else {
                throw Errors.syntax();
            }
        }
        long n = compute(c, argv, 2, 2 + (int) numkeys, Op.INTER).size();
        c.reply().integer(limit > 0 ? Math.min(limit, n) : n);
    }

    public static void sscan(RespClient c, byte[][] argv) {
        KeyCommands.parseCursor(argv[2]);
        ScanOptions o = ScanOptions.parse(argv, 3, false);
        SetValue s = Values.set(c, argv[1]);
        List<byte[]> out = new ArrayList<>();
        if (s != null) {
            for (Bytes m : s) {
                if (o.pattern() == null || Glob.matches(o.pattern(), m.bytes)) {
                    out.add(m.bytes);
                }
            }
        }
        KeyCommands.writeScanReply(c.reply(), 0, out);
    }
}
