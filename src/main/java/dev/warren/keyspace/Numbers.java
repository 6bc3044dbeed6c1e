package dev.warren.keyspace;

import java.nio.charset.StandardCharsets;

/** Strict number parsing as Redis does it (string2ll, strtod): no spaces, no leading '+', no overflow. */
public final class Numbers {
    private Numbers() {
    }

    /** A long, or null when the bytes are not exactly a canonical 64-bit integer. */
    public static Long parseLongOrNull(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 20) {
            return null;
        }
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        if (b[i] == '0' && n > i + 1) {
            return null;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (n > 18 && v < (Long.MIN_VALUE + d) / 10) { // 18 digits cannot overflow
                return null;
            }
            v = v * 10 - d;
        }
        if (!neg) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            v = -v;
        } else if (v == 0) {
            return null; // "-0"
        }
        return v;
    }

    /** A double as Redis's strtod accepts it (also inf, -inf, +inf), or null; NaN is rejected. */
    public static Double parseDoubleOrNull(byte[] b) {
        if (b.length == 0 || b.length > 300) {
            return null;
        }
        String s = new String(b, StandardCharsets.US_ASCII);
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
            return null;
        }
        String lower = s.toLowerCase();
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity": return Double.NEGATIVE_INFINITY;
            default:
        }
        if (lower.contains("n") || last == 'd' || last == 'f' || last == 'D' || last == 'F' || lower.startsWith("0x")
                || lower.startsWith("-0x") || lower.startsWith("+0x")) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static byte[] toBytes(long v) {
        if (v == Long.MIN_VALUE) {
            return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        }
        boolean neg = v < 0;
        long u = neg ? -v : v;
        int digits = 1;
        for (long t = u / 10; t > 0; t /= 10) {
            digits++;
        }
        byte[] b = new byte[digits + (neg ? 1 : 0)];
        int i = b.length;
        do {
            b[--i] = (byte) ('0' + u % 10);
            u /= 10;
        } while (u > 0);
        if (neg) {
            b[0] = '-';
        }
        return b;
    }
}
