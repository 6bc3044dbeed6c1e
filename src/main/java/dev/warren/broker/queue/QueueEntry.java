package dev.warren.broker.queue;

import dev.warren.broker.Message;

/** A message's place in one queue: its sequence number there and whether it was delivered before. */
public final class QueueEntry {
    private final Message message;
    private final long sequence;
    private volatile boolean redelivered;

    QueueEntry(Message message, long sequence) {
        this.message = message;
        this.sequence = sequence;
    }

    public Message message() {
        return message;
    }

    public long sequence() {
        return sequence;
    }

    public boolean redelivered() {
        return redelivered;
    }

    void markRedelivered() {
        redelivered = true;
    }
}
