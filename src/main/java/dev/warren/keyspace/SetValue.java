package dev.warren.keyspace;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of members: the members in a dense array (so a random member, for SPOP and SRANDMEMBER, is O(1)),
 * indexed by an open-addressing table with linear probing over parallel arrays (the member's hash, its
 * bytes, its position in the dense array), at most two thirds full; removal shifts the following table
 * entries back (no tombstones). Membership reads the slot's hash and bytes reference, then the member's
 * bytes: two rounds of cache misses where a {@code HashMap<Bytes, Integer>} has four (table, node, key
 * object, key bytes), and an add allocates no node nor {@code Integer}. Removal moves the last member into
 * the hole; iteration runs from the end, so removing through the iterator is safe.
 */
public final class SetValue extends AbstractSet<Bytes> {
    private static final int MIN_TABLE = 8;

    private int[] hashes = new int[MIN_TABLE];
    private byte[][] keys = new byte[MIN_TABLE][];
    private int[] positions = new int[MIN_TABLE];
    private final LinearProbing.Mover movePosition = (from, to) -> positions[to] = positions[from];
    private Bytes[] members = new Bytes[8];
    private int size;

    @Override
    public int size() {
        return size;
    }

    static int hash(Bytes b) {
        return LinearProbing.hash(b);
    }

    /** The table slot of the member, or -1. */
    private int find(Bytes b) {
        return LinearProbing.find(keys, hashes, b.bytes, hash(b));
    }

    /** Reads the member's table slot and bytes (a prefetch; see {@link Database#prefetch}). */
    int prefetch(byte[] m) {
        int i = LinearProbing.hash(m) & (keys.length - 1);
        byte[] k = keys[i];
        return hashes[i] + (k == null ? 0 : k.length);
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof Bytes b && find(b) >= 0;
    }

    /** Whether the member is in the set (no {@link Bytes} made for the lookup). */
    public boolean containsMember(byte[] m) {
        return LinearProbing.find(keys, hashes, m, LinearProbing.hash(m)) >= 0;
    }

    /** Adds a member given as bytes, making its {@link Bytes} only when it is new (SADD). */
    public boolean addMember(byte[] m) {
        return add(m, LinearProbing.hash(m), null);
    }

    @Override
    public boolean add(Bytes b) {
        return add(b.bytes, hash(b), b);
    }

    private boolean add(byte[] m, int h, Bytes boxed) {
        byte[][] keys = this.keys;
        int[] hashes = this.hashes;
        int mask = keys.length - 1;
        int i = h & mask;
        for (; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (hashes[i] == h && (k == m || Arrays.equals(k, m))) {
                return false;
            }
        }
        if ((size + 1) * 3 > keys.length * 2) {
            resize(keys.length * 2);
            mask = this.keys.length - 1;
            i = h & mask;
            while (this.keys[i] != null) {
                i = (i + 1) & mask;
            }
        }
        this.keys[i] = m;
        this.hashes[i] = h;
        positions[i] = size;
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        members[size++] = boxed != null ? boxed : new Bytes(m);
        return true;
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        int[] oldPositions = positions;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        positions = new int[capacity];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = LinearProbing.freeSlot(keys, oldHashes[j]);
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                positions[i] = oldPositions[j];
            }
        }
    }

    @Override
    public boolean remove(Object o) {
        if (!(o instanceof Bytes b)) {
            return false;
        }
        int slot = find(b);
        if (slot < 0) {
            return false;
        }
        int at = positions[slot];
        removeSlot(slot);
        removeAt(at);
        return true;
    }

    /** Removes a table slot, moving later entries of its probe run back. */
    private void removeSlot(int slot) {
        LinearProbing.remove(keys, hashes, slot, movePosition);
    }

    /** Removes the member at a dense position (already out of the table), moving the last one there. */
    private void removeAt(int at) {
        Bytes last = members[--size];
        members[size] = null;
        if (at != size) {
            members[at] = last;
            positions[find(last)] = at;
        }
        if (keys.length > MIN_TABLE && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
    }

    /** The number of table slots (tests). */
    int tableCapacity() {
        return keys.length;
    }

    @Override
    public void clear() {
        hashes = new int[MIN_TABLE];
        keys = new byte[MIN_TABLE][];
        positions = new int[MIN_TABLE];
        members = new Bytes[8];
        size = 0;
    }

    /** A uniformly random member, or null when empty. */
    public Bytes random() {
        return size == 0 ? null : members[ThreadLocalRandom.current().nextInt(size)];
    }

    @Override
    public Iterator<Bytes> iterator() {
        return new Iterator<>() {
            private int next = size - 1;
            private int current = -1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Bytes next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                current = next--;
                return members[current];
            }

            @Override
            public void remove() {
                if (current < 0) {
                    throw new IllegalStateException();
                }
                removeSlot(find(members[current]));
                removeAt(current);
                current = -1;
            }
        };
    }

    public List<Bytes> toList() {
        return new ArrayList<>(Arrays.asList(members).subList(0, size));
    }

    public String encoding() {
        boolean allInts = size <= 512;
        for (int i = 0; i < size && allInts; i++) {
            allInts = Numbers.parseLongOrNull(members[i].bytes) != null;
        }
        if (allInts) {
            return "intset";
        }
        if (size <= 128) {
            for (int i = 0; i < size; i++) {
                if (members[i].bytes.length > 64) {
                    return "hashtable";
                }
            }
            return "listpack";
        }
        return "hashtable";
    }
}
