package dev.warren.broker.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consumers of one queue and the choice of who gets the next message: the highest consumer
 * priority ({@code x-priority}) with credit wins, round-robin among equals; with single active
 * consumer only the longest-attached consumer receives, whatever the priorities. Guarded by the queue's lock.
 */
final class QueueConsumers {
    private final boolean singleActive;
    /** Sorted by priority, highest first; equal priorities in attach order. */
    private final List<Consumer> consumers = new ArrayList<>();
    private final Map<Integer, Integer> nextInGroup = new HashMap<>();
    /** Round-robin position when all consumers share one priority. */
    private int next;

    QueueConsumers(boolean singleActive) {
        this.singleActive = singleActive;
    }

    int size() {
        return consumers.size();
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    List<Consumer> all() {
        return consumers;
    }

    void add(Consumer c) {
        if (singleActive) {
            consumers.add(c); // attach order only: the active consumer is never displaced by a newcomer
            return;
        }
        int i = 0;
        while (i < consumers.size() && consumers.get(i).priority() >= c.priority()) {
            i++;
        }
        consumers.add(i, c);
    }

    boolean remove(Consumer c) {
        return consumers.remove(c);
    }

    void clear() {
        consumers.clear();
    }

    /** The consumer that takes the next message (credit reserved), or null when nobody can. */
    Consumer next() {
        int n = consumers.size();
        if (n == 0) {
            return null;
        }
        if (singleActive) {
            Consumer active = consumers.get(0);
            return active.tryReserve() ? active : null;
        }
        if (consumers.get(0).priority() == consumers.get(n - 1).priority()) {
            // the usual case, everyone at one priority: plain round-robin, nothing boxed
            for (int tried = 0; tried < n; tried++) {
                int k = (next + tried) % n;
                Consumer c = consumers.get(k);
                if (c.tryReserve()) {
                    next = k + 1;
                    return c;
                }
            }
            return null;
        }
        int groupStart = 0;
        while (groupStart < n) {
            int priority = consumers.get(groupStart).priority();
            int groupEnd = groupStart;
            while (groupEnd < n && consumers.get(groupEnd).priority() == priority) {
                groupEnd++;
            }
            int size = groupEnd - groupStart;
            int start = nextInGroup.getOrDefault(priority, 0) % size;
            for (int tried = 0; tried < size; tried++) {
                int k = (start + tried) % size;
                Consumer c = consumers.get(groupStart + k);
                if (c.tryReserve()) {
                    nextInGroup.put(priority, k + 1);
                    return c;
                }
            }
            groupStart = groupEnd;
        }
        return null;
    }
}
