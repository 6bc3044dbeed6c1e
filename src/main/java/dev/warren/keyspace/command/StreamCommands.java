package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Numbers;
import dev.warren.keyspace.StreamId;
import dev.warren.keyspace.StreamValue;
import dev.warren.keyspace.StreamValue.Group;
import dev.warren.keyspace.StreamValue.Pending;
import dev.warren.resp.codec.RespWriter;
import dev.warren.resp.session.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Stream commands (t_stream.c). Trimming options: {@link StreamTrim}. */
public final class StreamCommands {
    private StreamCommands() {
    }

    static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";

    // ---- IDs ----

    /** Parses "ms-seq" or "ms" (seq = {@code missingSeq}); null when invalid. */
    static StreamId parseId(byte[] arg, long missingSeq) {
        String s = new String(arg, StandardCharsets.US_ASCII);
        int dash = s.indexOf('-');
        try {
            if (dash < 0) {
                return new StreamId(Long.parseUnsignedLong(s), missingSeq);
            }
            return new StreamId(Long.parseUnsignedLong(s.substring(0, dash)),
                    Long.parseUnsignedLong(s.substring(dash + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static StreamId id(byte[] arg, long missingSeq) {
        StreamId id = parseId(arg, missingSeq);
        if (id == null) {
            throw new RespError(INVALID_ID);
        }
        return id;
    }

    static byte[] bytes(StreamId id) {
        return id.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static void writeEntry(RespWriter r, StreamId id, byte[][] fields) {
        r.array(2);
        r.bulk(bytes(id));
        r.array(fields.length);
        for (byte[] f : fields) {
            r.bulk(f);
        }
    }

    private static void writeEntries(RespWriter r, List<Map.Entry<StreamId, byte[][]>> entries) {
        r.array(entries.size());
        for (Map.Entry<StreamId, byte[][]> e : entries) {
            writeEntry(r, e.getKey(), e.getValue());
        }
    }

    // ---- XADD / XLEN / XDEL / XTRIM / XSETID ----

    public static void xadd(RespClient c, byte[][] argv) {
        StreamTrim trim = StreamTrim.parse(argv, 2, true);
        boolean noMkStream = trim.noMkStream;
        int i = trim.next;
        if (i >= argv.length) {
            throw Errors.syntax();
        }
        int idAt = i;
        int fieldCount = argv.length - idAt - 1;
        if (fieldCount == 0 || fieldCount % 2 != 0) {
            throw Errors.wrongArgs("xadd");
        }
        byte[] idArg = argv[idAt];
        boolean auto = idArg.length == 1 && idArg[0] == '*';
        StreamId explicit = null;
        boolean autoSeq = false;
        if (!auto) {
            String s = new String(idArg, StandardCharsets.US_ASCII);
            if (s.endsWith("-*")) {
                autoSeq = true;
                explicit = parseId(s.substring(0, s.length() - 2).getBytes(StandardCharsets.US_ASCII), 0);
            } else {
                explicit = parseId(idArg, 0);
            }
            if (explicit == null) {
                throw new RespError(INVALID_ID);
            }
            if (!autoSeq && explicit.equals(StreamId.MIN)) {
                throw new RespError("ERR The ID specified in XADD must be greater than 0-0");
            }
        }
        StreamValue s = Values.stream(c, argv[1]);
        if (s == null) {
            if (noMkStream) {
                c.propagateNothing();
                c.reply().nullBulk();
                return;
            }
            s = new StreamValue();
            StreamId newId = newId(s, auto, autoSeq, explicit, c.keyspace().now());
            c.db().insert(new Bytes(argv[1]), s);
            add(c, argv, s, newId, idAt, trim);
            return;
        }
        add(c, argv, s, newId(s, auto, autoSeq, explicit, c.keyspace().now()), idAt, trim);
    }

    private static StreamId newId(StreamValue s, boolean auto, boolean autoSeq, StreamId explicit, long now) {
        StreamId last = s.lastId;
        StreamId id;
        if (auto) {
            id = Long.compareUnsigned(now, last.ms()) > 0 ? new StreamId(now, 0) : last.next();
        } else if (autoSeq) {
            int c = Long.compareUnsigned(explicit.ms(), last.ms());
            id = c > 0 ? new StreamId(explicit.ms(), 0) : c == 0 ? last.next() : null;
            if (id != null && id.ms() != explicit.ms()) {
                id = null;
            }
        } else {
            id = explicit.compareTo(last) > 0 ? explicit : null;
        }
        if (id == null) {
            throw new RespError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        }
        return id;
    }

    private static void add(RespClient c, byte[][] argv, StreamValue s, StreamId id, int idAt, StreamTrim trim) {
        byte[][] fields = new byte[argv.length - idAt - 1][];
        System.arraycopy(argv, idAt + 1, fields, 0, fields.length);
        s.entries.put(id, fields);
        s.lastId = id;
        s.entriesAdded++;
        trim.apply(s);
        byte[][] logged = argv.clone();
        logged[idAt] = bytes(id);
        c.propagate(logged);
        c.reply().bulk(bytes(id));
    }

    public static void xlen(RespClient c, byte[][] argv) {
        StreamValue s = Values.stream(c, argv[1]);
        c.reply().integer(s == null ? 0 : s.size());
    }

    public static void xdel(RespClient c, byte[][] argv) {
        List<StreamId> ids = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            ids.add(id(argv[i], 0));
        }
        StreamValue s = Values.stream(c, argv[1]);
        long n = 0;
        if (s != null) {
            for (StreamId id : ids) {
                if (s.delete(id)) {
                    n++;
                }
            }
        }
        c.reply().integer(n);
    }

    public static void xtrim(RespClient c, byte[][] argv) {
        StreamTrim trim = StreamTrim.parse(argv, 2, false);
        StreamValue s = Values.stream(c, argv[1]);
        c.reply().integer(s == null ? 0 : trim.apply(s));
    }

    /** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]. */
    public static void xsetid(RespClient c, byte[][] argv) {
        StreamId last = id(argv[2], 0);
        long added = -1;
        StreamId maxDeleted = null;
        for (int i = 3; i < argv.length; i++) {
            if (is(argv[i], "entriesadded") && i + 1 < argv.length) {
                added = Args.toLong(argv[++i]);
                if (added < 0) {
                    throw new RespError("ERR entries_added must be positive");
                }
            } else if (is(argv[i], "maxdeletedid") && i + 1 < argv.length) {
                maxDeleted = id(argv[++i], 0);
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = Values.stream(c, argv[1]);
        if (s == null) {
            throw new RespError(Errors.NO_SUCH_KEY);
        }
        if (!s.entries.isEmpty() && last.compareTo(s.entries.lastKey()) < 0) {
            throw new RespError("ERR The ID specified in XSETID is smaller than the target stream top item");
        }
        if (added >= 0 && added < s.size()) {
            throw new RespError("ERR The entries_added specified in XSETID is smaller than the target stream length");
        }
        s.lastId = last;
        if (added >= 0) {
            s.entriesAdded = added;
        }
        if (maxDeleted != null) {
            s.maxDeletedId = maxDeleted;
        }
        c.reply().ok();
    }

    // ---- XRANGE / XREVRANGE ----

    private static StreamId rangeBound(byte[] arg, boolean start) {
        if (arg.length == 1 && arg[0] == '-') {
            return StreamId.MIN;
        }
        if (arg.length == 1 && arg[0] == '+') {
            return StreamId.MAX;
        }
        boolean exclusive = arg.length > 0 && arg[0] == '(';
        byte[] raw = exclusive ? java.util.Arrays.copyOfRange(arg, 1, arg.length) : arg;
        StreamId id = id(raw, start ? 0 : -1L);
        if (exclusive) {
            id = start ? id.next() : id.previous();
            if (id == null) {
                throw new RespError("ERR invalid start ID for the interval");
            }
        }
        return id;
    }

    public static void xrange(RespClient c, byte[][] argv) {
        range(c, argv, false);
    }

    public static void xrevrange(RespClient c, byte[][] argv) {
        range(c, argv, true);
    }

    private static void range(RespClient c, byte[][] argv, boolean rev) {
        StreamId start = rangeBound(rev ? argv[3] : argv[2], true);
        StreamId end = rangeBound(rev ? argv[2] : argv[3], false);
        long count = -1;
        if (argv.length == 6 && is(argv[4], "count")) {
            count = Args.toLong(argv[5]);
        } else if (argv.length != 4) {
            throw Errors.syntax();
        }
        StreamValue s = Values.stream(c, argv[1]);
        List<Map.Entry<StreamId, byte[][]>> out = new ArrayList<>();
        if (s != null && start.compareTo(end) <= 0 && count != 0) {
            var view = s.entries.subMap(start, true, end, true);
            for (Map.Entry<StreamId, byte[][]> e : rev ? view.descendingMap().entrySet() : view.entrySet()) {
                if (count > 0 && out.size() >= count) {
                    break;
                }
                out.add(e);
            }
        }
        writeEntries(c.reply(), out);
    }

    // ---- XREAD / XREADGROUP ----

    private record ReadArgs(long count, long block, boolean noAck, List<byte[]> keys, List<byte[]> ids,
                            byte[] group, byte[] consumer) {
    }

    private static ReadArgs parseRead(byte[][] argv, boolean groupMode) {
        long count = -1;
        long block = -1;
        boolean noAck = false;
        byte[] group = null;
        byte[] consumer = null;
        int i = 1;
        for (; i < argv.length; i++) {
            if (is(argv[i], "count") && i + 1 < argv.length) {
                count = Args.toLong(argv[++i]);
                if (count < 0) {
                    count = -1;
                }
            } else if (is(argv[i], "block") && i + 1 < argv.length) {
                Long b = Numbers.parseLongOrNull(argv[++i]);
                if (b == null) {
                    throw new RespError("ERR timeout is not an integer or out of range");
                }
                if (b < 0) {
                    throw new RespError(Errors.TIMEOUT_NEGATIVE);
                }
                block = b;
            } else if (groupMode && is(argv[i], "noack")) {
                noAck = true;
            } else if (groupMode && is(argv[i], "group") && i + 2 < argv.length) {
                group = argv[++i];
                consumer = argv[++i];
            } else if (is(argv[i], "streams")) {
                i++;
                break;
            } else {
                throw Errors.syntax();
            }
        }
        String name = groupMode ? "xreadgroup" : "xread";
        int rest = argv.length - i;
        if (rest <= 0 || rest % 2 != 0) {
            throw new RespError("ERR Unbalanced '" + name + "' list of streams: for each stream key an ID or '"
                    + (groupMode ? ">" : "$") + "' must be specified.");
        }
        if (groupMode && group == null) {
            throw new RespError("ERR Missing GROUP option for XREADGROUP");
        }
        int n = rest / 2;
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            keys.add(argv[i + k]);
            ids.add(argv[i + n + k]);
        }
        return new ReadArgs(count, block, noAck, keys, ids, group, consumer);
    }

    public static void xread(RespClient c, byte[][] argv) {
        ReadArgs a = parseRead(argv, false);
        List<StreamId> after = new ArrayList<>();
        for (int k = 0; k < a.keys().size(); k++) {
            byte[] idArg = a.ids().get(k);
            if (idArg.length == 1 && idArg[0] == '$') {
                StreamValue s = Values.stream(c, a.keys().get(k));
                after.add(s == null ? StreamId.MIN : s.lastId);
            } else {
                after.add(id(idArg, 0));
            }
        }
        RespClient.Attempt attempt = (cl, ignored) -> readStreams(cl, a, after);
        if (attempt.run(c, argv)) {
            return;
        }
        if (a.block() < 0) {
            c.reply().nullArray();
            return;
        }
        c.block(keyList(a.keys()), a.block(), argv, attempt, () -> c.reply().nullArray());
    }

    private static List<Bytes> keyList(List<byte[]> keys) {
        List<Bytes> out = new ArrayList<>();
        for (byte[] k : keys) {
            out.add(new Bytes(k));
        }
        return out;
    }

    private static boolean readStreams(RespClient c, ReadArgs a, List<StreamId> after) {
        List<byte[]> keys = new ArrayList<>();
        List<List<Map.Entry<StreamId, byte[][]>>> results = new ArrayList<>();
        for (int k = 0; k < a.keys().size(); k++) {
            StreamValue s = Values.stream(c, a.keys().get(k));
            if (s == null) {
                continue;
            }
            List<Map.Entry<StreamId, byte[][]>> got = new ArrayList<>();
            for (Map.Entry<StreamId, byte[][]> e : s.entries.tailMap(after.get(k), false).entrySet()) {
                if (a.count() > 0 && got.size() >= a.count()) {
                    break;
                }
                got.add(e);
            }
            if (!got.isEmpty()) {
                keys.add(a.keys().get(k));
                results.add(got);
            }
        }
        if (keys.isEmpty()) {
            return false;
        }
        writeKeyed(c.reply(), keys, results);
        return true;
    }

    /** RESP3: a map of key to entries; RESP2: an array of [key, entries]. */
    private static void writeKeyed(RespWriter r, List<byte[]> keys, List<List<Map.Entry<StreamId, byte[][]>>> results) {
        if (r.resp3()) {
            r.map(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                r.bulk(keys.get(i));
                writeEntries(r, results.get(i));
            }
        } else {
            r.array(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                r.array(2);
                r.bulk(keys.get(i));
                writeEntries(r, results.get(i));
            }
        }
    }

    private static RespError noGroup(byte[] key, byte[] group, String command) {
        return new RespError("NOGROUP No such key '" + Args.str(key) + "' or consumer group '" + Args.str(group)
                + "' in " + command + " with GROUP option");
    }

    public static void xreadgroup(RespClient c, byte[][] argv) {
        ReadArgs a = parseRead(argv, true);
        for (int k = 0; k < a.keys().size(); k++) {
            StreamValue s = Values.stream(c, a.keys().get(k));
            if (s == null || !s.groups.containsKey(new Bytes(a.group()))) {
                throw noGroup(a.keys().get(k), a.group(), "XREADGROUP");
            }
            byte[] idArg = a.ids().get(k);
            if (!(idArg.length == 1 && idArg[0] == '>')) {
                id(idArg, 0);
            }
        }
        RespClient.Attempt attempt = (cl, ignored) -> readGroup(cl, a);
        if (attempt.run(c, argv)) {
            return;
        }
        if (a.block() < 0) {
            c.reply().nullArray();
            return;
        }
        c.block(keyList(a.keys()), a.block(), argv, attempt, () -> c.reply().nullArray());
    }

    private static boolean readGroup(RespClient c, ReadArgs a) {
        long now = c.keyspace().now();
        Bytes groupName = new Bytes(a.group());
        Bytes consumerName = new Bytes(a.consumer());
        List<byte[]> keys = new ArrayList<>();
        List<List<Map.Entry<StreamId, byte[][]>>> results = new ArrayList<>();
        boolean anyNew = false;
        boolean history = false;
        for (int k = 0; k < a.keys().size(); k++) {
            StreamValue s = Values.stream(c, a.keys().get(k));
            Group g = s == null ? null : s.groups.get(groupName);
            if (g == null) {
                throw noGroup(a.keys().get(k), a.group(), "XREADGROUP");
            }
            StreamValue.Consumer consumer = g.consumer(consumerName, now, true);
            consumer.seenTime = now;
            byte[] idArg = a.ids().get(k);
            List<Map.Entry<StreamId, byte[][]>> got = new ArrayList<>();
            if (idArg.length == 1 && idArg[0] == '>') {
                for (Map.Entry<StreamId, byte[][]> e : s.entries.tailMap(g.lastDelivered, false).entrySet()) {
                    if (a.count() > 0 && got.size() >= a.count()) {
                        break;
                    }
                    got.add(e);
                    g.lastDelivered = e.getKey();
                    g.entriesRead++;
                    if (!a.noAck()) {
                        g.deliver(e.getKey(), consumerName, now);
                    }
                }
                if (!got.isEmpty()) {
                    consumer.activeTime = now;
                    anyNew = true;
                    keys.add(a.keys().get(k));
                    results.add(got);
                    List<byte[]> log = new ArrayList<>(List.of(Args.bytes("XREADGROUP"), Args.bytes("GROUP"),
                            a.group(), a.consumer(), Args.bytes("COUNT"), Numbers.toBytes(got.size())));
                    if (a.noAck()) {
                        log.add(Args.bytes("NOACK"));
                    }
                    log.addAll(List.of(Args.bytes("STREAMS"), a.keys().get(k), Args.bytes(">")));
                    c.propagate(log.toArray(new byte[0][]));
                }
            } else {
                history = true;
                StreamId from = id(idArg, 0);
                for (Map.Entry<StreamId, Pending> p : g.pending.tailMap(from, false).entrySet()) {
                    if (a.count() > 0 && got.size() >= a.count()) {
                        break;
                    }
                    if (!p.getValue().consumer.equals(consumerName)) {
                        continue;
                    }
                    byte[][] fields = s.entries.get(p.getKey());
                    got.add(Map.entry(p.getKey(), fields == null ? new byte[0][] : fields));
                }
                keys.add(a.keys().get(k));
                results.add(got);
            }
        }
        if (!anyNew && !history) {
            return false;
        }
        if (!anyNew) {
            c.propagateNothing();
        }
        writeKeyedNullable(c.reply(), keys, results);
        return true;
    }

    /** Like writeKeyed, but deleted entries (no fields) are written as [id, nil]. */
    private static void writeKeyedNullable(RespWriter r, List<byte[]> keys,
                                           List<List<Map.Entry<StreamId, byte[][]>>> results) {
        if (r.resp3()) {
            r.map(keys.size());
        } else {
            r.array(keys.size());
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!r.resp3()) {
                r.array(2);
            }
            r.bulk(keys.get(i));
            r.array(results.get(i).size());
            for (Map.Entry<StreamId, byte[][]> e : results.get(i)) {
                if (e.getValue().length == 0) {
                    r.array(2);
                    r.bulk(bytes(e.getKey()));
                    r.nullArray();
                } else {
                    writeEntry(r, e.getKey(), e.getValue());
                }
            }
        }
    }

    // ---- groups ----

    public static void xgroup(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        RespWriter r = c.reply();
        switch (sub) {
            case "create" -> {
                if (argv.length < 5) {
                    throw Errors.wrongArgs("xgroup|create");
                }
                boolean mkStream = false;
                long entriesRead = -1;
                for (int i = 5; i < argv.length; i++) {
                    if (is(argv[i], "mkstream")) {
                        mkStream = true;
                    } else if (is(argv[i], "entriesread") && i + 1 < argv.length) {
                        entriesRead = Args.toLong(argv[++i]);
                    } else {
                        throw Errors.syntax();
                    }
                }
                StreamValue s = Values.stream(c, argv[2]);
                boolean dollar = argv[4].length == 1 && argv[4][0] == '$';
                StreamId id = dollar ? null : id(argv[4], 0);
                if (s == null) {
                    if (!mkStream) {
                        throw new RespError("ERR The XGROUP subcommand requires the key to exist. Note that for "
                                + "CREATE you may want to use the MKSTREAM option to create an empty stream "
                                + "automatically.");
                    }
                    s = new StreamValue();
                    c.db().insert(new Bytes(argv[2]), s);
                }
                Bytes name = new Bytes(argv[3]);
                if (s.groups.containsKey(name)) {
                    throw new RespError("BUSYGROUP Consumer Group name already exists");
                }
                if (dollar) {
                    id = s.lastId;
                }
                s.createGroup(name, id, entriesRead < 0 ? (dollar ? s.entriesAdded : 0) : entriesRead);
                byte[][] logged = argv.clone();
                logged[4] = bytes(id);
                c.propagate(logged);
                r.ok();
            }
            case "setid" -> {
                if (argv.length < 5) {
                    throw Errors.wrongArgs("xgroup|setid");
                }
                Group g = group(c, argv[2], argv[3]);
                StreamValue s = Values.stream(c, argv[2]);
                StreamId id = argv[4].length == 1 && argv[4][0] == '$' ? s.lastId : id(argv[4], 0);
                g.lastDelivered = id;
                if (argv.length == 7 && is(argv[5], "entriesread")) {
                    g.entriesRead = Args.toLong(argv[6]);
                } else if (argv.length != 5) {
                    throw Errors.syntax();
                }
                byte[][] logged = argv.clone();
                logged[4] = bytes(id);
                c.propagate(logged);
                r.ok();
            }
            case "destroy" -> {
                if (argv.length != 4) {
                    throw Errors.wrongArgs("xgroup|destroy");
                }
                StreamValue s = Values.stream(c, argv[2]);
                if (s == null) {
                    throw new RespError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE "
                            + "you may want to use the MKSTREAM option to create an empty stream automatically.");
                }
                r.integer(s.groups.remove(new Bytes(argv[3])) != null ? 1 : 0);
            }
            case "createconsumer" -> {
                if (argv.length != 5) {
                    throw Errors.wrongArgs("xgroup|createconsumer");
                }
                Group g = group(c, argv[2], argv[3]);
                Bytes name = new Bytes(argv[4]);
                boolean created = !g.consumers.containsKey(name);
                g.consumer(name, c.keyspace().now(), true);
                r.integer(created ? 1 : 0);
            }
            case "delconsumer" -> {
                if (argv.length != 5) {
                    throw Errors.wrongArgs("xgroup|delconsumer");
                }
                Group g = group(c, argv[2], argv[3]);
                Bytes name = new Bytes(argv[4]);
                long pending = g.pendingOf(name);
                g.pending.values().removeIf(p -> p.consumer.equals(name));
                g.consumers.remove(name);
                r.integer(pending);
            }
            default -> throw Errors.unknownSubcommand(Args.str(argv[1]), "XGROUP");
        }
    }

    private static Group group(RespClient c, byte[] key, byte[] groupName) {
        StreamValue s = Values.stream(c, key);
        if (s == null) {
            throw new RespError("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may "
                    + "want to use the MKSTREAM option to create an empty stream automatically.");
        }
        Group g = s.groups.get(new Bytes(groupName));
        if (g == null) {
            throw new RespError("NOGROUP No such consumer group '" + Args.str(groupName) + "' for key name '"
                    + Args.str(key) + "'");
        }
        return g;
    }

    private static Group existingGroup(RespClient c, byte[] key, byte[] groupName) {
        StreamValue s = Values.stream(c, key);
        Group g = s == null ? null : s.groups.get(new Bytes(groupName));
        if (g == null) {
            throw new RespError("NOGROUP No such key '" + Args.str(key) + "' or consumer group '"
                    + Args.str(groupName) + "'");
        }
        return g;
    }

    public static void xack(RespClient c, byte[][] argv) {
        List<StreamId> ids = new ArrayList<>();
        for (int i = 3; i < argv.length; i++) {
            ids.add(id(argv[i], 0));
        }
        StreamValue s = Values.stream(c, argv[1]);
        Group g = s == null ? null : s.groups.get(new Bytes(argv[2]));
        long n = 0;
        if (g != null) {
            for (StreamId id : ids) {
                if (g.pending.remove(id) != null) {
                    n++;
                }
            }
        }
        c.reply().integer(n);
    }

    public static void xpending(RespClient c, byte[][] argv) {
        Group g = existingGroup(c, argv[1], argv[2]);
        RespWriter r = c.reply();
        long now = c.keyspace().now();
        if (argv.length == 3) {
            if (g.pending.isEmpty()) {
                r.array(4);
                r.integer(0);
                r.nullBulk();
                r.nullBulk();
                r.nullArray();
                return;
            }
            java.util.LinkedHashMap<Bytes, Long> perConsumer = new java.util.LinkedHashMap<>();
            for (Pending p : g.pending.values()) {
                perConsumer.merge(p.consumer, 1L, Long::sum);
            }
            r.array(4);
            r.integer(g.pending.size());
            r.bulk(bytes(g.pending.firstKey()));
            r.bulk(bytes(g.pending.lastKey()));
            r.array(perConsumer.size());
            for (Map.Entry<Bytes, Long> e : perConsumer.entrySet()) {
                r.array(2);
                r.bulk(e.getKey().bytes);
                r.bulk(Long.toString(e.getValue()));
            }
            return;
        }
        int i = 3;
        long minIdle = 0;
        if (is(argv[i], "idle") && i + 1 < argv.length) {
            minIdle = Args.toLong(argv[i + 1]);
            i += 2;
        }
        if (argv.length - i < 3 || argv.length - i > 4) {
            throw Errors.syntax();
        }
        StreamId start = rangeBound(argv[i], true);
        StreamId end = rangeBound(argv[i + 1], false);
        long count = Args.toLong(argv[i + 2]);
        Bytes consumer = argv.length - i == 4 ? new Bytes(argv[i + 3]) : null;
        List<Map.Entry<StreamId, Pending>> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (Map.Entry<StreamId, Pending> e : g.pending.subMap(start, true, end, true).entrySet()) {
                if (count >= 0 && out.size() >= count) {
                    break;
                }
                Pending p = e.getValue();
                if ((consumer == null || p.consumer.equals(consumer)) && now - p.deliveryTime >= minIdle) {
                    out.add(e);
                }
            }
        }
        r.array(out.size());
        for (Map.Entry<StreamId, Pending> e : out) {
            r.array(4);
            r.bulk(bytes(e.getKey()));
            r.bulk(e.getValue().consumer.bytes);
            r.integer(Math.max(0, now - e.getValue().deliveryTime));
            r.integer(e.getValue().deliveryCount);
        }
    }

    /** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]. */
    public static void xclaim(RespClient c, byte[][] argv) {
        Group g = existingGroup(c, argv[1], argv[2]);
        StreamValue s = Values.stream(c, argv[1]);
        Bytes consumer = new Bytes(argv[3]);
        long minIdle = Args.toLong(argv[4]);
        long now = c.keyspace().now();
        List<StreamId> ids = new ArrayList<>();
        int i = 5;
        for (; i < argv.length; i++) {
            StreamId id = parseId(argv[i], 0);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long deliveryTime = now;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        for (; i < argv.length; i++) {
            boolean more = i + 1 < argv.length;
            if (is(argv[i], "idle") && more) {
                deliveryTime = now - Args.toLong(argv[++i]);
            } else if (is(argv[i], "time") && more) {
                deliveryTime = Args.toLong(argv[++i]);
            } else if (is(argv[i], "retrycount") && more) {
                retryCount = Args.toLong(argv[++i]);
            } else if (is(argv[i], "force")) {
                force = true;
            } else if (is(argv[i], "justid")) {
                justId = true;
            } else if (is(argv[i], "lastid") && more) {
                StreamId last = id(argv[++i], 0);
                if (last.compareTo(g.lastDelivered) > 0) {
                    g.lastDelivered = last;
                }
            } else {
                throw new RespError("ERR Unrecognized XCLAIM option '" + Args.str(argv[i]) + "'");
            }
        }
        List<StreamId> claimed = new ArrayList<>();
        for (StreamId id : ids) {
            Pending p = g.pending.get(id);
            boolean exists = s.entries.containsKey(id);
            if (p == null) {
                if (!force || !exists) {
                    continue;
                }
                g.deliver(id, consumer, deliveryTime);
                p = g.pending.get(id);
                p.deliveryCount = 0;
            } else if (!exists) {
                g.pending.remove(id);
                continue;
            }
            if (now - p.deliveryTime < minIdle) {
                continue;
            }
            p.consumer = consumer;
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                p.deliveryCount = retryCount;
            } else if (!justId) {
                p.deliveryCount++;
            }
            claimed.add(id);
        }
        StreamValue.Consumer con = g.consumer(consumer, now, true);
        con.seenTime = now;
        if (!claimed.isEmpty()) {
            con.activeTime = now;
        }
        propagateClaims(c, argv, claimed, deliveryTime);
        RespWriter r = c.reply();
        r.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                r.bulk(bytes(id));
            } else {
                writeEntry(r, id, s.entries.get(id));
            }
        }
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]. */
    public static void xautoclaim(RespClient c, byte[][] argv) {
        Group g = existingGroup(c, argv[1], argv[2]);
        StreamValue s = Values.stream(c, argv[1]);
        Bytes consumer = new Bytes(argv[3]);
        long minIdle = Args.toLong(argv[4]);
        StreamId start = rangeBound(argv[5], true);
        long count = 100;
        boolean justId = false;
        for (int i = 6; i < argv.length; i++) {
            if (is(argv[i], "count") && i + 1 < argv.length) {
                count = Args.toLong(argv[++i]);
                if (count < 1) {
                    throw new RespError("ERR COUNT must be > 0");
                }
            } else if (is(argv[i], "justid")) {
                justId = true;
            } else {
                throw Errors.syntax();
            }
        }
        long now = c.keyspace().now();
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId next = StreamId.MIN;
        long scanned = 0;
        var it = g.pending.tailMap(start, true).entrySet().iterator();
        while (it.hasNext()) {
            if (scanned >= count) {
                next = it.next().getKey();
                break;
            }
            Map.Entry<StreamId, Pending> e = it.next();
            scanned++;
            if (!s.entries.containsKey(e.getKey())) {
                deleted.add(e.getKey());
                it.remove();
                continue;
            }
            Pending p = e.getValue();
            if (now - p.deliveryTime < minIdle) {
                continue;
            }
            p.consumer = consumer;
            p.deliveryTime = now;
            if (!justId) {
                p.deliveryCount++;
            }
            claimed.add(e.getKey());
        }
        StreamValue.Consumer con = g.consumer(consumer, now, true);
        con.seenTime = now;
        propagateClaims(c, argv, claimed, now);
        RespWriter r = c.reply();
        r.array(3);
        r.bulk(bytes(next));
        r.array(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                r.bulk(bytes(id));
            } else {
                writeEntry(r, id, s.entries.get(id));
            }
        }
        r.array(deleted.size());
        for (StreamId id : deleted) {
            r.bulk(bytes(id));
        }
    }

    /** Claims depend on the clock (min-idle), so they are logged as explicit forced claims. */
    private static void propagateClaims(RespClient c, byte[][] argv, List<StreamId> claimed, long time) {
        if (claimed.isEmpty()) {
            c.propagateNothing();
            return;
        }
        List<byte[]> log = new ArrayList<>(List.of(Args.bytes("XCLAIM"), argv[1], argv[2], argv[3], Args.bytes("0")));
        for (StreamId id : claimed) {
            log.add(bytes(id));
        }
        log.addAll(List.of(Args.bytes("TIME"), Numbers.toBytes(time), Args.bytes("JUSTID")));
        c.propagate(log.toArray(new byte[0][]));
    }

    // ---- XINFO ----

    public static void xinfo(RespClient c, byte[][] argv) {
        String sub = Args.lower(argv[1]);
        RespWriter r = c.reply();
        long now = c.keyspace().now();
        switch (sub) {
            case "stream" -> {
                if (argv.length < 3) {
                    throw Errors.wrongArgs("xinfo|stream");
                }
                boolean full = argv.length > 3;
                long count = 10;
                if (full) {
                    if (!is(argv[3], "full") || (argv.length != 4 && (argv.length != 6 || !is(argv[4], "count")))) {
                        throw new RespError("ERR unknown subcommand or wrong number of arguments for 'stream'. "
                                + "Try XINFO HELP.");
                    }
                    if (argv.length == 6) {
                        count = Args.toLong(argv[5]);
                        if (count < 0) {
                            count = 10;
                        }
                    }
                }
                StreamValue s = Values.stream(c, argv[2]);
                if (s == null) {
                    throw new RespError(Errors.NO_SUCH_KEY);
                }
                r.map(full ? 9 : 10);
                r.bulk("length");
                r.integer(s.size());
                r.bulk("radix-tree-keys");
                r.integer(Math.max(1, s.size() / 100));
                r.bulk("radix-tree-nodes");
                r.integer(Math.max(2, s.size() / 50));
                r.bulk("last-generated-id");
                r.bulk(bytes(s.lastId));
                r.bulk("max-deleted-entry-id");
                r.bulk(bytes(s.maxDeletedId));
                r.bulk("entries-added");
                r.integer(s.entriesAdded);
                r.bulk("recorded-first-entry-id");
                r.bulk(bytes(s.entries.isEmpty() ? StreamId.MIN : s.entries.firstKey()));
                if (full) {
                    XinfoStreamFull.write(r, s, count);
                    return;
                }
                r.bulk("groups");
                r.integer(s.groups.size());
                r.bulk("first-entry");
                if (s.entries.isEmpty()) {
                    r.nullBulk();
                } else {
                    writeEntry(r, s.entries.firstKey(), s.entries.firstEntry().getValue());
                }
                r.bulk("last-entry");
                if (s.entries.isEmpty()) {
                    r.nullBulk();
                } else {
                    writeEntry(r, s.entries.lastKey(), s.entries.lastEntry().getValue());
                }
            }
            case "groups" -> {
                if (argv.length != 3) {
                    throw Errors.wrongArgs("xinfo|groups");
                }
                StreamValue s = Values.stream(c, argv[2]);
                if (s == null) {
                    throw new RespError(Errors.NO_SUCH_KEY);
                }
                r.array(s.groups.size());
                for (Group g : s.groups.values()) {
                    r.map(6);
                    r.bulk("name");
                    r.bulk(g.name.bytes);
                    r.bulk("consumers");
                    r.integer(g.consumers.size());
                    r.bulk("pending");
                    r.integer(g.pending.size());
                    r.bulk("last-delivered-id");
                    r.bulk(bytes(g.lastDelivered));
                    r.bulk("entries-read");
                    r.integer(g.entriesRead);
                    r.bulk("lag");
                    r.integer(Math.max(0, s.entriesAdded - g.entriesRead));
                }
            }
            case "consumers" -> {
                if (argv.length != 4) {
                    throw Errors.wrongArgs("xinfo|consumers");
                }
                Group g = existingGroup(c, argv[2], argv[3]);
                r.array(g.consumers.size());
                for (StreamValue.Consumer con : g.consumers.values()) {
                    r.map(4);
                    r.bulk("name");
                    r.bulk(con.name.bytes);
                    r.bulk("pending");
                    r.integer(g.pendingOf(con.name));
                    r.bulk("idle");
                    r.integer(Math.max(0, now - con.seenTime));
                    r.bulk("inactive");
                    r.integer(con.activeTime < 0 ? -1 : Math.max(0, now - con.activeTime));
                }
            }
            case "help" -> {
                r.array(1);
                r.simple("XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are: CONSUMERS, GROUPS, STREAM, HELP");
            }
            default -> throw Errors.unknownSubcommand(Args.str(argv[1]), "XINFO");
        }
    }
}
