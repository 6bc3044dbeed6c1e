package dev.warren.broker;

import java.util.concurrent.atomic.LongAdder;

/**
 * Message counters of one virtual host, as RabbitMQ's message_stats count them: publishes received by
 * channels, deliveries to consumers, basic.get hand-outs, redeliveries and acknowledgements. Counted
 * with {@link LongAdder}s on the connections' event loops: no lock and no allocation per message.
 */
public final class MessageStats {
    public final LongAdder published = new LongAdder();
    public final LongAdder delivered = new LongAdder();
    public final LongAdder gets = new LongAdder();
    public final LongAdder redelivered = new LongAdder();
    public final LongAdder acked = new LongAdder();
    public final LongAdder unroutable = new LongAdder();
}
