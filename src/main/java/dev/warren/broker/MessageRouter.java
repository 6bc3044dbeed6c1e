package dev.warren.broker;

import dev.warren.broker.exchange.DelayedMessageExchange;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.StreamQueue;
import dev.warren.broker.queue.stream.StreamSync;
import dev.warren.store.MessageStore;
import dev.warren.store.StoredRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Puts a message into the queues its exchange routes it to: follows the exchange's alternate
 * exchange when nothing matches, writes a persistent message to the store once for all durable
 * queues it goes to (before any of them can hand it out), then enqueues it.
 */
public final class MessageRouter {
    private final MessageStore store;
    private DelayedMessages delayed;

    /** @param store the message store, or null when nothing is persisted */
    public MessageRouter(MessageStore store) {
        this.store = store;
    }

    void setDelayedMessages(DelayedMessages delayed) {
        this.delayed = delayed;
    }

    /**
     * What became of one publish.
     *
     * @param routed   queues the message was routed to (0 means unroutable: basic.return if mandatory)
     * @param rejected true when a queue refused it (x-overflow reject-publish): the publisher gets a nack
     * @param lsn      store position a confirm must wait for; 0 when nothing was stored
     * @param streams  the fsync of stream queues a confirm must also wait for; null when none
     */
    public record Outcome(int routed, boolean rejected, long lsn, StreamSync streams) {
        /** The outcomes of plain publishes (nothing stored, nothing refused), made once. */
        private static final Outcome[] PLAIN = new Outcome[8];

        static {
            for (int i = 0; i < PLAIN.length; i++) {
                PLAIN[i] = new Outcome(i, false, 0, null);
            }
        }

        public Outcome(int routed, boolean rejected, long lsn) {
            this(routed, rejected, lsn, null);
        }

        static Outcome of(int routed, boolean rejected, long lsn, StreamSync streams) {
            return !rejected && lsn == 0 && streams == null && routed < PLAIN.length ? PLAIN[routed]
                    : new Outcome(routed, rejected, lsn, streams);
        }
    }

    public Outcome publish(VirtualHost vhost, Exchange exchange, Message message) {
        if (delayed != null && exchange instanceof DelayedMessageExchange) {
            long delay = DelayedMessageExchange.delayOf(message);
            if (delay > 0) {
                exchange.publishedIn.increment();
                return new Outcome(1, false, delayed.hold(vhost, exchange, message, delay));
            }
        }
        return publish(vhost, exchange, message, q -> true);
    }

    /** Routes right away, even through a delayed-message exchange (its held messages, when due). */
    Outcome publishNow(VirtualHost vhost, Exchange exchange, Message message) {
        return publish(vhost, exchange, message, q -> true);
    }

    /** As {@link #publish(VirtualHost, Exchange, Message)}, only to the routed queues {@code accept} lets through. */
    public Outcome publish(VirtualHost vhost, Exchange exchange, Message message, Predicate<Queue> accept) {
        List<Queue> queues = route(vhost, exchange, message);
        exchange.publishedIn.increment();
        if (queues.isEmpty()) {
            return Outcome.of(0, false, 0, null);
        }
        message = SenderSelected.withoutBcc(message);
        StoredRef ref = null;
        boolean[] stored = null; // by position in queues: named in the store record
        if (store != null && message.persistent()) {
            List<String> durable = null;
            for (int i = 0, n = queues.size(); i < n; i++) {
                Queue q = queues.get(i);
                if (VirtualHost.isRecoverable(q) && !(q instanceof StreamQueue) && accept.test(q)
                        && q.wouldAccept(message)) {
                    if (durable == null) {
                        durable = new ArrayList<>(n);
                        stored = new boolean[n];
                    }
                    durable.add(q.name());
                    stored[i] = true;
                }
            }
            if (durable != null) {
                ref = store.appendMessage(vhost.name(), durable, message);
            }
        }
        boolean rejected = false;
        int routed = 0;
        StreamSync streams = null;
        for (int i = 0, n = queues.size(); i < n; i++) {
            Queue q = queues.get(i);
            if (!accept.test(q)) {
                continue;
            }
            routed++;
            // only the queues the store record names may hold the stored copy: a queue that looked full or
            // already had the message when the record was written, but takes it after all, keeps it in memory
            Queue.EnqueueResult r = ref != null && stored[i]
                    ? q.enqueue(message, ref.msgId(), ref.segment(), ref.offset())
                    : q.enqueue(message);
            rejected |= r == Queue.EnqueueResult.REJECTED;
            if (q instanceof StreamQueue s) {
                streams = StreamSync.and(streams, s.durability());
            }
        }
        exchange.publishedOut.add(routed);
        return Outcome.of(routed, rejected, ref == null ? 0 : ref.lsn(), streams);
    }

    /** The queues the exchange routes the message to, alternate exchanges included. */
    public static List<Queue> route(VirtualHost vhost, Exchange exchange, Message message) {
        return new RoutingResult(vhost.exchangeLookup()).route(exchange, message).queues();
    }
}
