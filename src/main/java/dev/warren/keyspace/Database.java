package dev.warren.keyspace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One of the numbered databases (SELECT n): keys to {@link Entry}s, with expiry. The keys are an
 * open-addressing table with linear probing over three parallel arrays (the key's hash, the key's bytes,
 * the entry), at most half full; removal shifts the following entries of the probe run back (no
 * tombstones). A lookup reads the slot's hash and key (same index, so their cache misses overlap), then
 * the key's bytes and the entry (again independent): two rounds of cache misses plus the value, where a
 * {@code HashMap<Bytes, Entry>} has a chain of five (table, node, key object, key bytes, entry).
 *
 * <p>Besides the table, every entry sits in a dense array (and, when it has a TTL, in a second one), so a
 * random key, a random expiring key and a SCAN position are O(1) and independent of the table's layout
 * and resizes. Removal moves the last entry into the hole; SCAN walks the array from the top down, so an
 * entry present for a whole scan only ever moves towards unvisited positions and is returned at least
 * once.
 *
 * <p>Not thread-safe: used under the {@link Keyspace} lock. Expired keys are removed lazily on access and
 * by {@link #expireSample}.
 */
public final class Database {
    public final int index;
    private final Keyspace keyspace;
    private int[] hashes = new int[MIN_TABLE];
    private byte[][] keys = new byte[MIN_TABLE][];
    private Entry[] entries = new Entry[MIN_TABLE];
    private final LinearProbing.Mover moveEntry = (from, to) -> entries[to] = entries[from];
    private Entry[] dense = new Entry[16];
    private int size;
    private Entry[] volatiles = new Entry[16];
    private int volatileSize;
    private final HashMap<Bytes, List<KeyListener>> watchers = new HashMap<>();
    private final HashMap<Bytes, ArrayDeque<BlockedWaiter>> blocked = new HashMap<>();
    private long usedBytes;

    private static final int MIN_TABLE = 16;

    Database(Keyspace keyspace, int index) {
        this.keyspace = keyspace;
        this.index = index;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** The live entry for the key, or null; an expired entry is deleted on the way. */
    public Entry lookup(Bytes key) {
        Entry e = find(key);
        if (e != null && e.expireAt != 0 && e.expireAt <= keyspace.now()) {
            remove(e);
            keyspace.expiredKeys++;
            touch(key);
            return null;
        }
        if (e != null) {
            e.lastAccess = keyspace.now();
        }
        return e;
    }

    /** The entry as stored (even if expired), without side effects. */
    public Entry peek(Bytes key) {
        return find(key);
    }

    /** The table's hash of a key: its {@link Bytes#hashCode} spread over the low bits. */
    static int hash(Bytes key) {
        return LinearProbing.hash(key);
    }

    private Entry find(Bytes key) {
        int slot = LinearProbing.find(keys, hashes, key.bytes, hash(key));
        return slot < 0 ? null : entries[slot];
    }

    private static final int PREFETCH_MAX = 64;
    private final Entry[] prefetchEntries = new Entry[PREFETCH_MAX];
    private final byte[][] prefetchKeys = new byte[PREFETCH_MAX][];
    private final Object[] prefetchValues = new Object[PREFETCH_MAX];
    /** Keeps the JIT from dropping the prefetching loads. */
    @SuppressWarnings("unused")
    private int prefetchSink;

    /**
     * Reads, without changing anything, what the requests of a pipelined batch ({@code byte[][]}s from
     * {@code batch.get(from)} on, key in argument 1) will look up: first every key's table slot, then
     * every entry and key, then every value (and, in a set, the member's slot): each stage's loads are
     * independent of each other, so their cache misses overlap, and the requests then find their data
     * in cache. A request whose argument 1 is not a key only costs a useless lookup.
     */
    public void prefetch(java.util.List<Object> batch, int from) {
        int n = Math.min(batch.size() - from, PREFETCH_MAX);
        byte[][] keys = this.keys;
        int[] hashes = this.hashes;
        Entry[] entries = this.entries;
        Entry[] pe = prefetchEntries;
        byte[][] pk = prefetchKeys;
        Object[] pv = prefetchValues;
        int mask = keys.length - 1;
        int sink = 0;
        for (int j = 0; j < n; j++) {
            byte[][] argv = (byte[][]) batch.get(from + j);
            if (argv.length >= 2) {
                int i = LinearProbing.hash(argv[1]) & mask;
                sink += hashes[i];
                pk[j] = keys[i];
                pe[j] = entries[i];
            }
        }
        for (int j = 0; j < n; j++) {
            Entry e = pe[j];
            if (e != null) {
                pv[j] = e.value;
                pe[j] = null;
            }
            byte[] k = pk[j];
            if (k != null) {
                sink += k.length;
                pk[j] = null;
            }
        }
        for (int j = 0; j < n; j++) {
            Object v = pv[j];
            if (v != null) {
                pv[j] = null;
                if (v instanceof byte[] b) {
                    sink += b.length;
                } else if (v instanceof SetValue s) {
                    byte[][] argv = (byte[][]) batch.get(from + j);
                    if (argv.length >= 3) {
                        sink += s.prefetch(argv[2]);
                    }
                }
            }
        }
        prefetchSink = sink;
    }

    /** The table slot holding the key, or -1. */
    private int slotOf(Bytes key) {
        int h = hash(key);
        byte[] kb = key.bytes;
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == h && (k == kb || Arrays.equals(k, kb))) {
                return i;
            }
        }
    }

    /** Puts an entry whose key is absent into the table. */
    private void tablePut(Entry e) {
        if ((size + 1) * 2 > keys.length) {
            resize(keys.length * 2);
        }
        int h = hash(e.key);
        int i = LinearProbing.freeSlot(keys, h);
        keys[i] = e.key.bytes;
        hashes[i] = h;
        entries[i] = e;
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        Entry[] oldEntries = entries;
        keys = new byte[capacity][];
        hashes = new int[capacity];
        entries = new Entry[capacity];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = LinearProbing.freeSlot(keys, oldHashes[j]);
                keys[i] = oldKeys[j];
                hashes[i] = oldHashes[j];
                entries[i] = oldEntries[j];
            }
        }
    }

    /** Removes the table slot, moving later entries of its probe run back; shrinks a mostly empty table. */
    private void tableRemove(int slot) {
        int i = LinearProbing.remove(keys, hashes, slot, moveEntry);
        entries[i] = null;
        // size is already decremented by the caller
        if (keys.length > MIN_TABLE && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
    }

    /** The number of table slots (tests). */
    int tableCapacity() {
        return keys.length;
    }

    public Entry lookup(byte[] key) {
        return lookup(new Bytes(key));
    }

    /** The value or null. */
    public Object get(byte[] key) {
        Entry e = lookup(new Bytes(key));
        return e == null ? null : e.value;
    }

    /** Sets the value of a key, dropping any TTL (SET semantics). Returns the entry. */
    public Entry set(Bytes key, Object value) {
        Entry e = lookup(key);
        if (e == null) {
            return insert(key, value);
        }
        e.value = value;
        if (e.expireAt != 0) {
            persist(e);
        }
        return e;
    }

    /** Adds a key known to be absent (after a lookup returned null). */
    public Entry insert(Bytes key, Object value) {
        Entry e = new Entry(key, value);
        e.lastAccess = keyspace.now();
        e.size = MemoryEstimate.of(e);
        usedBytes += e.size;
        tablePut(e);
        if (size == dense.length) {
            dense = Arrays.copyOf(dense, size * 2);
        }
        e.slot = size;
        dense[size++] = e;
        return e;
    }

    public boolean delete(Bytes key) {
        Entry e = lookup(key);
        if (e == null) {
            return false;
        }
        remove(e);
        return true;
    }

    public void remove(Entry e) {
        int t = slotOf(e.key);
        if (t < 0) {
            throw new IllegalStateException("entry not in its database");
        }
        usedBytes -= e.size;
        int s = e.slot;
        Entry last = dense[--size];
        dense[s] = last;
        last.slot = s;
        dense[size] = null;
        tableRemove(t);
        if (e.expireAt != 0) {
            removeVolatile(e);
        }
        e.slot = -1;
    }

    public void expireAt(Entry e, long whenMillis) {
        if (e.expireAt == 0) {
            if (volatileSize == volatiles.length) {
                volatiles = Arrays.copyOf(volatiles, volatileSize * 2);
            }
            e.volatileSlot = volatileSize;
            volatiles[volatileSize++] = e;
        }
        e.expireAt = whenMillis;
    }

    /** Removes the TTL; returns whether there was one. */
    public boolean persist(Entry e) {
        if (e.expireAt == 0) {
            return false;
        }
        removeVolatile(e);
        e.expireAt = 0;
        return true;
    }

    private void removeVolatile(Entry e) {
        int s = e.volatileSlot;
        Entry last = volatiles[--volatileSize];
        volatiles[s] = last;
        last.volatileSlot = s;
        volatiles[volatileSize] = null;
        e.volatileSlot = -1;
    }

    public int size() {
        return size;
    }

    public int volatileSize() {
        return volatileSize;
    }

    /** Removes every key. */
    public void clear() {
        for (Bytes k : watchers.keySet().toArray(new Bytes[0])) {
            touch(k);
        }
        hashes = new int[MIN_TABLE];
        keys = new byte[MIN_TABLE][];
        entries = new Entry[MIN_TABLE];
        dense = new Entry[16];
        volatiles = new Entry[16];
        size = 0;
        volatileSize = 0;
        usedBytes = 0;
    }

    /** Estimated bytes used by this database's keys and values. */
    public long usedBytes() {
        return usedBytes;
    }

    /** The entry with the oldest access among {@code samples} random ones (volatile keys only if asked). */
    public Entry sampleOldest(int samples, boolean volatileOnly) {
        Entry best = null;
        for (int i = 0; i < samples; i++) {
            Entry e = sample(volatileOnly);
            if (e != null && (best == null || e.lastAccess < best.lastAccess)) {
                best = e;
            }
        }
        return best;
    }

    /** The entry expiring soonest among {@code samples} random volatile ones. */
    public Entry sampleSoonestExpiry(int samples) {
        Entry best = null;
        for (int i = 0; i < samples; i++) {
            Entry e = sample(true);
            if (e != null && (best == null || e.expireAt < best.expireAt)) {
                best = e;
            }
        }
        return best;
    }

    /** A random entry (expired or not), or null when there is none. */
    public Entry sample(boolean volatileOnly) {
        if (volatileOnly) {
            return volatileSize == 0 ? null : volatiles[ThreadLocalRandom.current().nextInt(volatileSize)];
        }
        return size == 0 ? null : dense[ThreadLocalRandom.current().nextInt(size)];
    }

    /** A random live key, or null when empty. */
    public Entry randomEntry() {
        for (int tries = 0; size > 0 && tries < 100; tries++) {
            Entry e = dense[ThreadLocalRandom.current().nextInt(size)];
            if (lookup(e.key) != null) {
                return e;
            }
        }
        return size == 0 ? null : dense[ThreadLocalRandom.current().nextInt(size)];
    }

    /**
     * Active expiry: checks up to {@code samples} random keys with a TTL and deletes the expired ones.
     * Returns how many were deleted.
     */
    public int expireSample(int samples, long now) {
        int expired = 0;
        for (int i = 0; i < samples && volatileSize > 0; i++) {
            Entry e = volatiles[ThreadLocalRandom.current().nextInt(volatileSize)];
            if (e.expireAt <= now) {
                remove(e);
                touch(e.key);
                expired++;
            }
        }
        keyspace.expiredKeys += expired;
        return expired;
    }

    /**
     * One SCAN step: visits up to {@code count} slots below {@code cursor} (0 = start), returns the next
     * cursor (0 = done).
     */
    public long scan(long cursor, int count, Consumer<Entry> visitor) {
        long from = cursor == 0 ? size : Math.min(cursor, size);
        long to = Math.max(0, from - count);
        List<Entry> seen = new ArrayList<>(count);
        for (long i = from - 1; i >= to; i--) {
            seen.add(dense[(int) i]);
        }
        for (Entry e : seen) {
            if (e.slot >= 0 && (e.expireAt == 0 || e.expireAt > keyspace.now())) {
                visitor.accept(e);
            }
        }
        return to;
    }

    /** Every live entry (a snapshot; KEYS, FLUSH, persistence). */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(size);
        long now = keyspace.now();
        for (int i = 0; i < size; i++) {
            Entry e = dense[i];
            if (e.expireAt == 0 || e.expireAt > now) {
                all.add(e);
            }
        }
        return all;
    }

    // --- WATCH ---

    public void watch(Bytes key, KeyListener listener) {
        watchers.computeIfAbsent(key, k -> new ArrayList<>(2)).add(listener);
    }

    public void unwatch(Bytes key, KeyListener listener) {
        List<KeyListener> l = watchers.get(key);
        if (l != null) {
            l.remove(listener);
            if (l.isEmpty()) {
                watchers.remove(key);
            }
        }
    }

    /** Signals that a key changed: watchers are told; clients blocked on it get a chance to be served. */
    public void touch(Bytes key) {
        Entry e = find(key);
        if (e != null) {
            long size = MemoryEstimate.of(e);
            usedBytes += size - e.size;
            e.size = size;
        }
        if (!watchers.isEmpty()) {
            List<KeyListener> l = watchers.get(key);
            if (l != null) {
                for (KeyListener k : l) {
                    k.keyModified();
                }
            }
        }
        if (!blocked.isEmpty() && blocked.containsKey(key)) {
            keyspace.markReady(this, key);
        }
    }

    /** Touches every watched key (FLUSHDB, SWAPDB). */
    public void touchAllWatched() {
        for (Bytes k : new ArrayList<>(watchers.keySet())) {
            touch(k);
        }
        for (Bytes k : new ArrayList<>(blocked.keySet())) {
            keyspace.markReady(this, k);
        }
    }

    // --- blocking ---

    public void block(Bytes key, BlockedWaiter waiter) {
        blocked.computeIfAbsent(key, k -> new ArrayDeque<>()).add(waiter);
    }

    public void unblock(Bytes key, BlockedWaiter waiter) {
        ArrayDeque<BlockedWaiter> q = blocked.get(key);
        if (q != null) {
            q.remove(waiter);
            if (q.isEmpty()) {
                blocked.remove(key);
            }
        }
    }

    /** Serves waiters on the key in FIFO order while they can be served. */
    void serveBlocked(Bytes key) {
        ArrayDeque<BlockedWaiter> q = blocked.get(key);
        while (q != null && !q.isEmpty()) {
            BlockedWaiter w = q.peekFirst();
            if (!w.tryServe()) {
                return;
            }
            // a served waiter unblocks itself from all its keys, which removes it from q
            if (q.peekFirst() == w) {
                q.pollFirst();
            }
            q = blocked.get(key);
        }
    }

    /** Moves all keys of this database into {@code other} and vice versa (SWAPDB). */
    void swapContents(Database other) {
        int[] h = hashes;
        byte[][] k = keys;
        Entry[] t = entries;
        Entry[] d = dense;
        int s = size;
        Entry[] v = volatiles;
        int vs = volatileSize;
        long used = usedBytes;
        hashes = other.hashes;
        keys = other.keys;
        entries = other.entries;
        dense = other.dense;
        size = other.size;
        volatiles = other.volatiles;
        volatileSize = other.volatileSize;
        usedBytes = other.usedBytes;
        other.hashes = h;
        other.keys = k;
        other.entries = t;
        other.dense = d;
        other.size = s;
        other.volatiles = v;
        other.volatileSize = vs;
        other.usedBytes = used;
    }
}
