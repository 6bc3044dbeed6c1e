package dev.warren.broker.queue;

/**
 * A consistent snapshot of one queue's depth and counters, read under the queue's lock.
 *
 * @param ready messages waiting for a consumer
 * @param unacked messages delivered and not yet acknowledged
 * @param bytes body and property bytes of the ready and unacknowledged messages
 * @param published messages enqueued since the queue was created
 * @param delivered messages handed to consumers (basic.deliver)
 * @param gets messages handed out by basic.get
 * @param redelivered deliveries and gets of messages that had been delivered before
 * @param acked messages acknowledged (or rejected without requeue)
 */
public record QueueStats(int ready, int unacked, int consumers, long bytes, long published, long delivered,
                         long gets, long redelivered, long acked) {
}
