package dev.warren.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A binary-safe key or member usable in hash maps: compares by content, orders as unsigned bytes. */
public final class Bytes implements Comparable<Bytes> {
    public final byte[] bytes;
    private int hash;

    public Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes of(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = hashCodeOf(bytes);
            hash = h;
        }
        return h;
    }

    /** What {@link #hashCode} of a {@code Bytes} holding these bytes returns (never 0: 0 means "not yet"). */
    static int hashCodeOf(byte[] b) {
        int h = hash(b);
        return h == 0 ? 1 : h;
    }

    /** {@link Arrays#hashCode(byte[])}'s value, four bytes per step (a shorter dependency chain). */
    static int hash(byte[] b) {
        int h = 1;
        int i = 0;
        int n = b.length;
        for (; i + 3 < n; i += 4) {
            h = 923521 * h + 29791 * b[i] + 961 * b[i + 1] + 31 * b[i + 2] + b[i + 3];
        }
        for (; i < n; i++) {
            h = 31 * h + b[i];
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
