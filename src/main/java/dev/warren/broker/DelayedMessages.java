package dev.warren.broker;

import dev.warren.broker.exchange.DelayedMessageExchange;
import dev.warren.broker.exchange.Exchange;
import dev.warren.store.MessageStore;
import dev.warren.store.StoredRef;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the messages published to {@code x-delayed-message} exchanges until they are due, then routes
 * them. A persistent message held by a durable exchange is written to the store under the pseudo
 * queue {@code amq.warren.delayed.<exchange>} and acknowledged there once routed, so delays survive a
 * restart.
 */
public final class DelayedMessages {
    private static final Logger log = LoggerFactory.getLogger(DelayedMessages.class);
    public static final String STORE_PREFIX = "amq.warren.delayed.";

    private record Held(long due, long seq, VirtualHost vhost, Exchange exchange, Message message, StoredRef ref) {
    }

    private final MessageStore store;
    private final ScheduledExecutorService timer;
    private final MessageRouter router;
    private final PriorityQueue<Held> held = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long seq;
    private ScheduledFuture<?> next;
    private long nextAt;

    DelayedMessages(MessageStore store, ScheduledExecutorService timer, MessageRouter router) {
        this.store = store;
        this.timer = timer;
        this.router = router;
    }

    /** Takes a message published to a delayed exchange; returns the store position a confirm waits for. */
    long hold(VirtualHost vhost, Exchange exchange, Message message, long delay) {
        StoredRef ref = null;
        if (store != null && exchange.durable() && message.persistent()) {
            ref = store.appendMessage(vhost.name(), List.of(STORE_PREFIX + exchange.name()), message);
        }
        add(new Held(message.timestamp() + delay, 0, vhost, exchange, message, ref));
        return ref == null ? 0 : ref.lsn();
    }

    /** Puts back a held message recovered from the store; false when its exchange is gone. */
    public boolean recover(VirtualHost vhost, String pseudoQueue, Message message, StoredRef ref) {
        Exchange exchange = vhost.exchange(pseudoQueue.substring(STORE_PREFIX.length()));
        if (!(exchange instanceof DelayedMessageExchange)) {
            return false;
        }
        add(new Held(message.timestamp() + DelayedMessageExchange.delayOf(message), 0, vhost, exchange, message, ref));
        return true;
    }

    private synchronized void add(Held h) {
        held.add(new Held(h.due, seq++, h.vhost, h.exchange, h.message, h.ref));
        armTimer();
    }

    private void armTimer() {
        Held first = held.peek();
        if (first == null || (next != null && !next.isDone() && nextAt <= first.due)) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        nextAt = first.due;
        next = timer.schedule(this::fireDue, Math.max(0, first.due - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private void fireDue() {
        while (true) {
            Held h;
            synchronized (this) {
                h = held.peek();
                if (h == null || h.due > System.currentTimeMillis()) {
                    next = null;
                    armTimer();
                    return;
                }
                held.poll();
            }
            try {
                if (h.vhost.exchange(h.exchange.name()) == h.exchange) {
                    // it reaches its queues now: their TTLs count from here, not from the publish
                    Message m = h.message;
                    router.publishNow(h.vhost, h.exchange,
                            new Message(m.exchange(), m.routingKey(), m.rawProperties(), m.properties(), m.body()));
                }
            } catch (RuntimeException e) {
                log.warn("routing a delayed message from {} failed: {}", h.exchange, e.toString());
            }
            if (h.ref != null) {
                store.acknowledge(h.vhost.name(), STORE_PREFIX + h.exchange.name(), h.ref.msgId(), h.ref.segment());
            }
        }
    }

    /** Visits the held messages that are kept in the store (for its compaction). */
    public synchronized void forEachStored(dev.warren.store.LiveMessages.Visitor visitor) {
        for (Held h : held) {
            if (h.ref != null) {
                visitor.visit(h.vhost.name(), STORE_PREFIX + h.exchange.name(), h.ref.msgId(), h.ref.segment(),
                        h.ref.offset(), h.message);
            }
        }
    }

    /** Messages currently held (for tests and views). */
    public synchronized int size() {
        return held.size();
    }
}
