package dev.warren.broker.queue;

import dev.warren.broker.BrokerException;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.ResourceMonitor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A classic FIFO queue. All state changes happen under the queue's own lock (never a global one):
 * enqueue, hand-out to consumers in round-robin, acknowledgement and requeue.
 *
 * <p>Messages that come back (nack/reject with requeue, or a closed channel) return to their original
 * position: every such message was taken from the head earlier, so it sorts before every message that
 * was never delivered, and a small heap ordered by sequence number keeps them ahead of the rest.
 */
public final class Queue implements Destination {
    private final String vhost;
    private final String name;
    private final boolean durable;
    private final boolean autoDelete;
    private final Object exclusiveOwner;
    private final Map<String, Object> arguments;
    private final QueueJournal journal;
    private final ResourceMonitor resources;
    /** Stored messages with ids up to this mark may have been delivered (as last told to the journal). */
    private long deliveredMark;
    private static final long DELIVERED_AHEAD = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<QueueEntry> ready = new ArrayDeque<>();
    private final PriorityQueue<QueueEntry> returned =
            new PriorityQueue<>(Comparator.comparingLong(QueueEntry::sequence));
    private final List<Consumer> consumers = new ArrayList<>();
    private int nextConsumer;
    private Consumer exclusiveConsumer;
    private long nextSequence;
    private int unacked;
    private boolean hadConsumer;
    private volatile boolean deleted;
    // counters for management and metrics, changed only under the lock
    private long heldBytes;
    private long publishedCount;
    private long deliveredCount;
    private long getCount;
    private long redeliveredCount;
    private long ackedCount;

    public Queue(String vhost, String name, boolean durable, boolean autoDelete, Object exclusiveOwner,
                 Map<String, Object> arguments) {
        this(vhost, name, durable, autoDelete, exclusiveOwner, arguments, null, null);
    }

    /**
     * @param journal where a durable queue records the fate of its persistent messages; null for none
     * @param resources the broker's memory accounting; null for none
     */
    public Queue(String vhost, String name, boolean durable, boolean autoDelete, Object exclusiveOwner,
                 Map<String, Object> arguments, QueueJournal journal, ResourceMonitor resources) {
        this.journal = journal;
        this.resources = resources;
        this.vhost = vhost;
        this.name = name;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.exclusiveOwner = exclusiveOwner;
        this.arguments = arguments == null ? Map.of() : arguments;
    }

    /** Adds a message at the tail and hands out what consumers can take. False if the queue is gone. */
    public boolean enqueue(Message message) {
        return enqueue(message, 0, 0);
    }

    /**
     * Adds a message at the tail; {@code storeId}/{@code segment} say where the store keeps it (0 when
     * transient). False if the queue is gone.
     */
    public boolean enqueue(Message message, long storeId, long segment) {
        lock.lock();
        try {
            if (deleted) {
                if (storeId != 0 && journal != null) {
                    journal.removed(this, List.of(new QueueEntry(message, 0, storeId, segment)), false);
                }
                return false;
            }
            QueueEntry entry = new QueueEntry(message, nextSequence++, journal == null ? 0 : storeId, segment);
            ready.addLast(entry);
            account(footprint(entry));
            publishedCount++;
            dispatchLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Puts back a message recovered from the store at the tail, as it was before the restart. */
    public void recover(Message message, long storeId, long segment, boolean redelivered) {
        lock.lock();
        try {
            QueueEntry e = new QueueEntry(message, nextSequence++, storeId, segment);
            if (redelivered) {
                e.markRedelivered();
            }
            ready.addLast(e);
            account(footprint(e));
            deliveredMark = Math.max(deliveredMark, redelivered ? storeId : 0);
        } finally {
            lock.unlock();
        }
    }

    /** basic.get: takes the head entry, or null when empty. With ack, it counts as unacknowledged. */
    public QueueEntry poll(boolean ack) {
        lock.lock();
        try {
            QueueEntry e = takeHead();
            if (e != null) {
                noteDelivered(e);
                getCount++;
                if (e.redelivered()) {
                    redeliveredCount++;
                }
                if (ack) {
                    unacked++;
                } else {
                    leave(List.of(e), true);
                }
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    private QueueEntry takeHead() {
        QueueEntry e = returned.poll();
        return e != null ? e : ready.pollFirst();
    }

    private boolean hasReady() {
        return !returned.isEmpty() || !ready.isEmpty();
    }

    /** Hands out messages to consumers with credit, round-robin, until either runs out. */
    public void dispatch() {
        lock.lock();
        try {
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    private void dispatchLocked() {
        List<QueueEntry> settledAtOnce = null;
        int n = consumers.size();
        while (n > 0 && hasReady()) {
            Consumer chosen = null;
            for (int tried = 0; tried < n; tried++) {
                Consumer c = consumers.get((nextConsumer + tried) % n);
                if (c.tryReserve()) {
                    chosen = c;
                    nextConsumer = (nextConsumer + tried + 1) % n;
                    break;
                }
            }
            if (chosen == null) {
                break;
            }
            QueueEntry e = takeHead();
            noteDelivered(e);
            deliveredCount++;
            if (e.redelivered()) {
                redeliveredCount++;
            }
            if (!chosen.noAck()) {
                unacked++;
            } else {
                if (settledAtOnce == null) {
                    settledAtOnce = new ArrayList<>();
                }
                settledAtOnce.add(e);
            }
            chosen.deliver(this, e);
        }
        if (settledAtOnce != null) {
            leave(settledAtOnce, true);
        }
    }

    /** Entries leave the queue for good: the store forgets them (logging an ACK when asked), memory is freed. */
    private void leave(List<QueueEntry> entries, boolean record) {
        long bytes = 0;
        for (int i = 0, n = entries.size(); i < n; i++) {
            bytes += footprint(entries.get(i));
        }
        heldBytes -= bytes;
        if (resources != null) {
            resources.addMessageBytes(-bytes);
        }
        if (journal != null) {
            journal.removed(this, entries, record);
        }
    }

    private void account(long bytes) {
        heldBytes += bytes;
        if (resources != null) {
            resources.addMessageBytes(bytes);
        }
    }

    private static long footprint(QueueEntry e) {
        Message m = e.message();
        return m.body().length + m.rawProperties().length + ResourceMonitor.MESSAGE_OVERHEAD;
    }

    /** Tells the journal, a batch ahead, that stored messages up to this one may have been delivered. */
    private void noteDelivered(QueueEntry e) {
        if (e.storeId() > deliveredMark) {
            deliveredMark = e.storeId() + DELIVERED_AHEAD;
            journal.delivered(this, deliveredMark);
        }
    }

    public void addConsumer(Consumer consumer, boolean exclusive) throws BrokerException {
        lock.lock();
        try {
            if (deleted) {
                throw BrokerException.notFound("no queue '" + name + "' in vhost '" + vhost + "'");
            }
            if (exclusiveConsumer != null || (exclusive && !consumers.isEmpty())) {
                throw BrokerException.accessRefused("queue '" + name + "' in vhost '" + vhost + "' in exclusive use");
            }
            consumers.add(consumer);
            hadConsumer = true;
            if (exclusive) {
                exclusiveConsumer = consumer;
            }
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Detaches a consumer. Returns true when this was an auto-delete queue's last consumer. */
    public boolean removeConsumer(Consumer consumer) {
        lock.lock();
        try {
            int i = consumers.indexOf(consumer);
            if (i < 0) {
                return false;
            }
            consumers.remove(i);
            if (nextConsumer > i) {
                nextConsumer--;
            }
            if (nextConsumer >= consumers.size()) {
                nextConsumer = 0;
            }
            if (exclusiveConsumer == consumer) {
                exclusiveConsumer = null;
            }
            return autoDelete && hadConsumer && consumers.isEmpty() && !deleted;
        } finally {
            lock.unlock();
        }
    }

    /** Delivered entries were acknowledged (or rejected without requeue): they leave the queue for good. */
    public void acknowledge(List<QueueEntry> entries) {
        lock.lock();
        try {
            unacked -= entries.size();
            ackedCount += entries.size();
            leave(entries, !deleted);
        } finally {
            lock.unlock();
        }
    }

    /** Delivered entries come back to their original positions, marked redelivered. */
    public void requeue(Collection<QueueEntry> entries) {
        lock.lock();
        try {
            unacked -= entries.size();
            if (deleted) {
                leave(new ArrayList<>(entries), false);
                return;
            }
            for (QueueEntry e : entries) {
                e.markRedelivered();
                returned.add(e);
            }
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Entries handed to a consumer that could never see them (its channel closed first) come back unmarked. */
    public void giveBack(QueueEntry entry, boolean wasUnacked) {
        lock.lock();
        try {
            if (wasUnacked) {
                unacked--;
            }
            if (!deleted) {
                returned.add(entry);
                dispatchLocked();
            } else {
                leave(List.of(entry), false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes all ready messages (not unacknowledged ones) and returns how many. */
    public int purge() {
        lock.lock();
        try {
            int n = ready.size() + returned.size();
            List<QueueEntry> purged = new ArrayList<>(returned);
            purged.addAll(ready);
            leave(purged, true);
            ready.clear();
            returned.clear();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the queue deleted and returns the consumers to notify and the ready count it had. */
    public int markDeleted(List<Consumer> detached) {
        lock.lock();
        try {
            deleted = true;
            int n = ready.size() + returned.size();
            if (journal != null) {
                journal.queueDeleted(this);
            }
            List<QueueEntry> dropped = new ArrayList<>(returned);
            dropped.addAll(ready);
            leave(dropped, false);
            ready.clear();
            returned.clear();
            detached.addAll(consumers);
            consumers.clear();
            exclusiveConsumer = null;
            return n;
        } finally {
            lock.unlock();
        }
    }

    public int messageCount() {
        lock.lock();
        try {
            return ready.size() + returned.size();
        } finally {
            lock.unlock();
        }
    }

    /** Depth and counters in one consistent snapshot (for management and metrics). */
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(ready.size() + returned.size(), unacked, consumers.size(), heldBytes,
                    publishedCount, deliveredCount, getCount, redeliveredCount, ackedCount);
        } finally {
            lock.unlock();
        }
    }

    public int unackedCount() {
        lock.lock();
        try {
            return unacked;
        } finally {
            lock.unlock();
        }
    }

    public int consumerCount() {
        lock.lock();
        try {
            return consumers.size();
        } finally {
            lock.unlock();
        }
    }

    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "queue";
    }

    public String vhost() {
        return vhost;
    }

    public boolean durable() {
        return durable;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public boolean exclusive() {
        return exclusiveOwner != null;
    }

    public Object exclusiveOwner() {
        return exclusiveOwner;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    @Override
    public String toString() {
        return "queue '" + name + "' in vhost '" + vhost + "'";
    }
}
