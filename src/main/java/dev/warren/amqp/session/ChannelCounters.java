package dev.warren.amqp.session;

import dev.warren.broker.MessageCounts;
import dev.warren.broker.MessageStats;

/**
 * One channel's message counters (for management and per-object metrics), kept in plain fields: they are
 * written and read on the connection's event loop only. Each event is also counted in the virtual host's
 * {@link MessageStats}, which outlive the channel.
 */
final class ChannelCounters {
    private long published;
    private long confirmed;
    private long returned;
    private long dropped;
    private long deliveredAck;
    private long deliveredNoAck;
    private long getsAck;
    private long getsNoAck;
    private long getsEmpty;
    private long redelivered;
    private long acked;

    /** A publish, routed to {@code routed} queues: unroutable ones are returned (mandatory) or dropped. */
    void publish(MessageStats vhost, int routed, boolean mandatory) {
        published++;
        vhost.published.increment();
        if (routed == 0) {
            if (mandatory) {
                returned++;
                vhost.returned.increment();
            } else {
                dropped++;
                vhost.unroutable.increment();
            }
        }
    }

    void confirm(MessageStats vhost, long n) {
        confirmed += n;
        vhost.confirmed.add(n);
    }

    /** A basic.deliver to a consumer. */
    void deliver(MessageStats vhost, boolean noAck, boolean redelivery) {
        if (noAck) {
            deliveredNoAck++;
            vhost.deliveredNoAck.increment();
        } else {
            deliveredAck++;
            vhost.deliveredAck.increment();
        }
        redelivery(vhost, redelivery);
    }

    /** A basic.get-ok. */
    void get(MessageStats vhost, boolean noAck, boolean redelivery) {
        if (noAck) {
            getsNoAck++;
            vhost.getsNoAck.increment();
        } else {
            getsAck++;
            vhost.getsAck.increment();
        }
        redelivery(vhost, redelivery);
    }

    private void redelivery(MessageStats vhost, boolean redelivery) {
        if (redelivery) {
            redelivered++;
            vhost.redelivered.increment();
        }
    }

    /** A basic.get answered with get-empty. */
    void getEmpty(MessageStats vhost) {
        getsEmpty++;
        vhost.getsEmpty.increment();
    }

    void ack(MessageStats vhost, int n) {
        acked += n;
        vhost.acked.add(n);
    }

    MessageCounts snapshot() {
        return new MessageCounts(published, confirmed, returned, dropped, deliveredAck, deliveredNoAck, getsAck,
                getsNoAck, getsEmpty, redelivered, acked);
    }
}
