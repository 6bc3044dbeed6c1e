package dev.warren.keyspace;

/**
 * Told, under the keyspace lock, before a write command changes a value in place, while a background
 * snapshot still has to write that value as it was when the snapshot was taken.
 */
@FunctionalInterface
public interface CopyOnWrite {
    void beforeChange(Object value);
}
