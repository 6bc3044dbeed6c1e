package dev.warren.broker.queue;

import dev.warren.broker.Message;

/**
 * The tail of a queue that is over its memory budget: a FIFO of compact slots, in blocks of
 * {@value #BLOCK} that are dropped as the head leaves them (the tail never holds memory for messages
 * already gone, and never copies itself to grow). A paged slot is only where the store keeps the
 * message (id, segment, offset); a spilled slot is where {@link SpilledMessages} keeps a transient
 * message off the heap (an offset there); a resident slot holds a message that can be neither, so order
 * is kept. A block only has the arrays its kinds of slots need: a block of spilled messages costs 12
 * bytes a message.
 */
final class PagedTail {
    private static final int BLOCK = 1024;
    private static final long REDELIVERED = 1L << 62;

    private static final class Block {
        final long[] offsets = new long[BLOCK];
        final int[] sizes = new int[BLOCK];
        /** Store ids, or null while no slot of this block is stored. */
        long[] ids;
        long[] segments;
        /** Resident messages, or null while no slot of this block is resident. */
        Message[] resident;
        Block next;
    }

    private Block head;
    private Block tail;
    private int headIndex;
    private int tailIndex = BLOCK;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addPaged(long storeId, long segment, long offset, boolean redelivered, int bodySize) {
        int i = slotForAdd(bodySize, redelivered ? offset | REDELIVERED : offset);
        stored(tail, i, storeId, segment);
    }

    void addSpilled(long position, int bodySize) {
        slotForAdd(bodySize, position);
    }

    void addResident(Message m, long storeId, long segment, long offset) {
        int i = slotForAdd(m.body().length, offset);
        if (storeId != 0) {
            stored(tail, i, storeId, segment);
        }
        if (tail.resident == null) {
            tail.resident = new Message[BLOCK];
        }
        tail.resident[i] = m;
    }

    // Accessors for the head slot; removeHead() moves on.
    long headId() {
        return head.ids == null ? 0 : head.ids[headIndex];
    }

    long headSegment() {
        return head.segments == null ? 0 : head.segments[headIndex];
    }

    long headOffset() {
        return head.offsets[headIndex] & ~REDELIVERED;
    }

    int headBodySize() {
        return head.sizes[headIndex];
    }

    boolean headRedelivered() {
        return (head.offsets[headIndex] & REDELIVERED) != 0;
    }

    /** Whether the head is a transient message kept by {@link SpilledMessages} at {@link #headOffset()}. */
    boolean headSpilled() {
        return headId() == 0 && headResident() == null;
    }

    /** The head's message when it is resident, else null (it must be read from the store or the spill). */
    Message headResident() {
        return head.resident == null ? null : head.resident[headIndex];
    }

    /** Visits every slot that has a store position, head first. */
    void forEach(StoredEntryVisitor visitor) {
        int left = size;
        for (Block b = head; b != null && left > 0; b = b.next) {
            int from = b == head ? headIndex : 0;
            int to = b == tail ? tailIndex : BLOCK;
            for (int i = from; i < to && left > 0; i++, left--) {
                if (b.ids != null && b.ids[i] != 0) {
                    visitor.visit(b.ids[i], b.segments[i], b.offsets[i] & ~REDELIVERED,
                            b.resident == null ? null : b.resident[i]);
                }
            }
        }
    }

    void removeHead() {
        if (head.resident != null) {
            head.resident[headIndex] = null;
        }
        headIndex++;
        size--;
        if (size == 0) {
            head = null;
            tail = null;
            headIndex = 0;
            tailIndex = BLOCK;
        } else if (headIndex == BLOCK) {
            head = head.next;
            headIndex = 0;
        }
    }

    private int slotForAdd(int bodySize, long offset) {
        if (tailIndex == BLOCK) {
            Block b = new Block();
            if (tail == null) {
                head = b;
                headIndex = 0;
            } else {
                tail.next = b;
            }
            tail = b;
            tailIndex = 0;
        }
        int i = tailIndex++;
        tail.sizes[i] = bodySize;
        tail.offsets[i] = offset;
        size++;
        return i;
    }

    private static void stored(Block b, int i, long storeId, long segment) {
        if (b.ids == null) {
            b.ids = new long[BLOCK];
            b.segments = new long[BLOCK];
        }
        b.ids[i] = storeId;
        b.segments[i] = segment;
    }
}
