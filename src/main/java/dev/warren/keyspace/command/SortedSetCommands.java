package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.Glob;
import dev.warren.keyspace.Numbers;
import dev.warren.keyspace.SetValue;
import dev.warren.keyspace.ScoreTree;
import dev.warren.keyspace.SortedSetValue;
import dev.warren.keyspace.SortedSetValue.Element;
import dev.warren.keyspace.SortedSetValue.LexRange;
import dev.warren.keyspace.SortedSetValue.ScoreRange;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sorted set commands (t_zset.c): ranks and ranges in O(log n) through the {@link ScoreTree}. */
public final class SortedSetCommands {
    private SortedSetCommands() {
    }

    // ---- ZADD / ZINCRBY ----

    public static void zadd(RespClient c, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = false;
        int i = 2;
        for (; i < argv.length; i++) {
            byte[] a = argv[i];
            if (is(a, "nx")) {
                nx = true;
            } else if (is(a, "xx")) {
                xx = true;
            } else if (is(a, "gt")) {
                gt = true;
            } else if (is(a, "lt")) {
                lt = true;
            } else if (is(a, "ch")) {
                ch = true;
            } else if (is(a, "incr")) {
                incr = true;
            } else {
                break;
            }
        }
        int pairs = argv.length - i;
        if (pairs == 0 || pairs % 2 != 0) {
            throw Errors.syntax();
        }
        if (nx && xx) {
            throw new RespError("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new RespError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && pairs > 2) {
            throw new RespError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[pairs / 2];
        for (int p = 0; p < scores.length; p++) {
            scores[p] = Args.toDouble(argv[i + 2 * p]);
        }
        SortedSetValue z = Values.zset(c, argv[1]);
        if (z == null) {
            if (xx) {
                if (incr) {
                    c.reply().nullBulk();
                } else {
                    c.reply().integer(0);
                }
                return;
            }
            z = Values.zsetOrCreate(c, argv[1]);
        }
        int added = 0;
        int changed = 0;
        Double incrResult = null;
        for (int p = 0; p < scores.length; p++) {
            byte[] member = argv[i + 2 * p + 1];
            double score = scores[p];
            double cur = z.scoreOrNaN(member);
            if (Double.isNaN(cur)) {
                if (xx) {
                    continue;
                }
                z.add(member, score);
                added++;
                incrResult = score;
            } else {
                if (nx) {
                    continue;
                }
                double n = incr ? cur + score : score;
                if (Double.isNaN(n)) {
                    Values.deleteIfEmpty(c.db(), argv[1], z.size());
                    throw new RespError("ERR resulting score is not a number (NaN)");
                }
                if ((gt && n <= cur) || (lt && n >= cur)) {
                    continue;
                }
                incrResult = n;
                if (n != cur) {
                    z.rescore(member, n);
                    changed++;
                }
            }
        }
        Values.deleteIfEmpty(c.db(), argv[1], z.size());
        if (added == 0 && changed == 0) {
            // as Redis: a ZADD that changed no member neither reaches the AOF nor touches WATCHed keys
            c.propagateNothing();
        }
        if (incr) {
            if (incrResult == null) {
                c.reply().nullBulk();
            } else {
                c.reply().doubleValue(incrResult);
            }
        } else {
            c.reply().integer(ch ? added + changed : added);
        }
    }

    public static void zincrby(RespClient c, byte[][] argv) {
        double by = Args.toDouble(argv[2]);
        SortedSetValue z = Values.zsetOrCreate(c, argv[1]);
        Bytes member = new Bytes(argv[3]);
        Double cur = z.score(member);
        double n = cur == null ? by : cur + by;
        if (Double.isNaN(n)) {
            Values.deleteIfEmpty(c.db(), argv[1], z.size());
            throw new RespError("ERR resulting score is not a number (NaN)");
        }
        z.put(member, n);
        c.reply().doubleValue(n);
    }

    // ---- single-member queries ----

    public static void zscore(RespClient c, byte[][] argv) {
        SortedSetValue z = Values.zset(c, argv[1]);
        Double s = z == null ? null : z.score(new Bytes(argv[2]));
        if (s == null) {
            c.reply().nullBulk();
        } else {
            c.reply().doubleValue(s);
        }
    }

    public static void zmscore(RespClient c, byte[][] argv) {
        SortedSetValue z = Values.zset(c, argv[1]);
        c.reply().array(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            Double s = z == null ? null : z.score(new Bytes(argv[i]));
            if (s == null) {
                c.reply().nullBulk();
            } else {
                c.reply().doubleValue(s);
            }
        }
    }

    public static void zcard(RespClient c, byte[][] argv) {
        SortedSetValue z = Values.zset(c, argv[1]);
        c.reply().integer(z == null ? 0 : z.size());
    }

    public static void zrank(RespClient c, byte[][] argv) {
        rank(c, argv, false);
    }

    public static void zrevrank(RespClient c, byte[][] argv) {
        rank(c, argv, true);
    }

    private static void rank(RespClient c, byte[][] argv, boolean reverse) {
        if (argv.length > 4 || (argv.length == 4 && !is(argv[3], "withscore"))) {
            throw Errors.syntax();
        }
        boolean withScore = argv.length == 4;
        SortedSetValue z = Values.zset(c, argv[1]);
        Bytes member = new Bytes(argv[2]);
        long r = z == null ? -1 : z.rank(member, reverse);
        RespWriter w = c.reply();
        if (r < 0) {
            if (withScore) {
                w.nullArray();
            } else {
                w.nullBulk();
            }
            return;
        }
        if (withScore) {
            w.array(2);
            w.integer(r);
            w.doubleValue(z.score(member));
        } else {
            w.integer(r);
        }
    }

    public static void zrem(RespClient c, byte[][] argv) {
        SortedSetValue z = Values.zset(c, argv[1]);
        int n = 0;
        if (z != null) {
            for (int i = 2; i < argv.length; i++) {
                if (z.remove(new Bytes(argv[i]))) {
                    n++;
                }
            }
            Values.deleteIfEmpty(c.db(), argv[1], z.size());
        }
        c.reply().integer(n);
    }

    // ---- ranges ----

    static ScoreRange parseScoreRange(byte[] min, byte[] max) {
        double[] lo = parseScoreBound(min);
        double[] hi = parseScoreBound(max);
        return new ScoreRange(lo[0], lo[1] != 0, hi[0], hi[1] != 0);
    }

    private static double[] parseScoreBound(byte[] b) {
        boolean exclusive = b.length > 0 && b[0] == '(';
        byte[] num = exclusive ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
        Double d = Numbers.parseDoubleOrNull(num);
        if (d == null) {
            throw new RespError(Errors.MIN_MAX_NOT_FLOAT);
        }
        return new double[] {d, exclusive ? 1 : 0};
    }

    static LexRange parseLexRange(byte[] min, byte[] max) {
        Object[] lo = parseLexBound(min);
        Object[] hi = parseLexBound(max);
        // an infinite min accepts everything when it is "-"; an infinite max when it is "+"
        return new LexRange((byte[]) lo[0], (Boolean) lo[1], (Boolean) lo[2], !(Boolean) lo[3],
                (byte[]) hi[0], (Boolean) hi[1], (Boolean) hi[2], (Boolean) hi[3]);
    }

    /** [bytes, exclusive, infinite, isPlus] */
    private static Object[] parseLexBound(byte[] b) {
        if (b.length == 1 && b[0] == '-') {
            return new Object[] {null, false, true, false};
        }
        if (b.length == 1 && b[0] == '+') {
            return new Object[] {null, false, true, true};
        }
        if (b.length > 0 && (b[0] == '(' || b[0] == '[')) {
            return new Object[] {java.util.Arrays.copyOfRange(b, 1, b.length), b[0] == '(', false, false};
        }
        throw new RespError(Errors.MIN_MAX_NOT_LEX);
    }

    private enum By { RANK, SCORE, LEX }

    /** Collects the members selected by a ZRANGE-family request. */
    private static List<Element> select(SortedSetValue z, By by, boolean rev, byte[] startArg, byte[] stopArg,
                                        long offset, long limit) {
        List<Element> out = new ArrayList<>();
        if (by == By.RANK) {
            long start = Args.toLong(startArg);
            long end = Args.toLong(stopArg);
            if (z == null) {
                return out;
            }
            long size = z.size();
            if (start < 0) {
                start = Math.max(0, size + start);
            }
            if (end < 0) {
                end = size + end;
            }
            end = Math.min(end, size - 1);
            if (start > end || start >= size) {
                return out;
            }
            walk(z, rev ? size - 1 - start : start, end - start + 1, rev, out);
            return out;
        }
        long first;
        long last;
        if (by == By.SCORE) {
            ScoreRange r = rev ? parseScoreRange(stopArg, startArg) : parseScoreRange(startArg, stopArg);
            if (z == null) {
                return out;
            }
            first = z.firstRank(r);
            last = z.lastRank(r);
        } else {
            LexRange r = rev ? parseLexRange(stopArg, startArg) : parseLexRange(startArg, stopArg);
            if (z == null) {
                return out;
            }
            first = z.firstRank(r);
            last = z.lastRank(r);
        }
        if (offset < 0) {
            return out;
        }
        long count = last - first + 1 - offset;
        if (count <= 0) {
            return out;
        }
        if (limit >= 0) {
            count = Math.min(count, limit);
        }
        walk(z, rev ? last - offset : first + offset, count, rev, out);
        return out;
    }

    /** Adds up to {@code count} elements from rank {@code from}, ascending or (rev) descending. */
    private static void walk(SortedSetValue z, long from, long count, boolean rev, List<Element> out) {
        ScoreTree.Cursor c = z.at(from);
        for (long i = 0; i < count && c != null; i++) {
            out.add(new Element(c.member(), c.score()));
            if (!(rev ? c.previous() : c.next())) {
                break;
            }
        }
    }

    private static void writeMembers(RespWriter r, List<Element> elements, boolean withScores) {
        if (withScores && r.resp3()) {
            r.array(elements.size());
            for (Element e : elements) {
                r.array(2);
                r.bulk(e.member());
                r.doubleValue(e.score());
            }
            return;
        }
        r.array(withScores ? elements.size() * 2 : elements.size());
        for (Element e : elements) {
            r.bulk(e.member());
            if (withScores) {
                r.doubleValue(e.score());
            }
        }
    }

    /** ZRANGE / ZRANGESTORE argument parsing from index {@code at} (the key position). */
    private static void rangeCommand(RespClient c, byte[][] argv, int at, byte[] storeKey, By defaultBy,
                                     boolean defaultRev, boolean allowOptions) {
        By by = defaultBy;
        boolean rev = defaultRev;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        boolean limitSeen = false;
        for (int i = at + 3; i < argv.length; i++) {
            byte[] a = argv[i];
            if (is(a, "withscores") && storeKey == null && (allowOptions || defaultBy != By.LEX)) {
                withScores = true;
            } else if (is(a, "limit") && i + 2 < argv.length && (allowOptions || defaultBy != By.RANK)) {
                offset = Args.toLong(argv[i + 1]);
                limit = Args.toLong(argv[i + 2]);
                limitSeen = true;
                i += 2;
            } else if (allowOptions && is(a, "byscore")) {
                by = By.SCORE;
            } else if (allowOptions && is(a, "bylex")) {
                by = By.LEX;
            } else if (allowOptions && is(a, "rev")) {
                rev = true;
            } else {
                throw Errors.syntax();
            }
        }
        if (limitSeen && by == By.RANK) {
            throw new RespError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            throw new RespError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        SortedSetValue z = Values.zset(c, argv[at]);
        List<Element> elements = select(z, by, rev, argv[at + 1], argv[at + 2], offset, limit);
        if (storeKey == null) {
            writeMembers(c.reply(), elements, withScores);
            return;
        }
        SortedSetValue dst = new SortedSetValue();
        for (Element e : elements) {
            dst.put(e.member(), e.score());
        }
        Bytes dk = new Bytes(storeKey);
        if (dst.size() == 0) {
            c.db().delete(dk);
        } else {
            c.db().set(dk, dst);
        }
        c.reply().integer(dst.size());
    }

    public static void zrange(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 1, null, By.RANK, false, true);
    }

    public static void zrangestore(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 2, argv[1], By.RANK, false, true);
    }

    public static void zrevrange(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 1, null, By.RANK, true, false);
    }

    public static void zrangebyscore(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 1, null, By.SCORE, false, false);
    }

    public static void zrevrangebyscore(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 1, null, By.SCORE, true, false);
    }

    public static void zrangebylex(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 1, null, By.LEX, false, false);
    }

    public static void zrevrangebylex(RespClient c, byte[][] argv) {
        rangeCommand(c, argv, 1, null, By.LEX, true, false);
    }

    public static void zcount(RespClient c, byte[][] argv) {
        ScoreRange r = parseScoreRange(argv[2], argv[3]);
        SortedSetValue z = Values.zset(c, argv[1]);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        c.reply().integer(Math.max(0, z.lastRank(r) - z.firstRank(r) + 1));
    }

    public static void zlexcount(RespClient c, byte[][] argv) {
        LexRange r = parseLexRange(argv[2], argv[3]);
        SortedSetValue z = Values.zset(c, argv[1]);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        c.reply().integer(Math.max(0, z.lastRank(r) - z.firstRank(r) + 1));
    }

    private static void removeElements(RespClient c, byte[] key, SortedSetValue z, List<Element> elements) {
        for (Element e : elements) {
            z.remove(e.member());
        }
        Values.deleteIfEmpty(c.db(), key, z.size());
        c.reply().integer(elements.size());
    }

    public static void zremrangebyscore(RespClient c, byte[][] argv) {
        removeRange(c, argv, By.SCORE);
    }

    public static void zremrangebylex(RespClient c, byte[][] argv) {
        removeRange(c, argv, By.LEX);
    }

    public static void zremrangebyrank(RespClient c, byte[][] argv) {
        removeRange(c, argv, By.RANK);
    }

    private static void removeRange(RespClient c, byte[][] argv, By by) {
        SortedSetValue z = Values.zset(c, argv[1]);
        List<Element> elements = select(z, by, false, argv[2], argv[3], 0, -1);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        removeElements(c, argv[1], z, elements);
    }

    // ---- pops ----

    public static void zpopmin(RespClient c, byte[][] argv) {
        pop(c, argv, false);
    }

    public static void zpopmax(RespClient c, byte[][] argv) {
        pop(c, argv, true);
    }

    private static void pop(RespClient c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        long count = argv.length == 3 ? Args.toPositiveLong(argv[2]) : 1;
        SortedSetValue z = Values.zset(c, argv[1]);
        List<Element> elements = popElements(c, argv[1], z, count, max);
        RespWriter r = c.reply();
        if (argv.length == 3 && r.resp3()) {
            writeMembers(r, elements, true);
            return;
        }
        r.array(elements.size() * 2);
        for (Element e : elements) {
            r.bulk(e.member());
            r.doubleValue(e.score());
        }
    }

    private static List<Element> popElements(RespClient c, byte[] key, SortedSetValue z, long count, boolean max) {
        List<Element> elements = new ArrayList<>();
        if (z == null) {
            return elements;
        }
        for (long i = 0; i < count && z.size() > 0; i++) {
            Element e = max ? z.last() : z.first();
            elements.add(e);
            z.remove(e.member());
        }
        Values.deleteIfEmpty(c.db(), key, z.size());
        return elements;
    }

    public static void bzpopmin(RespClient c, byte[][] argv) {
        blockingPop(c, argv, false);
    }

    public static void bzpopmax(RespClient c, byte[][] argv) {
        blockingPop(c, argv, true);
    }

    private static void blockingPop(RespClient c, byte[][] argv, boolean max) {
        long timeout = Args.timeoutMillis(argv[argv.length - 1]);
        RespClient.Attempt attempt = (cl, a) -> {
            for (int i = 1; i < a.length - 1; i++) {
                SortedSetValue z = Values.zset(cl, a[i]);
                if (z != null) {
                    cl.propagate(Args.bytes(max ? "ZPOPMAX" : "ZPOPMIN"), a[i]);
                    Element e = popElements(cl, a[i], z, 1, max).get(0);
                    RespWriter r = cl.reply();
                    r.array(3);
                    r.bulk(a[i]);
                    r.bulk(e.member());
                    r.doubleValue(e.score());
                    return true;
                }
            }
            return false;
        };
        if (!attempt.run(c, argv)) {
            List<Bytes> keys = new ArrayList<>();
            for (int i = 1; i < argv.length - 1; i++) {
                keys.add(new Bytes(argv[i]));
            }
            c.block(keys, timeout, argv, attempt, () -> c.reply().nullArray());
        }
    }

    private record MpopArgs(List<byte[]> keys, boolean max, long count) {
    }

    private static MpopArgs parseMpop(byte[][] argv, int at) {
        long numkeys = ListCommands.parseNumkeys(argv, at);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < numkeys; i++) {
            keys.add(argv[at + 1 + i]);
        }
        int i = at + 1 + (int) numkeys;
        if (i >= argv.length) {
            throw Errors.syntax();
        }
        boolean max;
        if (is(argv[i], "min")) {
            max = false;
        } else if (is(argv[i], "max")) {
            max = true;
        } else {
            throw Errors.syntax();
        }
        long count = 1;
        for (i++; i < argv.length; i++) {
            if (is(argv[i], "count") && i + 1 < argv.length) {
                Long n = Numbers.parseLongOrNull(argv[++i]);
                if (n == null || n <= 0) {
                    throw new RespError("ERR count should be greater than 0");
                }
                count = n;
            } else {
                throw Errors.syntax();
            }
        }
        return new MpopArgs(keys, max, count);
    }

    private static boolean mpop(RespClient c, MpopArgs a) {
        for (byte[] key : a.keys()) {
            SortedSetValue z = Values.zset(c, key);
            if (z != null) {
                c.propagate(Args.bytes(a.max() ? "ZPOPMAX" : "ZPOPMIN"), key, Numbers.toBytes(a.count()));
                List<Element> elements = popElements(c, key, z, a.count(), a.max());
                RespWriter r = c.reply();
                r.array(2);
                r.bulk(key);
                r.array(elements.size());
                for (Element e : elements) {
                    r.array(2);
                    r.bulk(e.member());
                    r.doubleValue(e.score());
                }
                c.db().touch(new Bytes(key));
                return true;
            }
        }
        return false;
    }

    public static void zmpop(RespClient c, byte[][] argv) {
        if (!mpop(c, parseMpop(argv, 1))) {
            c.reply().nullArray();
        }
    }

    public static void bzmpop(RespClient c, byte[][] argv) {
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

    // ---- set operations ----

    private enum SetOp { UNION, INTER, DIFF }

    private static LinkedHashMap<Bytes, Double> combine(RespClient c, byte[][] argv, int numkeysAt, SetOp op,
                                                        String name, boolean allowWithScores, boolean[] withScores) {
        Long numkeys = Numbers.parseLongOrNull(argv[numkeysAt]);
        if (numkeys == null) {
            throw new RespError(Errors.NOT_INTEGER);
        }
        if (numkeys < 1) {
            throw new RespError("ERR at least 1 input key is needed for '" + name + "' command");
        }
        if (numkeys > argv.length - numkeysAt - 1) {
            throw Errors.syntax();
        }
        int n = numkeys.intValue();
        double[] weights = new double[n];
        java.util.Arrays.fill(weights, 1);
        String aggregate = "sum";
        for (int i = numkeysAt + 1 + n; i < argv.length; i++) {
            if (op != SetOp.DIFF && is(argv[i], "weights") && i + n < argv.length) {
                for (int w = 0; w < n; w++) {
                    Double d = Numbers.parseDoubleOrNull(argv[i + 1 + w]);
                    if (d == null) {
                        throw new RespError("ERR weight value is not a float");
                    }
                    weights[w] = d;
                }
                i += n;
            } else if (op != SetOp.DIFF && is(argv[i], "aggregate") && i + 1 < argv.length) {
                aggregate = Args.lower(argv[++i]);
                if (!aggregate.equals("sum") && !aggregate.equals("min") && !aggregate.equals("max")) {
                    throw Errors.syntax();
                }
            } else if (allowWithScores && is(argv[i], "withscores")) {
                withScores[0] = true;
            } else {
                throw Errors.syntax();
            }
        }
        List<Map<Bytes, Double>> inputs = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            byte[] key = argv[numkeysAt + 1 + k];
            Entry e = Values.entry(c, key);
            if (e == null) {
                inputs.add(null);
            } else if (e.value instanceof SortedSetValue z) {
                inputs.add(z.scoreMap());
            } else if (e.value instanceof SetValue s) {
                Map<Bytes, Double> m = new LinkedHashMap<>();
                for (Bytes b : s) {
                    m.put(b, 1.0);
                }
                inputs.add(m);
            } else {
                throw Errors.wrongType();
            }
        }
        LinkedHashMap<Bytes, Double> result = new LinkedHashMap<>();
        switch (op) {
            case UNION -> {
                for (int k = 0; k < n; k++) {
                    if (inputs.get(k) == null) {
                        continue;
                    }
                    for (Map.Entry<Bytes, Double> e : inputs.get(k).entrySet()) {
                        double v = weighted(e.getValue(), weights[k]);
                        Double cur = result.get(e.getKey());
                        result.put(e.getKey(), cur == null ? v : aggregate(aggregate, cur, v));
                    }
                }
            }
            case INTER -> {
                for (Map<Bytes, Double> m : inputs) {
                    if (m == null) {
                        return result;
                    }
                }
                outer:
                for (Map.Entry<Bytes, Double> e : inputs.get(0).entrySet()) {
                    double acc = weighted(e.getValue(), weights[0]);
                    for (int k = 1; k < n; k++) {
                        Double s = inputs.get(k).get(e.getKey());
                        if (s == null) {
                            continue outer;
                        }
                        acc = aggregate(aggregate, acc, weighted(s, weights[k]));
                    }
                    result.put(e.getKey(), acc);
                }
            }
            case DIFF -> {
                if (inputs.get(0) != null) {
                    outer:
                    for (Map.Entry<Bytes, Double> e : inputs.get(0).entrySet()) {
                        for (int k = 1; k < n; k++) {
                            if (inputs.get(k) != null && inputs.get(k).containsKey(e.getKey())) {
                                continue outer;
                            }
                        }
                        result.put(e.getKey(), e.getValue());
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return result;
    }

    private static double weighted(double score, double weight) {
        double v = score * weight;
        return Double.isNaN(v) ? 0 : v;
    }

    private static double aggregate(String how, double a, double b) {
        switch (how) {
            case "min":
                return Math.min(a, b);
            case "max":
                return Math.max(a, b);
            default:
                double s = a + b;
                return Double.isNaN(s) ? 0 : s;
        }
    }

    private static SortedSetValue toZset(Map<Bytes, Double> m) {
        SortedSetValue z = new SortedSetValue();
        for (Map.Entry<Bytes, Double> e : m.entrySet()) {
            z.put(e.getKey(), e.getValue());
        }
        return z;
    }

    private static void store(RespClient c, byte[][] argv, SetOp op, String name) {
        SortedSetValue z = toZset(combine(c, argv, 2, op, name, false, new boolean[1]));
        Bytes dest = new Bytes(argv[1]);
        if (z.size() == 0) {
            c.db().delete(dest);
        } else {
            c.db().set(dest, z);
        }
        c.reply().integer(z.size());
    }

    private static void reply(RespClient c, byte[][] argv, SetOp op, String name) {
        boolean[] withScores = new boolean[1];
        SortedSetValue z = toZset(combine(c, argv, 1, op, name, true, withScores));
        writeMembers(c.reply(), z.elements(), withScores[0]);
    }

    public static void zunionstore(RespClient c, byte[][] argv) {
        store(c, argv, SetOp.UNION, "zunionstore");
    }

    public static void zinterstore(RespClient c, byte[][] argv) {
        store(c, argv, SetOp.INTER, "zinterstore");
    }

    public static void zdiffstore(RespClient c, byte[][] argv) {
        store(c, argv, SetOp.DIFF, "zdiffstore");
    }

    public static void zunion(RespClient c, byte[][] argv) {
        reply(c, argv, SetOp.UNION, "zunion");
    }

    public static void zinter(RespClient c, byte[][] argv) {
        reply(c, argv, SetOp.INTER, "zinter");
    }

    public static void zdiff(RespClient c, byte[][] argv) {
        reply(c, argv, SetOp.DIFF, "zdiff");
    }

    public static void zintercard(RespClient c, byte[][] argv) {
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
                Long l = Numbers.parseLongOrNull(argv[++i]);
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
        byte[][] sub = new byte[2 + (int) numkeys][];
        sub[0] = argv[0];
        System.arraycopy(argv, 1, sub, 1, 1 + (int) numkeys);
        long n = combine(c, sub, 1, SetOp.INTER, "zintercard", false, new boolean[1]).size();
        c.reply().integer(limit > 0 ? Math.min(limit, n) : n);
    }

    public static void zrandmember(RespClient c, byte[][] argv) {
        if (argv.length > 4 || (argv.length == 4 && !is(argv[3], "withscores"))) {
            throw Errors.syntax();
        }
        SortedSetValue z = Values.zset(c, argv[1]);
        RespWriter r = c.reply();
        if (argv.length == 2) {
            if (z == null) {
                r.nullBulk();
            } else {
                r.bulk(RandomPick.pick(z.elements(), 1).get(0).member());
            }
            return;
        }
        long count = Args.toLong(argv[2]);
        if (count < -Long.MAX_VALUE / 2) {
            throw new RespError("ERR value is out of range");
        }
        if (z == null || count == 0) {
            r.array(0);
            return;
        }
        writeMembers(r, RandomPick.pick(z.elements(), count), argv.length == 4);
    }

    public static void zscan(RespClient c, byte[][] argv) {
        KeyCommands.parseCursor(argv[2]);
        ScanOptions o = ScanOptions.parse(argv, 3, false);
        SortedSetValue z = Values.zset(c, argv[1]);
        List<byte[]> out = new ArrayList<>();
        if (z != null) {
            z.forEach((score, member) -> {
                if (o.pattern() == null || Glob.matches(o.pattern(), member)) {
                    out.add(member);
                    out.add(RespWriter.formatDouble(score).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            });
        }
        KeyCommands.writeScanReply(c.reply(), 0, out);
    }
}
