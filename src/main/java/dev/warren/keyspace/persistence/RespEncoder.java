package dev.warren.keyspace.persistence;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that encodes commands in RESP ({@code *N\r\n$len\r\narg\r\n...}) directly into
 * its array: the lengths are written as digits, no String per argument, and one capacity check per
 * command. Its array can be written out without a copy ({@link #array()}, {@link #size()}) and the
 * buffer reused ({@link #reset()}).
 */
public final class RespEncoder extends ByteArrayOutputStream {
    public RespEncoder(int capacity) {
        super(capacity);
    }

    /** Appends one command. */
    public void command(byte[]... argv) {
        int need = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) {
            need += 1 + digits(a.length) + 2 + a.length + 2;
        }
        int at = count;
        if (at + need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, at + need));
        }
        byte[] b = buf;
        b[at++] = '*';
        at = putInt(b, at, argv.length);
        b[at++] = '\r';
        b[at++] = '\n';
        for (byte[] a : argv) {
            b[at++] = '$';
            at = putInt(b, at, a.length);
            b[at++] = '\r';
            b[at++] = '\n';
            System.arraycopy(a, 0, b, at, a.length);
            at += a.length;
            b[at++] = '\r';
            b[at++] = '\n';
        }
        count = at;
    }

    /** The internal array; bytes 0 to {@link #size()} are the content. */
    public byte[] array() {
        return buf;
    }

    /** The size of the internal array. */
    public int capacity() {
        return buf.length;
    }

    /** The RESP encoding of one command. */
    public static byte[] encode(byte[]... argv) {
        int need = 1 + digits(argv.length) + 2;
        for (byte[] a : argv) {
            need += 1 + digits(a.length) + 2 + a.length + 2;
        }
        RespEncoder e = new RespEncoder(need);
        e.command(argv);
        return e.buf;
    }

    static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Writes a non-negative int as decimal digits at {@code at}; returns the index after them. */
    private static int putInt(byte[] b, int at, int v) {
        int end = at + digits(v);
        int i = end;
        do {
            b[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        return end;
    }
}
