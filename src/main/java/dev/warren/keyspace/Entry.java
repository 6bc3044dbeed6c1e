package dev.warren.keyspace;

/**
 * One key of a {@link Database}: its value (a {@code byte[]} string or one of the collection value
 * types), its expiry time in epoch milliseconds (0 = none) and its positions in the database's dense
 * arrays (which give O(1) random keys, expiry sampling and a SCAN cursor).
 */
public final class Entry {
    public final Bytes key;
    public Object value;
    long expireAt;
    int slot = -1;
    int volatileSlot = -1;
    /** Estimated bytes ({@link MemoryEstimate}), as last accounted in the database. */
    long size;
    /** The collection whose elements were last sampled by {@link MemoryEstimate}, its size then, the average. */
    Object sampledValue;
    int sampledSize;
    long sampledAverage;
    /** Last access, epoch milliseconds (approximate LRU). */
    long lastAccess;

    Entry(Bytes key, Object value) {
        this.key = key;
        this.value = value;
    }

    public long expireAt() {
        return expireAt;
    }

    public long lastAccess() {
        return lastAccess;
    }

    public ValueType type() {
        return ValueType.of(value);
    }
}
