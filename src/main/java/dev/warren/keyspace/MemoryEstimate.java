package dev.warren.keyspace;

import java.util.Iterator;
import java.util.Map;

/**
 * An approximate memory size of a key and its value, for maxmemory and INFO used_memory. Collections
 * are estimated from their size and up to eight sampled elements, so the estimate is O(1).
 */
public final class MemoryEstimate {
    private static final int SAMPLES = 8;
    /**
     * Bytes per sorted set element besides the member's own bytes: its score and member reference in a
     * {@link ScoreTree} leaf (12, leaves about three quarters full), its slot in {@link MemberScores}
     * (hash, reference, score: 16, tables one third to two thirds full) and the member array's header.
     */
    static final long SORTED_SET_ELEMENT = 60;

    private MemoryEstimate() {
    }

    public static long of(Entry e) {
        Object v = e.value;
        if (v instanceof byte[] b) {
            return 64 + e.key.bytes.length + 16 + b.length;
        }
        // collections: the sampled average element size is kept until the size changes by an eighth
        // (or the value is replaced), so a write to a big collection does not sample it every time
        int n = v instanceof HashValue h ? h.size() : v instanceof SetValue s ? s.size()
                : v instanceof SortedSetValue z ? z.size() : -1;
        if (n < 0) {
            return 64 + e.key.bytes.length + value(v);
        }
        if (e.sampledValue != v || n > e.sampledSize + (e.sampledSize >> 3) || n < e.sampledSize - (e.sampledSize >> 3)) {
            e.sampledValue = v;
            e.sampledSize = n;
            e.sampledAverage = v instanceof HashValue h ? average(h.entrySet().iterator(), n)
                    : v instanceof SetValue s ? average(s.iterator(), n)
                    : average(((SortedSetValue) v).members().iterator(), n);
        }
        long perElement = v instanceof HashValue ? 64 : v instanceof SetValue ? 48 : SORTED_SET_ELEMENT;
        long base = v instanceof SortedSetValue ? 64 : 48;
        return 64 + e.key.bytes.length + base + n * (perElement + e.sampledAverage);
    }

    static long value(Object v) {
        if (v instanceof byte[] b) {
            return 16 + b.length;
        }
        if (v instanceof ListValue l) {
            int n = l.size();
            if (n == 0) {
                return 32;
            }
            long sampled = 0;
            int k = Math.min(n, SAMPLES);
            for (int i = 0; i < k; i++) {
                sampled += l.get((int) ((long) i * n / k)).length;
            }
            return 32 + n * (24 + sampled / k);
        }
        if (v instanceof HashValue h) {
            return 48 + h.size() * (64 + average(h.entrySet().iterator(), h.size()));
        }
        if (v instanceof SetValue s) {
            return 48 + s.size() * (48 + average(s.iterator(), s.size()));
        }
        if (v instanceof SortedSetValue z) {
            return 64 + z.size() * (SORTED_SET_ELEMENT + average(z.members().iterator(), z.size()));
        }
        if (v instanceof StreamValue st) {
            return 128 + st.size() * 96L;
        }
        return 64;
    }

    private static long average(Iterator<?> it, int n) {
        if (n == 0) {
            return 0;
        }
        long sum = 0;
        int k = 0;
        while (it.hasNext() && k < SAMPLES) {
            Object o = it.next();
            if (o instanceof Bytes b) {
                sum += b.bytes.length;
            } else if (o instanceof Map.Entry<?, ?> e) {
                sum += ((Bytes) e.getKey()).bytes.length + ((byte[]) e.getValue()).length;
            }
            k++;
        }
        return sum / k;
    }
}
