package dev.warren.keyspace;

import java.util.Arrays;

/**
 * The keyspace's open-addressing tables with linear probing and backward-shift deletion (a database's
 * keys, a set's members, a sorted set's member scores). Each keeps its keys and their hashes in
 * parallel arrays whose length is a power of two, at most half full, and what goes with a key in arrays
 * of its own, which a {@link Mover} moves.
 */
final class LinearProbing {
    /** Moves what goes with the key at {@code from} (besides the key and its hash) to {@code to}. */
    interface Mover {
        void move(int from, int to);
    }

    private LinearProbing() {
    }

    /** A key's hash in a table: its {@link Bytes#hashCode} spread over the low bits. */
    static int hash(Bytes key) {
        return spread(key.hashCode());
    }

    /** The table hash of a key's bytes, the same as {@link #hash(Bytes)} of a {@link Bytes} holding them. */
    static int hash(byte[] key) {
        return spread(Bytes.hashCodeOf(key));
    }

    private static int spread(int hashCode) {
        int h = hashCode * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The slot holding {@code key} (whose table hash is {@code h}), or -1. */
    static int find(byte[][] keys, int[] hashes, byte[] key, int h) {
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && (k == key || Arrays.equals(k, key))) {
                return i;
            }
        }
    }

    /** The slot a key of this hash takes in a table being filled: its home slot or the first free one after it. */
    static int freeSlot(byte[][] keys, int hash) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Empties {@code slot}, moving later entries of its probe run back so that every key stays reachable
     * from its home slot. Returns the slot that ends up empty: its key is null, and the caller clears
     * whatever else it keeps there.
     */
    static int remove(byte[][] keys, int[] hashes, int slot, Mover others) {
        int mask = keys.length - 1;
        int i = slot;
        int j = slot;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == null) {
                break;
            }
            int home = hashes[j] & mask;
            // the entry at j may move to i unless its home lies cyclically in (i, j]
            boolean stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!stays) {
                keys[i] = keys[j];
                hashes[i] = hashes[j];
                others.move(j, i);
                i = j;
            }
        }
        keys[i] = null;
        return i;
    }
}
