package dev.warren.store;

/**
 * Where a persistent message was written: its store-wide id, its segment and offset there, and the
 * log position a publisher confirm must wait for (the message is safe once the store's durable
 * position reaches it).
 */
public record StoredRef(long msgId, long segment, long offset, long lsn) {
}
