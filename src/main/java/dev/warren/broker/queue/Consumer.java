package dev.warren.broker.queue;

/**
 * A subscriber to a queue, as the queue sees it. The queue calls these methods while holding its lock,
 * so implementations must be quick, must not block and must not call back into the queue.
 */
public interface Consumer {
    String tag();

    /** True when deliveries count as acknowledged the moment they are sent. */
    boolean noAck();

    /** Takes one delivery credit (prefetch, flow, back-pressure); false when none is left. */
    boolean tryReserve();

    /** Hands over one entry; for ack-mode consumers the queue now counts it as unacknowledged. */
    void deliver(Queue queue, QueueEntry entry);

    /** The queue went away (deleted) while this consumer was attached. */
    void cancelledByBroker(Queue queue);
}
