package dev.warren.store;

/** A set of longs with open addressing: 8 bytes a slot instead of a boxed Long per element. */
final class LongHashSet {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] slots = newSlots(16);
    private int size;

    private static long[] newSlots(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, EMPTY);
        return a;
    }

    void add(long v) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (insert(slots, v)) {
            size++;
        }
    }

    boolean contains(long v) {
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == EMPTY) {
                return false;
            }
            if (slots[i] == v) {
                return true;
            }
        }
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] table, long v) {
        int mask = table.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            if (table[i] == EMPTY) {
                table[i] = v;
                return true;
            }
            if (table[i] == v) {
                return false;
            }
        }
    }

    private void grow() {
        long[] bigger = newSlots(slots.length * 2);
        for (long v : slots) {
            if (v != EMPTY) {
                insert(bigger, v);
            }
        }
        slots = bigger;
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
