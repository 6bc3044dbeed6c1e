package dev.warren.broker.queue;

import dev.warren.broker.Message;
import java.util.List;

/**
 * What a durable queue tells the message store about its persistent entries. Called under the
 * queue's lock; implementations only buffer records and must not block on I/O.
 */
public interface QueueJournal {
    /** Entries left the queue for good (acked, purged, dropped); with {@code record} an ACK is logged. */
    void removed(Queue queue, List<QueueEntry> entries, boolean record);

    /** The queue was deleted: none of its messages may come back. */
    void queueDeleted(Queue queue);

    /** Reads a paged-out message back from the store. */
    Message load(long storeId, long segment, long offset);

    /** Messages of the queue with ids up to {@code uptoMsgId} may have been delivered. */
    void delivered(Queue queue, long uptoMsgId);
}
