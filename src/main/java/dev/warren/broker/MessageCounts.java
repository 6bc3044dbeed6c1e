package dev.warren.broker;

/**
 * The message counters of one object (a queue, a channel, a virtual host) at one moment, split as RabbitMQ's
 * management {@code message_stats} and its Prometheus metrics split them. Queues count no confirms and no
 * unroutable messages (those are zero for them).
 *
 * @param publish messages published (by a channel), or enqueued (into a queue)
 * @param confirm publishes confirmed with basic.ack (confirm mode)
 * @param returnUnroutable unroutable mandatory messages returned to their publisher
 * @param dropUnroutable unroutable messages without the mandatory flag, dropped
 * @param deliver basic.deliver to consumers that acknowledge (manual ack)
 * @param deliverNoAck basic.deliver to consumers in automatic acknowledgement mode
 * @param get basic.get-ok in manual acknowledgement mode
 * @param getNoAck basic.get-ok in automatic acknowledgement mode
 * @param getEmpty basic.get answered with get-empty
 * @param redeliver deliveries and gets of messages that had been delivered before
 * @param ack messages acknowledged
 */
public record MessageCounts(long publish, long confirm, long returnUnroutable, long dropUnroutable, long deliver,
                            long deliverNoAck, long get, long getNoAck, long getEmpty, long redeliver, long ack) {

    public static final MessageCounts ZERO = new MessageCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A queue's counters: it sees no confirms and no unroutable messages. */
    public static MessageCounts ofQueue(long publish, long deliver, long deliverNoAck, long get, long getNoAck,
                                        long getEmpty, long redeliver, long ack) {
        return new MessageCounts(publish, 0, 0, 0, deliver, deliverNoAck, get, getNoAck, getEmpty, redeliver, ack);
    }

    /** RabbitMQ's {@code deliver_get}: messages handed out in any way (both deliveries, both gets). */
    public long deliverGet() {
        return deliver + deliverNoAck + get + getNoAck;
    }

    /** The sum of both, counter by counter. */
    public MessageCounts plus(MessageCounts o) {
        return new MessageCounts(publish + o.publish, confirm + o.confirm, returnUnroutable + o.returnUnroutable,
                dropUnroutable + o.dropUnroutable, deliver + o.deliver, deliverNoAck + o.deliverNoAck, get + o.get,
                getNoAck + o.getNoAck, getEmpty + o.getEmpty, redeliver + o.redeliver, ack + o.ack);
    }
}
