package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Database;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.Numbers;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** String commands (t_string.c) and bit operations (bitops.c). */
public final class StringCommands {
    private StringCommands() {
    }

    static final long MAX_STRING = 512L * 1024 * 1024;

    public static void get(RespClient c, byte[][] argv) {
        c.reply().bulk(Values.string(c, argv[1]));
    }

    /** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL]. */
    public static void set(RespClient c, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expireAt = 0;
        String unit = null;
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            boolean more = i + 1 < argv.length;
            if (is(a, "nx") && !xx) {
                nx = true;
            } else if (is(a, "xx") && !nx) {
                xx = true;
            } else if (is(a, "get")) {
                get = true;
            } else if (is(a, "keepttl") && unit == null) {
                keepTtl = true;
            } else if ((is(a, "ex") || is(a, "px") || is(a, "exat") || is(a, "pxat")) && unit == null && !keepTtl
                    && more) {
                unit = Args.lower(a);
                expireAt = expireTime(c, argv[++i], unit, "set");
            } else {
                throw Errors.syntax();
            }
        }
        Database db = c.db();
        Bytes key = c.key(argv[1]);
        Entry e = db.lookup(key);
        byte[] old = null;
        if (get && e != null) {
            if (!(e.value instanceof byte[] b)) {
                throw Errors.wrongType();
            }
            old = b;
        }
        if ((nx && e != null) || (xx && e == null)) {
            c.propagateNothing();
            if (get) {
                c.reply().bulk(old);
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        if (e == null) {
            e = db.insert(key, argv[2]);
        } else {
            e.value = argv[2];
            if (!keepTtl) {
                db.persist(e);
            }
        }
        if (unit != null) {
            db.expireAt(e, expireAt);
            c.propagate(Args.bytes("SET"), argv[1], argv[2], Args.bytes("PXAT"), Numbers.toBytes(expireAt));
        }
        if (get) {
            c.reply().bulk(old);
        } else {
            c.reply().ok();
        }
    }

    /** Parses an EX/PX/EXAT/PXAT argument into an absolute time in milliseconds. */
    static long expireTime(RespClient c, byte[] arg, String unit, String command) {
        long v = Args.toLong(arg);
        if (v <= 0) {
            throw Errors.invalidExpire(command);
        }
        try {
            return switch (unit) {
                case "ex" -> Math.addExact(Math.multiplyExact(v, 1000L), c.keyspace().now());
                case "px" -> Math.addExact(v, c.keyspace().now());
                case "exat" -> Math.multiplyExact(v, 1000L);
                default -> v;
            };
        } catch (ArithmeticException e) {
            throw Errors.invalidExpire(command);
        }
    }

    public static void setnx(RespClient c, byte[][] argv) {
        Bytes key = c.key(argv[1]);
        if (c.db().lookup(key) != null) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        c.db().insert(key, argv[2]);
        c.reply().integer(1);
    }

    public static void setex(RespClient c, byte[][] argv) {
        setWithExpire(c, argv, "ex", "setex");
    }

    public static void psetex(RespClient c, byte[][] argv) {
        setWithExpire(c, argv, "px", "psetex");
    }

    private static void setWithExpire(RespClient c, byte[][] argv, String unit, String name) {
        long at = expireTime(c, argv[2], unit, name);
        Entry e = c.db().set(c.key(argv[1]), argv[3]);
        c.db().expireAt(e, at);
        c.propagate(Args.bytes("SET"), argv[1], argv[3], Args.bytes("PXAT"), Numbers.toBytes(at));
        c.reply().ok();
    }

    public static void getex(RespClient c, byte[][] argv) {
        String unit = null;
        boolean persist = false;
        long at = 0;
        for (int i = 2; i < argv.length; i++) {
            byte[] a = argv[i];
            if ((is(a, "ex") || is(a, "px") || is(a, "exat") || is(a, "pxat")) && unit == null && !persist
                    && i + 1 < argv.length) {
                unit = Args.lower(a);
                at = expireTime(c, argv[++i], unit, "getex");
            } else if (is(a, "persist") && unit == null) {
                persist = true;
            } else {
                throw Errors.syntax();
            }
        }
        Entry e = Values.entry(c, argv[1]);
        if (e == null) {
            c.propagateNothing();
            c.reply().nullBulk();
            return;
        }
        if (!(e.value instanceof byte[] b)) {
            throw Errors.wrongType();
        }
        if (unit != null) {
            if (at <= c.keyspace().now()) {
                c.db().remove(e);
                c.propagate(Args.bytes("DEL"), argv[1]);
            } else {
                c.db().expireAt(e, at);
                c.propagate(Args.bytes("PEXPIREAT"), argv[1], Numbers.toBytes(at));
            }
        } else if (persist) {
            c.db().persist(e);
        } else {
            c.propagateNothing();
        }
        c.reply().bulk(b);
    }

    public static void getdel(RespClient c, byte[][] argv) {
        byte[] v = Values.string(c, argv[1]);
        if (v != null) {
            c.db().delete(c.key(argv[1]));
        }
        c.reply().bulk(v);
    }

    public static void getset(RespClient c, byte[][] argv) {
        byte[] old = Values.string(c, argv[1]);
        c.db().set(c.key(argv[1]), argv[2]);
        c.reply().bulk(old);
    }

    public static void mget(RespClient c, byte[][] argv) {
        RespWriter r = c.reply();
        r.array(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            Entry e = Values.entry(c, argv[i]);
            r.bulk(e != null && e.value instanceof byte[] b ? b : null);
        }
    }

    public static void mset(RespClient c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            throw Errors.wrongArgs("mset");
        }
        for (int i = 1; i < argv.length; i += 2) {
            c.db().set(new Bytes(argv[i]), argv[i + 1]);
        }
        c.reply().ok();
    }

    public static void msetnx(RespClient c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            throw Errors.wrongArgs("msetnx");
        }
        for (int i = 1; i < argv.length; i += 2) {
            if (c.db().lookup(new Bytes(argv[i])) != null) {
                c.propagateNothing();
                c.reply().integer(0);
                return;
            }
        }
        for (int i = 1; i < argv.length; i += 2) {
            c.db().set(new Bytes(argv[i]), argv[i + 1]);
        }
        c.reply().integer(1);
    }

    public static void append(RespClient c, byte[][] argv) {
        Entry e = Values.entry(c, argv[1]);
        if (e == null) {
            c.db().insert(c.key(argv[1]), argv[2]);
            c.reply().integer(argv[2].length);
            return;
        }
        if (!(e.value instanceof byte[] b)) {
            throw Errors.wrongType();
        }
        if ((long) b.length + argv[2].length > MAX_STRING) {
            throw new RespError(Errors.MAX_BULK);
        }
        byte[] n = Arrays.copyOf(b, b.length + argv[2].length);
        System.arraycopy(argv[2], 0, n, b.length, argv[2].length);
        e.value = n;
        c.reply().integer(n.length);
    }

    public static void strlen(RespClient c, byte[][] argv) {
        byte[] v = Values.string(c, argv[1]);
        c.reply().integer(v == null ? 0 : v.length);
    }

    public static void setrange(RespClient c, byte[][] argv) {
        long offset = Args.toLong(argv[2]);
        if (offset < 0) {
            throw new RespError("ERR offset is out of range");
        }
        byte[] value = argv[3];
        Entry e = Values.entry(c, argv[1]);
        byte[] cur;
        if (e == null) {
            if (value.length == 0) {
                c.reply().integer(0);
                return;
            }
            cur = new byte[0];
        } else if (!(e.value instanceof byte[] b)) {
            throw Errors.wrongType();
        } else {
            cur = b;
            if (value.length == 0) {
                c.reply().integer(cur.length);
                return;
            }
        }
        if (offset + value.length > MAX_STRING) {
            throw new RespError(Errors.MAX_BULK);
        }
        byte[] n = cur.length >= offset + value.length ? cur.clone() : Arrays.copyOf(cur, (int) offset + value.length);
        System.arraycopy(value, 0, n, (int) offset, value.length);
        if (e == null) {
            c.db().insert(c.key(argv[1]), n);
        } else {
            e.value = n;
        }
        c.reply().integer(n.length);
    }

    public static void getrange(RespClient c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        byte[] v = Values.string(c, argv[1]);
        if (v == null || v.length == 0 || (start < 0 && end < 0 && start > end)) {
            c.reply().bulk(new byte[0]);
            return;
        }
        int len = v.length;
        if (start < 0) {
            start = Math.max(0, len + start);
        }
        if (end < 0) {
            end = Math.max(0, len + end);
        }
        end = Math.min(end, len - 1);
        if (start > end || start >= len) {
            c.reply().bulk(new byte[0]);
            return;
        }
        c.reply().bulk(Arrays.copyOfRange(v, (int) start, (int) end + 1));
    }

    public static void incr(RespClient c, byte[][] argv) {
        incrBy(c, argv[1], 1);
    }

    public static void decr(RespClient c, byte[][] argv) {
        incrBy(c, argv[1], -1);
    }

    public static void incrby(RespClient c, byte[][] argv) {
        incrBy(c, argv[1], Args.toLong(argv[2]));
    }

    public static void decrby(RespClient c, byte[][] argv) {
        long by = Args.toLong(argv[2]);
        if (by == Long.MIN_VALUE) {
            throw new RespError("ERR decrement would overflow");
        }
        incrBy(c, argv[1], -by);
    }

    private static void incrBy(RespClient c, byte[] key, long by) {
        Entry e = Values.entry(c, key);
        long cur = 0;
        if (e != null) {
            if (!(e.value instanceof byte[] b)) {
                throw Errors.wrongType();
            }
            Long v = Numbers.parseLongOrNull(b);
            if (v == null) {
                throw new RespError(Errors.NOT_INTEGER);
            }
            cur = v;
        }
        long n;
        try {
            n = Math.addExact(cur, by);
        } catch (ArithmeticException ex) {
            throw new RespError(Errors.OVERFLOW);
        }
        byte[] nb = Numbers.toBytes(n);
        if (e == null) {
            c.db().insert(c.key(key), nb);
        } else {
            e.value = nb;
        }
        c.reply().integer(n);
    }

    public static void incrbyfloat(RespClient c, byte[][] argv) {
        double by = Args.toDouble(argv[2]);
        Entry e = Values.entry(c, argv[1]);
        double cur = 0;
        if (e != null) {
            if (!(e.value instanceof byte[] b)) {
                throw Errors.wrongType();
            }
            Double v = Numbers.parseDoubleOrNull(b);
            if (v == null) {
                throw new RespError(Errors.NOT_FLOAT);
            }
            cur = v;
        }
        double n = cur + by;
        if (Double.isNaN(n) || Double.isInfinite(n)) {
            throw new RespError(Errors.NAN_OR_INF);
        }
        byte[] nb = RespWriter.formatDouble(n).getBytes(StandardCharsets.US_ASCII);
        if (e == null) {
            c.db().insert(c.key(argv[1]), nb);
        } else {
            e.value = nb;
        }
        c.reply().bulk(nb);
    }

    // ---- bits ----

    private static long bitOffset(byte[] arg) {
        Long v = Numbers.parseLongOrNull(arg);
        if (v == null || v < 0 || v >= 4L * 1024 * 1024 * 1024) {
            throw new RespError("ERR bit offset is not an integer or out of range");
        }
        return v;
    }

    public static void setbit(RespClient c, byte[][] argv) {
        long offset = bitOffset(argv[2]);
        Long bit = Numbers.parseLongOrNull(argv[3]);
        if (bit == null || (bit != 0 && bit != 1)) {
            throw new RespError("ERR bit is not an integer or out of range");
        }
        Entry e = Values.entry(c, argv[1]);
        byte[] cur;
        if (e == null) {
            cur = new byte[0];
        } else if (!(e.value instanceof byte[] b)) {
            throw Errors.wrongType();
        } else {
            cur = b;
        }
        int byteIndex = (int) (offset >> 3);
        byte[] n = byteIndex < cur.length ? cur.clone() : Arrays.copyOf(cur, byteIndex + 1);
        int mask = 0x80 >> (offset & 7);
        int old = (n[byteIndex] & mask) != 0 ? 1 : 0;
        if (bit == 1) {
            n[byteIndex] |= (byte) mask;
        } else {
            n[byteIndex] &= (byte) ~mask;
        }
        if (e == null) {
            c.db().insert(c.key(argv[1]), n);
        } else {
            e.value = n;
        }
        c.reply().integer(old);
    }

    public static void getbit(RespClient c, byte[][] argv) {
        long offset = bitOffset(argv[2]);
        byte[] v = Values.string(c, argv[1]);
        int byteIndex = (int) (offset >> 3);
        if (v == null || byteIndex >= v.length) {
            c.reply().integer(0);
            return;
        }
        c.reply().integer((v[byteIndex] & (0x80 >> (offset & 7))) != 0 ? 1 : 0);
    }

    /** Resolves [start end [BYTE|BIT]] into a bit range [from, to] (inclusive), or null when empty. */
    private static long[] bitRange(byte[][] argv, int at, int len, boolean endOptional) {
        boolean bitUnit = false;
        long start = 0;
        long end;
        long total;
        if (argv.length > at + 2) {
            if (is(argv[at + 2], "bit")) {
                bitUnit = true;
            } else if (!is(argv[at + 2], "byte")) {
                throw Errors.syntax();
            }
            if (argv.length > at + 3) {
                throw Errors.syntax();
            }
        }
        total = bitUnit ? (long) len * 8 : len;
        if (argv.length > at) {
            start = Args.toLong(argv[at]);
        }
        if (argv.length > at + 1) {
            end = Args.toLong(argv[at + 1]);
        } else {
            end = total - 1;
        }
        if (start < 0) {
            start = Math.max(0, total + start);
        }
        if (end < 0) {
            end = Math.max(-1, total + end);
        }
        end = Math.min(end, total - 1);
        if (start > end) {
            return null;
        }
        return bitUnit ? new long[] {start, end} : new long[] {start * 8, end * 8 + 7};
    }

    public static void bitcount(RespClient c, byte[][] argv) {
        if (argv.length == 3 || argv.length > 5) {
            throw Errors.syntax();
        }
        if (argv.length >= 4) {
            Args.toLong(argv[2]);
            Args.toLong(argv[3]);
        }
        byte[] v = Values.string(c, argv[1]);
        if (v == null) {
            if (argv.length == 5 && !is(argv[4], "bit") && !is(argv[4], "byte")) {
                throw Errors.syntax();
            }
            c.reply().integer(0);
            return;
        }
        long[] range = bitRange(argv, 2, v.length, false);
        long count = 0;
        if (range != null) {
            for (long i = range[0]; i <= range[1]; i++) {
                if ((v[(int) (i >> 3)] & (0x80 >> (i & 7))) != 0) {
                    count++;
                }
            }
        }
        c.reply().integer(count);
    }

    public static void bitpos(RespClient c, byte[][] argv) {
        Long bitArg = Numbers.parseLongOrNull(argv[2]);
        if (bitArg == null) {
            throw new RespError(Errors.NOT_INTEGER);
        }
        if (bitArg != 0 && bitArg != 1) {
            throw new RespError("ERR The bit argument must be 1 or 0.");
        }
        if (argv.length > 6) {
            throw Errors.syntax();
        }
        if (argv.length > 3) {
            Args.toLong(argv[3]);
        }
        if (argv.length > 4) {
            Args.toLong(argv[4]);
        }
        int bit = bitArg.intValue();
        byte[] v = Values.string(c, argv[1]);
        if (v == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        boolean endGiven = argv.length > 4;
        long[] range = bitRange(argv, 3, v.length, true);
        if (range == null) {
            c.reply().integer(-1);
            return;
        }
        for (long i = range[0]; i <= range[1]; i++) {
            int b = (v[(int) (i >> 3)] & (0x80 >> (i & 7))) != 0 ? 1 : 0;
            if (b == bit) {
                c.reply().integer(i);
                return;
            }
        }
        c.reply().integer(bit == 0 && !endGiven ? range[1] + 1 : -1);
    }

    public static void bitop(RespClient c, byte[][] argv) {
        String op = Args.lower(argv[1]);
        if (!op.equals("and") && !op.equals("or") && !op.equals("xor") && !op.equals("not")) {
            throw Errors.syntax();
        }
        if (op.equals("not") && argv.length != 4) {
            throw new RespError("ERR BITOP NOT must be called with a single source key.");
        }
        byte[][] srcs = new byte[argv.length - 3][];
        int max = 0;
        for (int i = 3; i < argv.length; i++) {
            byte[] v = Values.string(c, argv[i]);
            srcs[i - 3] = v == null ? new byte[0] : v;
            max = Math.max(max, srcs[i - 3].length);
        }
        byte[] res = new byte[max];
        for (int j = 0; j < max; j++) {
            int acc = j < srcs[0].length ? srcs[0][j] & 0xff : 0;
            if (op.equals("not")) {
                acc = ~acc & 0xff;
            }
            for (int s = 1; s < srcs.length; s++) {
                int b = j < srcs[s].length ? srcs[s][j] & 0xff : 0;
                acc = switch (op) {
                    case "and" -> acc & b;
                    case "or" -> acc | b;
                    default -> acc ^ b;
                };
            }
            res[j] = (byte) acc;
        }
        Bytes dest = new Bytes(argv[2]);
        if (max == 0) {
            c.db().delete(dest);
        } else {
            c.db().set(dest, res);
        }
        c.reply().integer(max);
    }
}
