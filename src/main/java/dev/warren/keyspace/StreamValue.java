package dev.warren.keyspace;

import java.util.LinkedHashMap;
import java.util.TreeMap;

/**
 * A stream: entries (field/value pairs) ordered by ID in a sorted map, the last generated ID, and the
 * consumer groups with their pending entries lists.
 */
public final class StreamValue {
    public final TreeMap<StreamId, byte[][]> entries = new TreeMap<>();
    public final LinkedHashMap<Bytes, Group> groups = new LinkedHashMap<>();
    public StreamId lastId = StreamId.MIN;
    public StreamId maxDeletedId = StreamId.MIN;
    public long entriesAdded;

    /** A pending (delivered, not acknowledged) entry of a group. */
    public static final class Pending {
        public Bytes consumer;
        public long deliveryTime;
        public long deliveryCount;

        Pending(Bytes consumer, long deliveryTime) {
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = 1;
        }
    }

    /** A consumer of a group. */
    public static final class Consumer {
        public final Bytes name;
        public long seenTime;
        public long activeTime = -1;

        Consumer(Bytes name, long now) {
            this.name = name;
            this.seenTime = now;
        }
    }

    /** A consumer group. */
    public static final class Group {
        public final Bytes name;
        public StreamId lastDelivered;
        public long entriesRead;
        public final TreeMap<StreamId, Pending> pending = new TreeMap<>();
        public final LinkedHashMap<Bytes, Consumer> consumers = new LinkedHashMap<>();

        Group(Bytes name, StreamId lastDelivered, long entriesRead) {
            this.name = name;
            this.lastDelivered = lastDelivered;
            this.entriesRead = entriesRead;
        }

        public Consumer consumer(Bytes name, long now, boolean create) {
            Consumer c = consumers.get(name);
            if (c == null && create) {
                c = new Consumer(name, now);
                consumers.put(name, c);
            }
            return c;
        }

        public void deliver(StreamId id, Bytes consumer, long now) {
            Pending p = pending.get(id);
            if (p == null) {
                pending.put(id, new Pending(consumer, now));
            } else {
                p.consumer = consumer;
                p.deliveryTime = now;
                p.deliveryCount++;
            }
        }

        public long pendingOf(Bytes consumer) {
            long n = 0;
            for (Pending p : pending.values()) {
                if (p.consumer.equals(consumer)) {
                    n++;
                }
            }
            return n;
        }
    }

    public Group createGroup(Bytes name, StreamId lastDelivered, long entriesRead) {
        Group g = new Group(name, lastDelivered, entriesRead);
        groups.put(name, g);
        return g;
    }

    public int size() {
        return entries.size();
    }

    /** Deletes entries from the start while over {@code maxLen}; returns how many. */
    public long trimMaxLen(long maxLen, long limit) {
        long n = 0;
        while (entries.size() > maxLen && (limit <= 0 || n < limit)) {
            deleteFirst();
            n++;
        }
        return n;
    }

    /** Deletes entries with IDs below {@code minId}; returns how many. */
    public long trimMinId(StreamId minId, long limit) {
        long n = 0;
        while (!entries.isEmpty() && entries.firstKey().compareTo(minId) < 0 && (limit <= 0 || n < limit)) {
            deleteFirst();
            n++;
        }
        return n;
    }

    private void deleteFirst() {
        StreamId id = entries.pollFirstEntry().getKey();
        if (id.compareTo(maxDeletedId) > 0) {
            maxDeletedId = id;
        }
    }

    public boolean delete(StreamId id) {
        if (entries.remove(id) == null) {
            return false;
        }
        if (id.compareTo(maxDeletedId) > 0) {
            maxDeletedId = id;
        }
        return true;
    }

    public StreamValue copy() {
        StreamValue c = new StreamValue();
        c.entries.putAll(entries);
        c.lastId = lastId;
        c.maxDeletedId = maxDeletedId;
        c.entriesAdded = entriesAdded;
        for (Group g : groups.values()) {
            Group n = c.createGroup(g.name, g.lastDelivered, g.entriesRead);
            for (var e : g.pending.entrySet()) {
                Pending p = new Pending(e.getValue().consumer, e.getValue().deliveryTime);
                p.deliveryCount = e.getValue().deliveryCount;
                n.pending.put(e.getKey(), p);
            }
            for (Consumer con : g.consumers.values()) {
                n.consumer(con.name, con.seenTime, true);
            }
        }
        return c;
    }
}
