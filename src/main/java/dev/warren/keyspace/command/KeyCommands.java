package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;
import static dev.warren.keyspace.command.Args.str;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Database;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.Glob;
import dev.warren.keyspace.HashValue;
import dev.warren.keyspace.Keyspace;
import dev.warren.keyspace.ListValue;
import dev.warren.keyspace.Numbers;
import dev.warren.keyspace.SetValue;
import dev.warren.keyspace.SortedSetValue;
import dev.warren.keyspace.ValueType;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.util.ArrayList;
import java.util.List;

/** Generic key commands: DEL, EXISTS, EXPIRE family, TTL, TYPE, KEYS, SCAN, RENAME, MOVE, COPY, OBJECT... */
public final class KeyCommands {
    private KeyCommands() {
    }

    public static void del(RespClient c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (c.db().delete(new Bytes(argv[i]))) {
                n++;
            }
        }
        if (n == 0) {
            c.propagateNothing();
        }
        c.reply().integer(n);
    }

    public static void exists(RespClient c, byte[][] argv) {
        int n = 0;
        for (int i = 1; i < argv.length; i++) {
            if (c.db().lookup(new Bytes(argv[i])) != null) {
                n++;
            }
        }
        c.reply().integer(n);
    }

    public static void touch(RespClient c, byte[][] argv) {
        exists(c, argv);
    }

    public static void expire(RespClient c, byte[][] argv) {
        expireGeneric(c, argv, 1000, false, "expire");
    }

    public static void pexpire(RespClient c, byte[][] argv) {
        expireGeneric(c, argv, 1, false, "pexpire");
    }

    public static void expireat(RespClient c, byte[][] argv) {
        expireGeneric(c, argv, 1000, true, "expireat");
    }

    public static void pexpireat(RespClient c, byte[][] argv) {
        expireGeneric(c, argv, 1, true, "pexpireat");
    }

    private static void expireGeneric(RespClient c, byte[][] argv, long unit, boolean absolute, String name) {
        long when = Args.toLong(argv[2]);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < argv.length; i++) {
            if (is(argv[i], "nx")) {
                nx = true;
            } else if (is(argv[i], "xx")) {
                xx = true;
            } else if (is(argv[i], "gt")) {
                gt = true;
            } else if (is(argv[i], "lt")) {
                lt = true;
            } else {
                throw new RespError("ERR Unsupported option " + str(argv[i]));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new RespError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new RespError("ERR GT and LT options at the same time are not compatible");
        }
        long millis;
        try {
            millis = Math.multiplyExact(when, unit);
            if (!absolute) {
                millis = Math.addExact(millis, c.keyspace().now());
            }
        } catch (ArithmeticException e) {
            throw Errors.invalidExpire(name);
        }
        Entry e = c.db().lookup(new Bytes(argv[1]));
        if (e == null) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        long current = e.expireAt();
        if ((nx && current != 0) || (xx && current == 0)
                || (gt && (current == 0 || millis <= current)) || (lt && current != 0 && millis >= current)) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        if (millis <= c.keyspace().now()) {
            c.db().remove(e);
            c.propagate(Args.bytes("DEL"), argv[1]);
        } else {
            c.db().expireAt(e, millis);
            c.propagate(Args.bytes("PEXPIREAT"), argv[1], Numbers.toBytes(millis));
        }
        c.reply().integer(1);
    }

    public static void ttl(RespClient c, byte[][] argv) {
        ttlGeneric(c, argv, false);
    }

    public static void pttl(RespClient c, byte[][] argv) {
        ttlGeneric(c, argv, true);
    }

    private static void ttlGeneric(RespClient c, byte[][] argv, boolean millis) {
        Entry e = c.db().lookup(new Bytes(argv[1]));
        if (e == null) {
            c.reply().integer(-2);
        } else if (e.expireAt() == 0) {
            c.reply().integer(-1);
        } else {
            long left = Math.max(0, e.expireAt() - c.keyspace().now());
            c.reply().integer(millis ? left : (left + 500) / 1000);
        }
    }

    public static void expiretime(RespClient c, byte[][] argv) {
        expireTimeGeneric(c, argv, false);
    }

    public static void pexpiretime(RespClient c, byte[][] argv) {
        expireTimeGeneric(c, argv, true);
    }

    private static void expireTimeGeneric(RespClient c, byte[][] argv, boolean millis) {
        Entry e = c.db().lookup(new Bytes(argv[1]));
        if (e == null) {
            c.reply().integer(-2);
        } else if (e.expireAt() == 0) {
            c.reply().integer(-1);
        } else {
            c.reply().integer(millis ? e.expireAt() : (e.expireAt() + 500) / 1000);
        }
    }

    public static void persist(RespClient c, byte[][] argv) {
        Entry e = c.db().lookup(new Bytes(argv[1]));
        boolean changed = e != null && c.db().persist(e);
        if (!changed) {
            c.propagateNothing();
        }
        c.reply().integer(changed ? 1 : 0);
    }

    public static void type(RespClient c, byte[][] argv) {
        Entry e = c.db().lookup(new Bytes(argv[1]));
        c.reply().simple(e == null ? "none" : e.type().typeName);
    }

    public static void keys(RespClient c, byte[][] argv) {
        List<Entry> all = c.db().entries();
        List<byte[]> matched = new ArrayList<>();
        boolean everything = argv[1].length == 1 && argv[1][0] == '*';
        for (Entry e : all) {
            if (everything || Glob.matches(argv[1], e.key.bytes)) {
                matched.add(e.key.bytes);
            }
        }
        c.reply().array(matched.size());
        for (byte[] k : matched) {
            c.reply().bulk(k);
        }
    }

    public static void scan(RespClient c, byte[][] argv) {
        long cursor = parseCursor(argv[1]);
        byte[] pattern = null;
        int count = 10;
        ValueType type = null;
        String typeName = null;
        for (int i = 2; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (is(argv[i], "match") && more) {
                pattern = argv[++i];
            } else if (is(argv[i], "count") && more) {
                long n = Args.toLong(argv[++i]);
                if (n < 1) {
                    throw Errors.syntax();
                }
                count = (int) Math.min(n, Integer.MAX_VALUE);
            } else if (is(argv[i], "type") && more) {
                typeName = str(argv[++i]);
                type = ValueType.byName(typeName);
            } else {
                throw Errors.syntax();
            }
        }
        List<byte[]> found = new ArrayList<>();
        final byte[] p = pattern;
        final ValueType t = type;
        final boolean anyType = typeName == null;
        long next = c.db().scan(cursor, count, e -> {
            if ((p == null || Glob.matches(p, e.key.bytes)) && (anyType || e.type() == t)) {
                found.add(e.key.bytes);
            }
        });
        writeScanReply(c.reply(), next, found);
    }

    static long parseCursor(byte[] arg) {
        try {
            return Long.parseUnsignedLong(str(arg));
        } catch (NumberFormatException e) {
            throw new RespError("ERR invalid cursor");
        }
    }

    static void writeScanReply(RespWriter r, long next, List<byte[]> items) {
        r.array(2);
        r.bulk(Long.toUnsignedString(next));
        r.array(items.size());
        for (byte[] k : items) {
            r.bulk(k);
        }
    }

    public static void rename(RespClient c, byte[][] argv) {
        renameGeneric(c, argv, false);
    }

    public static void renamenx(RespClient c, byte[][] argv) {
        renameGeneric(c, argv, true);
    }

    private static void renameGeneric(RespClient c, byte[][] argv, boolean nx) {
        Database db = c.db();
        Entry src = db.lookup(new Bytes(argv[1]));
        if (src == null) {
            throw new RespError(Errors.NO_SUCH_KEY);
        }
        Bytes dstKey = new Bytes(argv[2]);
        if (src.key.equals(dstKey)) {
            if (nx) {
                c.reply().integer(0);
            } else {
                c.reply().ok();
            }
            return;
        }
        Entry dst = db.lookup(dstKey);
        if (dst != null && nx) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        long expire = src.expireAt();
        db.remove(src);
        Entry n = db.set(dstKey, src.value);
        if (expire != 0) {
            db.expireAt(n, expire);
        }
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    public static void randomkey(RespClient c, byte[][] argv) {
        Entry e = c.db().randomEntry();
        c.reply().bulk(e == null ? null : e.key.bytes);
    }

    public static void move(RespClient c, byte[][] argv) {
        Long index = Numbers.parseLongOrNull(argv[2]);
        if (index == null || index < 0 || index >= Keyspace.DATABASES) {
            throw new RespError(Errors.DB_OUT_OF_RANGE);
        }
        Database dst = c.keyspace().db(index.intValue());
        if (dst == c.db()) {
            throw new RespError(Errors.SAME_OBJECT);
        }
        Bytes key = new Bytes(argv[1]);
        Entry e = c.db().lookup(key);
        if (e == null || dst.lookup(key) != null) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        long expire = e.expireAt();
        c.db().remove(e);
        Entry n = dst.insert(key, e.value);
        if (expire != 0) {
            dst.expireAt(n, expire);
        }
        dst.touch(key);
        c.reply().integer(1);
    }

    public static void copy(RespClient c, byte[][] argv) {
        Database dst = c.db();
        boolean replace = false;
        for (int i = 3; i < argv.length; i++) {
            if (is(argv[i], "replace")) {
                replace = true;
            } else if (is(argv[i], "db") && i + 1 < argv.length) {
                Long index = Numbers.parseLongOrNull(argv[++i]);
                if (index == null) {
                    throw new RespError(Errors.NOT_INTEGER);
                }
                if (index < 0 || index >= Keyspace.DATABASES) {
                    throw new RespError(Errors.DB_OUT_OF_RANGE);
                }
                dst = c.keyspace().db(index.intValue());
            } else {
                throw Errors.syntax();
            }
        }
        Bytes srcKey = new Bytes(argv[1]);
        Bytes dstKey = new Bytes(argv[2]);
        if (dst == c.db() && srcKey.equals(dstKey)) {
            throw new RespError(Errors.SAME_OBJECT);
        }
        Entry src = c.db().lookup(srcKey);
        if (src == null) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        Entry existing = dst.lookup(dstKey);
        if (existing != null && !replace) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        if (existing != null) {
            dst.remove(existing);
        }
        Entry n = dst.insert(dstKey, Values.copy(src.value));
        if (src.expireAt() != 0) {
            dst.expireAt(n, src.expireAt());
        }
        dst.touch(dstKey);
        c.reply().integer(1);
    }

    public static void object(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        if (sub.equals("help")) {
            c.reply().array(1);
            c.reply().simple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are: ENCODING, FREQ, "
                    + "IDLETIME, REFCOUNT, HELP");
            return;
        }
        if (!List.of("encoding", "refcount", "idletime", "freq").contains(sub)) {
            throw Errors.unknownSubcommand(str(argv[1]), "OBJECT");
        }
        if (argv.length != 3) {
            throw Errors.wrongArgs("object|" + sub);
        }
        Entry e = c.db().lookup(new Bytes(argv[2]));
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        switch (sub) {
            case "encoding" -> c.reply().bulk(encoding(e.value));
            case "refcount" -> c.reply().integer(1);
            case "idletime" -> c.reply().integer(0);
            default -> throw new RespError("ERR An LFU maxmemory policy is not selected, access frequency not "
                    + "tracked. Please note that when switching between policies at runtime LRU and LFU data will "
                    + "take some time to adjust.");
        }
    }

    static String encoding(Object v) {
        if (v instanceof byte[] b) {
            if (b.length <= 20 && Numbers.parseLongOrNull(b) != null) {
                return "int";
            }
            return b.length <= 44 ? "embstr" : "raw";
        }
        if (v instanceof ListValue l) {
            return l.encoding();
        }
        if (v instanceof HashValue h) {
            return h.encoding();
        }
        if (v instanceof SetValue s) {
            return s.encoding();
        }
        if (v instanceof SortedSetValue z) {
            return z.encoding();
        }
        if (v instanceof dev.warren.keyspace.StreamValue) {
            return "stream";
        }
        return "unknown";
    }
}
