package dev.warren.broker.queue;

import dev.warren.broker.Message;

/**
 * The tail of a queue that is over its memory budget: a FIFO of compact slots. A paged slot is only
 * where the store keeps the message (id, segment, offset: 24 bytes); a spilled slot is where
 * {@link SpilledMessages} keeps a transient message off the heap; a resident slot holds a message that
 * can be neither, so order is kept.
 */
final class PagedTail {
    private static final long REDELIVERED = 1L << 62;
    /** The segment of a spilled slot, whose offset is a position in {@link SpilledMessages}. */
    private static final long SPILLED = -1;

    private long[] ids = new long[16];
    private long[] segments = new long[16];
    private long[] offsets = new long[16];
    private Message[] resident = new Message[16];
    private int[] sizes = new int[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addPaged(long storeId, long segment, long offset, boolean redelivered, int bodySize) {
        int i = slotForAdd();
        sizes[i] = bodySize;
        ids[i] = storeId;
        segments[i] = segment;
        offsets[i] = redelivered ? offset | REDELIVERED : offset;
        resident[i] = null;
    }

    void addSpilled(long position, int bodySize) {
        int i = slotForAdd();
        sizes[i] = bodySize;
        ids[i] = 0;
        segments[i] = SPILLED;
        offsets[i] = position;
        resident[i] = null;
    }

    void addResident(Message m, long storeId, long segment, long offset) {
        int i = slotForAdd();
        sizes[i] = m.body().length;
        ids[i] = storeId;
        segments[i] = segment;
        offsets[i] = offset;
        resident[i] = m;
    }

    // Accessors for the head slot; removeHead() moves on.
    long headId() {
        return ids[head];
    }

    long headSegment() {
        return segments[head];
    }

    long headOffset() {
        return offsets[head] & ~REDELIVERED;
    }

    int headBodySize() {
        return sizes[head];
    }

    boolean headRedelivered() {
        return (offsets[head] & REDELIVERED) != 0;
    }

    /** Whether the head is a transient message kept by {@link SpilledMessages} at {@link #headOffset()}. */
    boolean headSpilled() {
        return segments[head] == SPILLED;
    }

    /** The head's message when it is resident, else null (it must be read from the store). */
    Message headResident() {
        return resident[head];
    }

    /** Visits every slot that has a store position, head first. */
    void forEach(StoredEntryVisitor visitor) {
        for (int k = 0; k < size; k++) {
            int i = (head + k) % ids.length;
            if (ids[i] != 0) {
                visitor.visit(ids[i], segments[i], offsets[i] & ~REDELIVERED, resident[i]);
            }
        }
    }

    void removeHead() {
        resident[head] = null;
        head = (head + 1) % ids.length;
        size--;
        if (size == 0) {
            head = 0;
        }
    }

    private int slotForAdd() {
        if (size == ids.length) {
            grow();
        }
        int i = (head + size) % ids.length;
        size++;
        return i;
    }

    private void grow() {
        int n = ids.length * 2;
        long[] newIds = new long[n];
        long[] newSegments = new long[n];
        long[] newOffsets = new long[n];
        Message[] newResident = new Message[n];
        int[] newSizes = new int[n];
        for (int k = 0; k < size; k++) {
            int from = (head + k) % ids.length;
            newIds[k] = ids[from];
            newSegments[k] = segments[from];
            newOffsets[k] = offsets[from];
            newResident[k] = resident[from];
            newSizes[k] = sizes[from];
        }
        sizes = newSizes;
        ids = newIds;
        segments = newSegments;
        offsets = newOffsets;
        resident = newResident;
        head = 0;
    }
}
