package dev.warren.amqp.session;

import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A channel's deliveries that await acknowledgement, by delivery tag (in ascending order, since tags
 * only grow). Channel-confined: only the connection's event loop touches it.
 */
final class UnackedDeliveries {
    /** One unacknowledged delivery; {@code consumer} is null for basic.get. */
    record Unacked(long tag, Queue queue, QueueEntry entry, ChannelConsumer consumer) {
    }

    private final LinkedHashMap<Long, Unacked> byTag = new LinkedHashMap<>();

    void add(Unacked u) {
        byTag.put(u.tag(), u);
    }

    int size() {
        return byTag.size();
    }

    /**
     * Removes the delivery with this tag, or with {@code multiple} every delivery up to it (tag 0 with
     * multiple means all). Returns null, removing nothing, when the tag is not outstanding (as RabbitMQ,
     * also with {@code multiple}).
     */
    List<Unacked> take(long tag, boolean multiple) {
        if (!multiple) {
            Unacked u = byTag.remove(tag);
            return u == null ? null : List.of(u);
        }
        if (tag != 0 && !byTag.containsKey(tag)) {
            return null;
        }
        List<Unacked> taken = new ArrayList<>();
        Iterator<Unacked> it = byTag.values().iterator();
        while (it.hasNext()) {
            Unacked u = it.next();
            if (tag != 0 && u.tag() > tag) {
                break;
            }
            taken.add(u);
            it.remove();
        }
        return taken;
    }

    /** Puts deliveries taken earlier back (a rolled-back transaction), keeping ascending tag order. */
    void restore(List<Unacked> back) {
        if (back.isEmpty()) {
            return;
        }
        List<Unacked> all = new ArrayList<>(byTag.values());
        all.addAll(back);
        all.sort(Comparator.comparingLong(Unacked::tag));
        byTag.clear();
        for (Unacked u : all) {
            byTag.put(u.tag(), u);
        }
    }

    List<Unacked> takeAll() {
        List<Unacked> all = new ArrayList<>(byTag.values());
        byTag.clear();
        return all;
    }
}
