package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.ListValue;
import dev.warren.keyspace.Numbers;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** List commands (t_list.c), including the blocking ones. */
public final class ListCommands {
    private ListCommands() {
    }

    public static void lpush(RespClient c, byte[][] argv) {
        push(c, argv, true, false);
    }

    public static void rpush(RespClient c, byte[][] argv) {
        push(c, argv, false, false);
    }

    public static void lpushx(RespClient c, byte[][] argv) {
        push(c, argv, true, true);
    }

    public static void rpushx(RespClient c, byte[][] argv) {
        push(c, argv, false, true);
    }

    private static void push(RespClient c, byte[][] argv, boolean left, boolean onlyIfExists) {
        ListValue l = onlyIfExists ? Values.list(c, argv[1]) : Values.listOrCreate(c, argv[1]);
        if (l == null) {
            c.propagateNothing();
            c.reply().integer(0);
            return;
        }
        for (int i = 2; i < argv.length; i++) {
            if (left) {
                l.addFirst(argv[i]);
            } else {
                l.addLast(argv[i]);
            }
        }
        c.reply().integer(l.size());
    }

    public static void lpop(RespClient c, byte[][] argv) {
        pop(c, argv, true);
    }

    public static void rpop(RespClient c, byte[][] argv) {
        pop(c, argv, false);
    }

    private static void pop(RespClient c, byte[][] argv, boolean left) {
        if (argv.length > 3) {
            throw Errors.wrongArgs(Args.lower(argv[0]));
        }
        long count = argv.length == 3 ? Args.toPositiveLong(argv[2]) : -1;
        ListValue l = Values.list(c, argv[1]);
        RespWriter r = c.reply();
        if (l == null) {
            if (count < 0) {
                r.nullBulk();
            } else {
                r.nullArray();
            }
            return;
        }
        if (count < 0) {
            r.bulk(left ? l.removeFirst() : l.removeLast());
        } else {
            int n = (int) Math.min(count, l.size());
            r.array(n);
            for (int i = 0; i < n; i++) {
                r.bulk(left ? l.removeFirst() : l.removeLast());
            }
        }
        Values.deleteIfEmpty(c.db(), argv[1], l.size());
    }

    public static void llen(RespClient c, byte[][] argv) {
        ListValue l = Values.list(c, argv[1]);
        c.reply().integer(l == null ? 0 : l.size());
    }

    public static void lrange(RespClient c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        ListValue l = Values.list(c, argv[1]);
        RespWriter r = c.reply();
        if (l == null) {
            r.array(0);
            return;
        }
        int size = l.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        end = Math.min(end, size - 1);
        if (start > end || start >= size) {
            r.array(0);
            return;
        }
        r.array((int) (end - start + 1));
        for (long i = start; i <= end; i++) {
            r.bulk(l.get((int) i));
        }
    }

    public static void lindex(RespClient c, byte[][] argv) {
        long index = Args.toLong(argv[2]);
        ListValue l = Values.list(c, argv[1]);
        if (l == null) {
            c.reply().nullBulk();
            return;
        }
        if (index < 0) {
            index += l.size();
        }
        c.reply().bulk(index < 0 || index >= l.size() ? null : l.get((int) index));
    }

    public static void lset(RespClient c, byte[][] argv) {
        long index = Args.toLong(argv[2]);
        ListValue l = Values.list(c, argv[1]);
        if (l == null) {
            throw new RespError(Errors.NO_SUCH_KEY);
        }
        if (index < 0) {
            index += l.size();
        }
        if (index < 0 || index >= l.size()) {
            throw new RespError(Errors.INDEX_OUT_OF_RANGE);
        }
        l.set((int) index, argv[3]);
        c.reply().ok();
    }

    public static void linsert(RespClient c, byte[][] argv) {
        boolean before;
        if (is(argv[2], "before")) {
            before = true;
        } else if (is(argv[2], "after")) {
            before = false;
        } else {
            throw Errors.syntax();
        }
        ListValue l = Values.list(c, argv[1]);
        if (l == null) {
            c.reply().integer(0);
            return;
        }
        for (int i = 0; i < l.size(); i++) {
            if (Arrays.equals(l.get(i), argv[3])) {
                l.insert(before ? i : i + 1, argv[4]);
                c.reply().integer(l.size());
                return;
            }
        }
        c.reply().integer(-1);
    }

    public static void lrem(RespClient c, byte[][] argv) {
        long count = Args.toLong(argv[2]);
        ListValue l = Values.list(c, argv[1]);
        if (l == null) {
            c.reply().integer(0);
            return;
        }
        int removed = 0;
        if (count >= 0) {
            for (int i = 0; i < l.size() && (count == 0 || removed < count); ) {
                if (Arrays.equals(l.get(i), argv[3])) {
                    l.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = l.size() - 1; i >= 0 && removed < -count; i--) {
                if (Arrays.equals(l.get(i), argv[3])) {
                    l.remove(i);
                    removed++;
                }
            }
        }
        Values.deleteIfEmpty(c.db(), argv[1], l.size());
        c.reply().integer(removed);
    }

    public static void ltrim(RespClient c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        ListValue l = Values.list(c, argv[1]);
        if (l == null) {
            c.reply().ok();
            return;
        }
        int size = l.size();
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        end = Math.min(end, size - 1);
        if (start > end || start >= size) {
            l.clear();
        } else {
            l.trim((int) start, (int) end);
        }
        Values.deleteIfEmpty(c.db(), argv[1], l.size());
        c.reply().ok();
    }

    public static void lpos(RespClient c, byte[][] argv) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int i = 3; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (is(argv[i], "rank") && more) {
                rank = Args.toLong(argv[++i]);
                if (rank == 0 || rank == Long.MIN_VALUE) {
                    throw new RespError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the "
                            + "second ... or use negative to start from the end of the list");
                }
            } else if (is(argv[i], "count") && more) {
                count = Args.toLong(argv[++i]);
                if (count < 0) {
                    throw new RespError("ERR COUNT can't be negative");
                }
            } else if (is(argv[i], "maxlen") && more) {
                maxlen = Args.toLong(argv[++i]);
                if (maxlen < 0) {
                    throw new RespError("ERR MAXLEN can't be negative");
                }
            } else {
                throw Errors.syntax();
            }
        }
        ListValue l = Values.list(c, argv[1]);
        List<Long> found = new ArrayList<>();
        if (l != null) {
            int size = l.size();
            long skip = Math.abs(rank) - 1;
            long limit = count < 0 ? 1 : count == 0 ? Long.MAX_VALUE : count;
            for (int n = 0; n < size && (maxlen == 0 || n < maxlen) && found.size() < limit; n++) {
                int i = rank > 0 ? n : size - 1 - n;
                if (Arrays.equals(l.get(i), argv[2])) {
                    if (skip > 0) {
                        skip--;
                    } else {
                        found.add((long) i);
                    }
                }
            }
        }
        RespWriter r = c.reply();
        if (count < 0) {
            if (found.isEmpty()) {
                r.nullBulk();
            } else {
                r.integer(found.get(0));
            }
            return;
        }
        r.array(found.size());
        for (long f : found) {
            r.integer(f);
        }
    }

    private static boolean parseWhere(byte[] arg) {
        if (is(arg, "left")) {
            return true;
        }
        if (is(arg, "right")) {
            return false;
        }
        throw Errors.syntax();
    }

    /** Moves one element; returns false (without replying) when the source is empty. */
    private static boolean move(RespClient c, byte[] srcKey, byte[] dstKey, boolean fromLeft, boolean toLeft) {
        ListValue src = Values.list(c, srcKey);
        if (src == null) {
            return false;
        }
        Values.list(c, dstKey); // type check before changing anything
        byte[] v = fromLeft ? src.removeFirst() : src.removeLast();
        c.propagate(Args.bytes("LMOVE"), srcKey, dstKey, Args.bytes(fromLeft ? "LEFT" : "RIGHT"),
                Args.bytes(toLeft ? "LEFT" : "RIGHT"));
        Values.deleteIfEmpty(c.db(), srcKey, src.size());
        ListValue dst = Values.listOrCreate(c, dstKey);
        if (toLeft) {
            dst.addFirst(v);
        } else {
            dst.addLast(v);
        }
        c.reply().bulk(v);
        return true;
    }

    public static void rpoplpush(RespClient c, byte[][] argv) {
        if (!move(c, argv[1], argv[2], false, true)) {
            c.reply().nullBulk();
        }
    }

    public static void lmove(RespClient c, byte[][] argv) {
        boolean from = parseWhere(argv[3]);
        boolean to = parseWhere(argv[4]);
        if (!move(c, argv[1], argv[2], from, to)) {
            c.reply().nullBulk();
        }
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count], arguments starting at {@code at}. */
    private record MpopArgs(List<byte[]> keys, boolean left, long count) {
    }

    static long parseNumkeys(byte[][] argv, int at) {
        Long numkeys = Numbers.parseLongOrNull(argv[at]);
        if (numkeys == null) {
            throw new RespError(Errors.NOT_INTEGER);
        }
        if (numkeys <= 0) {
            throw new RespError(Errors.NUMKEYS_POSITIVE);
        }
        if (numkeys > argv.length - at - 1) {
            throw Errors.syntax();
        }
        return numkeys;
    }

    private static MpopArgs parseMpop(byte[][] argv, int at) {
        long numkeys = parseNumkeys(argv, at);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < numkeys; i++) {
            keys.add(argv[at + 1 + i]);
        }
        int i = at + 1 + (int) numkeys;
        if (i >= argv.length) {
            throw Errors.syntax();
        }
        boolean left = parseWhere(argv[i++]);
        long count = 1;
        boolean countSeen = false;
        for (; i < argv.length; i++) {
            if (is(argv[i], "count") && i + 1 < argv.length && !countSeen) {
                Long n = Numbers.parseLongOrNull(argv[++i]);
                if (n == null || n <= 0) {
                    throw new RespError("ERR count should be greater than 0");
                }
                count = n;
                countSeen = true;
            } else {
                throw Errors.syntax();
            }
        }
        return new MpopArgs(keys, left, count);
    }

    private static boolean mpop(RespClient c, MpopArgs a) {
        for (byte[] key : a.keys()) {
            ListValue l = Values.list(c, key);
            if (l != null) {
                RespWriter r = c.reply();
                int n = (int) Math.min(a.count(), l.size());
                r.array(2);
                r.bulk(key);
                r.array(n);
                for (int i = 0; i < n; i++) {
                    r.bulk(a.left() ? l.removeFirst() : l.removeLast());
                }
                c.propagate(Args.bytes(a.left() ? "LPOP" : "RPOP"), key, Numbers.toBytes(n));
                Values.deleteIfEmpty(c.db(), key, l.size());
                c.db().touch(new Bytes(key));
                return true;
            }
        }
        return false;
    }

    public static void lmpop(RespClient c, byte[][] argv) {
        if (!mpop(c, parseMpop(argv, 1))) {
            c.reply().nullArray();
        }
    }

    // ---- blocking ----

    private static boolean popFirstNonEmpty(RespClient c, byte[][] argv, boolean left) {
        for (int i = 1; i < argv.length - 1; i++) {
            ListValue l = Values.list(c, argv[i]);
            if (l != null) {
                byte[] v = left ? l.removeFirst() : l.removeLast();
                c.propagate(Args.bytes(left ? "LPOP" : "RPOP"), argv[i]);
                Values.deleteIfEmpty(c.db(), argv[i], l.size());
                c.reply().array(2);
                c.reply().bulk(argv[i]);
                c.reply().bulk(v);
                return true;
            }
        }
        return false;
    }

    private static List<Bytes> keys(byte[][] argv, int from, int to) {
        List<Bytes> keys = new ArrayList<>();
        for (int i = from; i < to; i++) {
            keys.add(new Bytes(argv[i]));
        }
        return keys;
    }

    public static void blpop(RespClient c, byte[][] argv) {
        blockingPop(c, argv, true);
    }

    public static void brpop(RespClient c, byte[][] argv) {
        blockingPop(c, argv, false);
    }

    private static void blockingPop(RespClient c, byte[][] argv, boolean left) {
        long timeout = Args.timeoutMillis(argv[argv.length - 1]);
        RespClient.Attempt attempt = (cl, a) -> popFirstNonEmpty(cl, a, left);
        if (!attempt.run(c, argv)) {
            c.block(keys(argv, 1, argv.length - 1), timeout, argv, attempt, () -> c.reply().nullArray());
        }
    }

    public static void brpoplpush(RespClient c, byte[][] argv) {
        long timeout = Args.timeoutMillis(argv[3]);
        RespClient.Attempt attempt = (cl, a) -> move(cl, a[1], a[2], false, true);
        if (!attempt.run(c, argv)) {
            c.block(keys(argv, 1, 2), timeout, argv, attempt, () -> c.reply().nullArray());
        }
    }

    public static void blmove(RespClient c, byte[][] argv) {
        boolean from = parseWhere(argv[3]);
        boolean to = parseWhere(argv[4]);
        long timeout = Args.timeoutMillis(argv[5]);
        RespClient.Attempt attempt = (cl, a) -> move(cl, a[1], a[2], from, to);
        if (!attempt.run(c, argv)) {
            c.block(keys(argv, 1, 2), timeout, argv, attempt, () -> c.reply().nullArray());
        }
    }

    public static void blmpop(RespClient c, byte[][] argv) {
        long timeout = Args.timeoutMillis(argv[1]);
        MpopArgs a = parseMpop(argv, 2);
        RespClient.Attempt attempt = (cl, ignored) -> mpop(cl, a);
        if (!attempt.run(c, argv)) {
            List<Bytes> keys = new ArrayList<>();
            for (byte[] k : a.keys()) {
                keys.add(new Bytes(k));
            }
            c.block(keys, timeout, argv, attempt, () -> c.reply().nullArray());
        }
    }
}
