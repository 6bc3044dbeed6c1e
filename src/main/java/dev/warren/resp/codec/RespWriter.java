package dev.warren.resp.codec;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes replies in RESP2 or RESP3 into a {@link ByteBuf}. RESP3-only types degrade as Redis does in
 * RESP2: maps become flat arrays, sets arrays, doubles bulk strings, booleans integers, null becomes
 * {@code $-1} or {@code *-1}, push messages arrays. The target buffer can be swapped ({@link #target}),
 * so one writer per client serves its connection and, when needed, a detached buffer.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SMALL_INTS = new byte[256][];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = (":" + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private ByteBuf buf;
    private int protocol = 2;

    public RespWriter(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf target() {
        return buf;
    }

    public void target(ByteBuf buf) {
        this.buf = buf;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    public void ok() {
        buf.writeBytes(OK);
    }

    public void simple(String s) {
        buf.writeByte('+');
        buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.writeBytes(CRLF);
    }

    /** An error reply; {@code message} starts with its code, e.g. "ERR syntax error". */
    public void error(String message) {
        buf.writeByte('-');
        buf.writeCharSequence(message, StandardCharsets.UTF_8);
        buf.writeBytes(CRLF);
    }

    public void integer(long v) {
        if (v >= 0 && v < SMALL_INTS.length) {
            buf.writeBytes(SMALL_INTS[(int) v]);
            return;
        }
        buf.writeByte(':');
        writeLong(v);
        buf.writeBytes(CRLF);
    }

    public void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
            return;
        }
        buf.writeByte('$');
        writeLong(value.length);
        buf.writeBytes(CRLF);
        buf.writeBytes(value);
        buf.writeBytes(CRLF);
    }

    public void bulk(String value) {
        bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A number as a bulk string (e.g. INCRBYFLOAT results). */
    public void bulk(long value) {
        bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    public void nullBulk() {
        buf.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
    }

    public void nullArray() {
        buf.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    public void array(int n) {
        header('*', n);
    }

    /** A map of {@code n} pairs: RESP3 map, RESP2 flat array of 2n elements. */
    public void map(int n) {
        if (protocol == 3) {
            header('%', n);
        } else {
            header('*', 2 * n);
        }
    }

    public void set(int n) {
        header(protocol == 3 ? '~' : '*', n);
    }

    public void push(int n) {
        header(protocol == 3 ? '>' : '*', n);
    }

    public void bool(boolean v) {
        if (protocol == 3) {
            buf.writeBytes(v ? "#t\r\n".getBytes(StandardCharsets.US_ASCII) : "#f\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            integer(v ? 1 : 0);
        }
    }

    /** A double: RESP3 {@code ,1.5}, RESP2 bulk string "1.5". */
    public void doubleValue(double v) {
        String s = formatDouble(v);
        if (protocol == 3) {
            buf.writeByte(',');
            buf.writeCharSequence(s, StandardCharsets.US_ASCII);
            buf.writeBytes(CRLF);
        } else {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Writes raw, already encoded bytes. */
    public void raw(byte[] encoded) {
        buf.writeBytes(encoded);
    }

    private void header(char type, int n) {
        buf.writeByte(type);
        writeLong(n);
        buf.writeBytes(CRLF);
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            buf.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (v < 0) {
            buf.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            buf.writeByte((int) ('0' + v));
            return;
        }
        int digits = 1;
        for (long t = v / 10; t > 0; t /= 10) {
            digits++;
        }
        int at = buf.writerIndex();
        buf.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf.setByte(at + i, (int) ('0' + v % 10));
            v /= 10;
        }
        buf.writerIndex(at + digits);
    }

    /** Formats a double the way Redis prints scores: "1", "1.5", "inf", "-inf", "nan". */
    public static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e17) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        if (s.indexOf('E') < 0) {
            return s;
        }
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }
}
