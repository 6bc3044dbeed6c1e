package dev.warren.amqp.session;

import dev.warren.broker.queue.Consumer;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueEntry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A basic.consume subscription: the queue-facing side of a consumer on a channel. Credit follows
 * RabbitMQ's qos: a per-consumer prefetch limit, plus the channel-wide one when qos was global.
 */
final class ChannelConsumer implements Consumer {
    private final AmqpChannel channel;
    private final Queue queue;
    private final String tag;
    private final byte[] tagBytes;
    private final boolean noAck;
    private final boolean exclusive;
    private final int prefetch;
    private final int priority;
    private final AtomicInteger inFlight = new AtomicInteger();

    ChannelConsumer(AmqpChannel channel, Queue queue, String tag, boolean noAck, int prefetch, int priority,
                    boolean exclusive) {
        this.exclusive = exclusive;
        this.priority = priority;
        this.channel = channel;
        this.tagBytes = tag.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.queue = queue;
        this.tag = tag;
        this.noAck = noAck;
        this.prefetch = prefetch;
    }

    Queue queue() {
        return queue;
    }

    boolean exclusive() {
        return exclusive;
    }

    int prefetch() {
        return prefetch;
    }

    /** The consumer tag in UTF-8, as written in every basic.deliver. */
    byte[] tagBytes() {
        return tagBytes;
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public void cancelReservation() {
        if (!noAck) {
            inFlight.decrementAndGet();
            channel.releaseChannelCredit();
        }
    }

    @Override
    public boolean noAck() {
        return noAck;
    }

    @Override
    public boolean tryReserve() {
        if (!channel.acceptsDeliveries()) {
            return false;
        }
        if (noAck) {
            return true;
        }
        if (!takeCredit(inFlight, prefetch)) {
            return false;
        }
        if (!channel.takeChannelCredit()) {
            inFlight.decrementAndGet();
            return false;
        }
        return true;
    }

    static boolean takeCredit(AtomicInteger counter, int limit) {
        if (limit <= 0) {
            counter.incrementAndGet();
            return true;
        }
        while (true) {
            int n = counter.get();
            if (n >= limit) {
                return false;
            }
            if (counter.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back credit for deliveries that were settled (acked, rejected, requeued). */
    void release(int n) {
        inFlight.addAndGet(-n);
    }

    @Override
    public void deliver(Queue q, QueueEntry entry) {
        channel.connection().submitDelivery(channel, this, q, entry);
    }

    @Override
    public void cancelledByBroker(Queue q) {
        channel.connection().execute(() -> channel.consumerCancelledByBroker(this));
    }
}
