package dev.warren.keyspace;

import java.util.Arrays;

/** A list: a growable circular array, O(1) push and pop at both ends and O(1) access by index. */
public final class ListValue {
    private byte[][] items = new byte[8][];
    private int head;
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public byte[] get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    public void set(int index, byte[] value) {
        items[(head + index) & (items.length - 1)] = value;
    }

    public void addFirst(byte[] v) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
    }

    public void addLast(byte[] v) {
        grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    public byte[] removeFirst() {
        byte[] v = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return v;
    }

    public byte[] removeLast() {
        int i = (head + size - 1) & (items.length - 1);
        byte[] v = items[i];
        items[i] = null;
        size--;
        return v;
    }

    /** Inserts before position {@code index} (0..size). */
    public void insert(int index, byte[] v) {
        addLast(v);
        for (int i = size - 1; i > index; i--) {
            set(i, get(i - 1));
        }
        set(index, v);
    }

    public void remove(int index) {
        for (int i = index; i < size - 1; i++) {
            set(i, get(i + 1));
        }
        removeLast();
    }

    /** Keeps only positions start..end inclusive (already clamped, start <= end). */
    public void trim(int start, int end) {
        byte[][] kept = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, end - start + 1)) * 2)][];
        int n = end - start + 1;
        for (int i = 0; i < n; i++) {
            kept[i] = get(start + i);
        }
        items = kept;
        head = 0;
        size = n;
    }

    public void clear() {
        items = new byte[8][];
        head = 0;
        size = 0;
    }

    public ListValue copy() {
        ListValue c = new ListValue();
        c.items = Arrays.copyOf(items, items.length);
        c.head = head;
        c.size = size;
        return c;
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        byte[][] bigger = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        items = bigger;
        head = 0;
    }

    public String encoding() {
        if (size > 128) {
            return "quicklist";
        }
        for (int i = 0; i < size; i++) {
            if (get(i).length > 64) {
                return "quicklist";
            }
        }
        return "listpack";
    }
}
