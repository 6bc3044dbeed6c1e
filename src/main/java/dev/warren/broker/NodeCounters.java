package dev.warren.broker;

import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide lifecycle counters, as RabbitMQ's Prometheus endpoint reports them: connections and channels
 * opened and closed, queues declared, created and deleted. Incremented at those (rare) events only, never
 * per message. They belong to the broker, so deleting a virtual host does not make them go back.
 */
public final class NodeCounters {
    public final LongAdder connectionsOpened = new LongAdder();
    public final LongAdder connectionsClosed = new LongAdder();
    public final LongAdder channelsOpened = new LongAdder();
    public final LongAdder channelsClosed = new LongAdder();
    /** queue.declare (not passive) and queue PUTs that succeeded, whether or not the queue existed. */
    public final LongAdder queuesDeclared = new LongAdder();
    public final LongAdder queuesCreated = new LongAdder();
    public final LongAdder queuesDeleted = new LongAdder();
    /** Messages that had been enqueued into queues since deleted (so the node's total never shrinks). */
    public final LongAdder deletedQueuesPublished = new LongAdder();
    /** The message counters of virtual hosts since deleted. */
    public final MessageStats deletedVirtualHosts = new MessageStats();
}
