package dev.warren.keyspace;

import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A set of members: a hash map from member to its position in a dense array, so membership, add and
 * remove are O(1) and so is a random member (SPOP, SRANDMEMBER). Removal moves the last member into the
 * hole; iteration runs from the end, so removing through the iterator is safe.
 */
public final class SetValue extends AbstractSet<Bytes> {
    private final HashMap<Bytes, Integer> index = new HashMap<>();
    private Bytes[] members = new Bytes[8];
    private int size;

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean contains(Object o) {
        return index.containsKey(o);
    }

    @Override
    public boolean add(Bytes b) {
        if (index.putIfAbsent(b, size) != null) {
            return false;
        }
        if (size == members.length) {
            members = Arrays.copyOf(members, size * 2);
        }
        members[size++] = b;
        return true;
    }

    @Override
    public boolean remove(Object o) {
        Integer at = index.remove(o);
        if (at == null) {
            return false;
        }
        removeAt(at);
        return true;
    }

    private void removeAt(int at) {
        Bytes last = members[--size];
        members[size] = null;
        if (at != size) {
            members[at] = last;
            index.put(last, at);
        }
    }

    @Override
    public void clear() {
        index.clear();
        members = new Bytes[8];
        size = 0;
    }

    /** A uniformly random member, or null when empty. */
    public Bytes random() {
        return size == 0 ? null : members[ThreadLocalRandom.current().nextInt(size)];
    }

    @Override
    public Iterator<Bytes> iterator() {
        return new Iterator<>() {
            private int next = size - 1;
            private int current = -1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Bytes next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                current = next--;
                return members[current];
            }

            @Override
            public void remove() {
                if (current < 0) {
                    throw new IllegalStateException();
                }
                index.remove(members[current]);
                removeAt(current);
                current = -1;
            }
        };
    }

    public List<Bytes> toList() {
        return new ArrayList<>(Arrays.asList(members).subList(0, size));
    }

    public String encoding() {
        boolean allInts = size <= 512;
        for (int i = 0; i < size && allInts; i++) {
            allInts = Numbers.parseLongOrNull(members[i].bytes) != null;
        }
        if (allInts) {
            return "intset";
        }
        if (size <= 128) {
            for (int i = 0; i < size; i++) {
                if (members[i].bytes.length > 64) {
                    return "hashtable";
                }
            }
            return "listpack";
        }
        return "hashtable";
    }
}
