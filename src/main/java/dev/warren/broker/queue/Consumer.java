package dev.warren.broker.queue;

/**
 * A subscriber to a queue, as the queue sees it. The queue calls these methods while holding its lock,
 * so implementations must be quick, must not block and must not call back into the queue.
 */
public interface Consumer {
    String tag();

    /** The consumer priority ({@code x-priority}); higher is served first. */
    default int priority() {
        return 0;
    }

    /** True when deliveries count as acknowledged the moment they are sent. */
    boolean noAck();

    /** Takes one delivery credit (prefetch, flow, back-pressure); false when none is left. */
    boolean tryReserve();

    /** Gives back a credit taken by {@link #tryReserve()} that was not used after all. */
    default void cancelReservation() {
    }

    /** Hands over one entry; for ack-mode consumers the queue now counts it as unacknowledged. */
    void deliver(Queue queue, QueueEntry entry);

    /** The queue went away (deleted) while this consumer was attached. */
    void cancelledByBroker(Queue queue);
}
