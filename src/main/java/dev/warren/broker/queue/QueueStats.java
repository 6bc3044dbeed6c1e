package dev.warren.broker.queue;

import dev.warren.broker.MessageCounts;

/**
 * A consistent snapshot of one queue's depth and counters, read under the queue's lock.
 *
 * @param ready messages waiting for a consumer
 * @param unacked messages delivered and not yet acknowledged
 * @param bytes body and property bytes of the ready and unacknowledged messages
 * @param counts messages enqueued since the queue was created, handed out (delivered or fetched, each in either
 *               acknowledgement mode), empty basic.gets, redeliveries and acknowledgements (or rejections
 *               without requeue)
 */
public record QueueStats(int ready, int unacked, int consumers, long bytes, MessageCounts counts) {

    /** Messages enqueued since the queue was created. */
    public long published() {
        return counts.publish();
    }
}
