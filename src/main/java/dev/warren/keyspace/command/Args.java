package dev.warren.keyspace.command;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Numbers;
import java.nio.charset.StandardCharsets;

/** Argument parsing helpers that fail with Redis's error texts. */
public final class Args {
    private Args() {
    }

    public static long toLong(byte[] arg) {
        Long v = Numbers.parseLongOrNull(arg);
        if (v == null) {
            throw new RespError(Errors.NOT_INTEGER);
        }
        return v;
    }

    public static int toInt(byte[] arg) {
        long v = toLong(arg);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new RespError(Errors.NOT_INTEGER);
        }
        return (int) v;
    }

    /** A non-negative long, else "value is out of range, must be positive". */
    public static long toPositiveLong(byte[] arg) {
        long v = toLong(arg);
        if (v < 0) {
            throw new RespError(Errors.MUST_BE_POSITIVE);
        }
        return v;
    }

    public static double toDouble(byte[] arg) {
        Double v = Numbers.parseDoubleOrNull(arg);
        if (v == null) {
            throw new RespError(Errors.NOT_FLOAT);
        }
        return v;
    }

    public static boolean is(byte[] arg, String word) {
        int n = word.length();
        if (arg.length != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static String str(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    public static String lower(byte[] arg) {
        return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase();
    }

    public static Bytes key(byte[] arg) {
        return new Bytes(arg);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Timeout in seconds (float) for blocking commands, as milliseconds; 0 = forever. */
    public static long timeoutMillis(byte[] arg) {
        Double d = Numbers.parseDoubleOrNull(arg);
        if (d == null || d.isInfinite()) {
            throw new RespError(Errors.TIMEOUT_NOT_FLOAT);
        }
        if (d < 0) {
            throw new RespError(Errors.TIMEOUT_NEGATIVE);
        }
        return (long) Math.ceil(d * 1000);
    }
}
