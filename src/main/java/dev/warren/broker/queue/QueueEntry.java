package dev.warren.broker.queue;

import dev.warren.broker.Message;

/**
 * A message's place in one queue: its sequence number there, whether it was delivered before, and,
 * for a persistent message in a durable queue, where the store keeps it (store id 0 = not stored).
 */
public final class QueueEntry {
    private final Message message;
    private final long sequence;
    private final long storeId;
    private final long segment;
    private final long offset;
    private final long expiresAt;
    private volatile boolean redelivered;

    QueueEntry(Message message, long sequence, long storeId, long segment, long offset) {
        this(message, sequence, storeId, segment, offset, 0);
    }

    /** @param expiresAt epoch ms after which the message is dead, 0 for never */
    QueueEntry(Message message, long sequence, long storeId, long segment, long offset, long expiresAt) {
        this.expiresAt = expiresAt;
        this.message = message;
        this.sequence = sequence;
        this.storeId = storeId;
        this.segment = segment;
        this.offset = offset;
    }

    public Message message() {
        return message;
    }

    public long sequence() {
        return sequence;
    }

    /** The message store's id for this message, or 0 when it is not persisted. */
    public long storeId() {
        return storeId;
    }

    /** The store segment holding this message (meaningful only when {@link #storeId()} is not 0). */
    public long segment() {
        return segment;
    }

    /** The offset of the message's record in its segment. */
    public long offset() {
        return offset;
    }

    /** Epoch ms at which the message expires, 0 when it does not. */
    public long expiresAt() {
        return expiresAt;
    }

    public boolean redelivered() {
        return redelivered;
    }

    void markRedelivered() {
        redelivered = true;
    }
}
