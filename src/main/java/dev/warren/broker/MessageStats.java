package dev.warren.broker;

import java.util.concurrent.atomic.LongAdder;

/**
 * Message counters of one virtual host, as RabbitMQ's message_stats and its Prometheus channel metrics
 * count them: publishes received by channels, deliveries to consumers and basic.get hand-outs (each split
 * by acknowledgement mode), empty basic.gets, redeliveries, acknowledgements, unroutable messages (dropped
 * or returned) and publisher confirms. Counted with {@link LongAdder}s on the connections' event loops:
 * no lock and no allocation per message; each event increments exactly one of the split counters.
 */
public final class MessageStats {
    public final LongAdder published = new LongAdder();
    /** basic.deliver to consumers that acknowledge (manual ack). */
    public final LongAdder deliveredAck = new LongAdder();
    /** basic.deliver to consumers in automatic acknowledgement mode (no_ack). */
    public final LongAdder deliveredNoAck = new LongAdder();
    /** basic.get-ok in manual acknowledgement mode. */
    public final LongAdder getsAck = new LongAdder();
    /** basic.get-ok in automatic acknowledgement mode (no_ack). */
    public final LongAdder getsNoAck = new LongAdder();
    /** basic.get answered with get-empty. */
    public final LongAdder getsEmpty = new LongAdder();
    public final LongAdder redelivered = new LongAdder();
    public final LongAdder acked = new LongAdder();
    /** Unroutable messages dropped (published without the mandatory flag). */
    public final LongAdder unroutable = new LongAdder();
    /** Unroutable messages returned to their publisher with basic.return (mandatory). */
    public final LongAdder returned = new LongAdder();
    /** Publishes confirmed to the publisher with basic.ack (confirm mode). */
    public final LongAdder confirmed = new LongAdder();

    /** These counters now, as RabbitMQ's message_stats split them. */
    public MessageCounts counts() {
        return new MessageCounts(published.sum(), confirmed.sum(), returned.sum(), unroutable.sum(), deliveredAck.sum(),
                deliveredNoAck.sum(), getsAck.sum(), getsNoAck.sum(), getsEmpty.sum(), redelivered.sum(), acked.sum());
    }

    /** Adds every counter of {@code other} to this one (a deleted virtual host's totals are kept so). */
    public void add(MessageStats other) {
        published.add(other.published.sum());
        deliveredAck.add(other.deliveredAck.sum());
        deliveredNoAck.add(other.deliveredNoAck.sum());
        getsAck.add(other.getsAck.sum());
        getsNoAck.add(other.getsNoAck.sum());
        getsEmpty.add(other.getsEmpty.sum());
        redelivered.add(other.redelivered.sum());
        acked.add(other.acked.sum());
        unroutable.add(other.unroutable.sum());
        returned.add(other.returned.sum());
        confirmed.add(other.confirmed.sum());
    }
}
