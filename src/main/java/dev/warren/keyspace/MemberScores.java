package dev.warren.keyspace;


/**
 * A sorted set's member-to-score map: open addressing with linear probing over three parallel arrays
 * (member bytes, their hash, the score), at most two thirds full; removal shifts the following entries
 * back (no tombstones). A lookup reads the hash and member slots of the probe (adjacent in their arrays)
 * and then the member's bytes: two dependent cache misses where a {@code HashMap<Bytes, ...>} has four
 * (table, node, key object, key bytes) plus the value. Not thread-safe.
 */
final class MemberScores {
    private byte[][] keys;
    private int[] hashes;
    private double[] scores;
    private final LinearProbing.Mover moveScore = (from, to) -> scores[to] = scores[from];
    private int mask;
    private int size;

    MemberScores() {
        this(8);
    }

    /** Room for {@code expected} members without growing. */
    MemberScores(int expected) {
        int cap = 8;
        while (cap * 2 < expected * 3) {
            cap <<= 1;
        }
        keys = new byte[cap][];
        hashes = new int[cap];
        scores = new double[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    /** The slot of the member, or -1. */
    int find(byte[] m) {
        return find(m, LinearProbing.hash(m));
    }

    int find(byte[] m, int h) {
        return LinearProbing.find(keys, hashes, m, h);
    }

    byte[] key(int slot) {
        return keys[slot];
    }

    double score(int slot) {
        return scores[slot];
    }

    void score(int slot, double s) {
        scores[slot] = s;
    }

    /** Adds a member known to be absent (the array is kept, not copied). */
    void add(byte[] m, int h, double s) {
        if ((size + 1) * 3 > keys.length * 2) {
            grow();
        }
        int i = h & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = m;
        hashes[i] = h;
        scores[i] = s;
        size++;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        double[] oldScores = scores;
        int cap = oldKeys.length * 2;
        keys = new byte[cap][];
        hashes = new int[cap];
        scores = new double[cap];
        mask = cap - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = LinearProbing.freeSlot(keys, oldHashes[j]);
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                scores[i] = oldScores[j];
            }
        }
    }

    /** Removes the entry at {@code slot}, moving later entries of its probe run back. */
    void removeAt(int slot) {
        LinearProbing.remove(keys, hashes, slot, moveScore);
        size--;
    }

    /** The number of slots; {@link #key} is null for the empty ones (iteration, random picks). */
    int capacity() {
        return keys.length;
    }
}
