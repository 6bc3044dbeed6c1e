package dev.warren.store;

import dev.warren.broker.Message;

/**
 * The broker's view of which persistent messages are still held, for compaction: every (queue,
 * message) pair with the store position the holder knows, and every queue's delivered mark.
 */
public interface LiveMessages {
    /** Receives one held message; {@code message} is null when it is not in memory. */
    @FunctionalInterface
    interface Visitor {
        void visit(String vhost, String queue, long msgId, long segment, long offset, Message message);
    }

    /** Receives one durable queue's delivered mark. */
    @FunctionalInterface
    interface MarkVisitor {
        void visit(String vhost, String queue, long deliveredUpTo);
    }

    void forEach(Visitor visitor);

    void forEachDeliveredMark(MarkVisitor visitor);
}
