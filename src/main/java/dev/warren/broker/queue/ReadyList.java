package dev.warren.broker.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The messages of a queue that wait for a consumer, by priority level (one level for a plain queue):
 * the highest non-empty level goes first; within a level, messages that came back (requeued) go
 * before fresh ones, in their original order. Guarded by the queue's lock.
 */
final class ReadyList {
    private final ArrayDeque<QueueEntry>[] fresh;
    private final PriorityQueue<QueueEntry>[] returned;
    private int size;

    @SuppressWarnings("unchecked")
    ReadyList(int maxPriority) {
        int levels = maxPriority + 1;
        fresh = new ArrayDeque[levels];
        returned = new PriorityQueue[levels];
        for (int i = 0; i < levels; i++) {
            fresh[i] = new ArrayDeque<>();
            returned[i] = new PriorityQueue<>(Comparator.comparingLong(QueueEntry::sequence));
        }
    }

    private int level(QueueEntry e) {
        if (fresh.length == 1) {
            return 0;
        }
        Integer p = e.message().properties().priority();
        return p == null ? 0 : Math.min(p, fresh.length - 1);
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(QueueEntry e) {
        fresh[level(e)].addLast(e);
        size++;
    }

    /** A delivered entry comes back to its original position. */
    void addReturned(QueueEntry e) {
        returned[level(e)].add(e);
        size++;
    }

    QueueEntry peek() {
        for (int i = fresh.length - 1; i >= 0; i--) {
            QueueEntry e = returned[i].peek();
            if (e != null) {
                return e;
            }
            e = fresh[i].peekFirst();
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    QueueEntry poll() {
        for (int i = fresh.length - 1; i >= 0; i--) {
            QueueEntry e = returned[i].poll();
            if (e == null) {
                e = fresh[i].pollFirst();
            }
            if (e != null) {
                size--;
                return e;
            }
        }
        return null;
    }

    void forEach(java.util.function.Consumer<QueueEntry> action) {
        for (int i = fresh.length - 1; i >= 0; i--) {
            returned[i].forEach(action);
            fresh[i].forEach(action);
        }
    }

    /** Removes and returns everything, head first. */
    List<QueueEntry> drain() {
        List<QueueEntry> all = new ArrayList<>(size);
        QueueEntry e;
        while ((e = poll()) != null) {
            all.add(e);
        }
        return all;
    }
}
