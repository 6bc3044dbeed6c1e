package dev.warren.broker.queue;

import dev.warren.broker.Message;

/** Receives one persistent message a queue holds: where the store keeps it, and the message if in memory. */
@FunctionalInterface
public interface StoredEntryVisitor {
    void visit(long msgId, long segment, long offset, Message messageOrNull);
}
