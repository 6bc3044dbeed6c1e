package dev.warren.keyspace.command;

import static dev.warren.keyspace.command.Args.is;

import dev.warren.keyspace.StreamId;
import dev.warren.keyspace.StreamValue;

/**
 * The trimming options of XADD and XTRIM, {@code MAXLEN|MINID [=|~] threshold [LIMIT count]} (and XADD's
 * NOMKSTREAM), parsed with Redis 7's rules and error texts. Warren trims exactly even with {@code ~}
 * (Redis only drops whole radix-tree nodes there, so it may keep more): what {@code ~} changes is that
 * LIMIT is allowed and at most LIMIT entries (10000 when LIMIT is not given, 0 = no limit) are deleted.
 */
final class StreamTrim {
    /** Redis's default LIMIT for "~": 100 * stream-node-max-entries. */
    static final long DEFAULT_APPROX_LIMIT = 10_000;

    boolean maxLen;
    boolean minIdGiven;
    long count;
    StreamId minId;
    boolean approx;
    long limit;
    boolean noMkStream;
    /** The index after the options (XADD: the ID). */
    int next;

    boolean present() {
        return maxLen || minIdGiven;
    }

    /** Parses the options from argv[from]; XADD stops at the first argument that is not an option. */
    static StreamTrim parse(byte[][] argv, int from, boolean xadd) {
        StreamTrim t = new StreamTrim();
        boolean limitGiven = false;
        int i = from;
        for (; i < argv.length; i++) {
            int more = argv.length - 1 - i;
            byte[] opt = argv[i];
            if (more >= 1 && (is(opt, "maxlen") || is(opt, "minid"))) {
                if (t.present()) {
                    throw new RespError("ERR syntax error, MAXLEN and MINID options at the same time are not "
                            + "compatible");
                }
                t.approx = false;
                byte[] nextArg = argv[i + 1];
                if (more >= 2 && nextArg.length == 1 && (nextArg[0] == '~' || nextArg[0] == '=')) {
                    t.approx = nextArg[0] == '~';
                    i++;
                }
                if (is(opt, "maxlen")) {
                    t.count = Args.toLong(argv[i + 1]);
                    if (t.count < 0) {
                        throw new RespError("ERR The MAXLEN argument must be >= 0.");
                    }
                    t.maxLen = true;
                } else {
                    t.minId = StreamCommands.id(argv[i + 1], 0);
                    t.minIdGiven = true;
                }
                i++;
            } else if (more >= 1 && is(opt, "limit")) {
                t.limit = Args.toLong(argv[i + 1]);
                if (t.limit < 0) {
                    throw new RespError("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && is(opt, "nomkstream")) {
                t.noMkStream = true;
            } else if (xadd) {
                break;
            } else {
                throw Errors.syntax();
            }
        }
        t.next = i;
        if (t.limit != 0 && !t.present()) {
            throw new RespError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && !t.present()) {
            throw new RespError("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven) {
            if (!t.approx) {
                throw new RespError("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else {
            t.limit = t.approx ? DEFAULT_APPROX_LIMIT : 0;
        }
        return t;
    }

    /** Trims the stream; returns how many entries were deleted. */
    long apply(StreamValue s) {
        if (maxLen) {
            return s.trimMaxLen(count, limit);
        }
        if (minIdGiven) {
            return s.trimMinId(minId, limit);
        }
        return 0;
    }
}
