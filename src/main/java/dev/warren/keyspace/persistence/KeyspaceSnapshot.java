package dev.warren.keyspace.persistence;

import dev.warren.keyspace.CopyOnWrite;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.Keyspace;
import dev.warren.keyspace.command.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * A point-in-time view of the keyspace for a background rewrite, copy-on-write per value. Taking it
 * records, under the keyspace lock, a reference to every key's value (one pass over the keys, no copy of
 * the data). Until the writer has written a collection, a write command about to change it in place
 * first replaces the view's reference by a copy ({@link #beforeChange}); the writer then serialises the
 * values a slice at a time, each slice under the lock. So commands wait at most for one slice (about
 * {@code sliceBytes} of output, or one value if it is bigger), not for a copy of the whole data. Strings
 * are never changed in place (commands replace the array), so they are not tracked.
 */
public final class KeyspaceSnapshot implements CopyOnWrite {
    private static final class Item {
        final int db;
        final byte[] key;
        Object value;
        final long expireAt;

        Item(int db, byte[] key, Object value, long expireAt) {
            this.db = db;
            this.key = key;
            this.value = value;
            this.expireAt = expireAt;
        }
    }

    private final List<Item> items = new ArrayList<>();
    private final IdentityHashMap<Object, Item> unwritten = new IdentityHashMap<>();
    private int next;
    private int currentDb = -1;
    private long copies;

    private KeyspaceSnapshot() {
    }

    /** Takes the view; call under the keyspace lock. */
    public static KeyspaceSnapshot take(Keyspace keyspace) {
        KeyspaceSnapshot s = new KeyspaceSnapshot();
        for (int i = 0; i < Keyspace.DATABASES; i++) {
            for (Entry e : keyspace.db(i).entries()) {
                Item item = new Item(i, e.key.bytes, e.value, e.expireAt());
                s.items.add(item);
                if (!(e.value instanceof byte[])) {
                    s.unwritten.put(e.value, item);
                }
            }
        }
        return s;
    }

    @Override
    public void beforeChange(Object value) {
        Item item = unwritten.remove(value);
        if (item != null) {
            item.value = Values.copy(value);
            copies++;
        }
    }

    /**
     * Serialises the next values into {@code out} until it holds at least {@code sliceBytes}; call under
     * the keyspace lock. Returns true when every value has been written.
     */
    public boolean writeSlice(ByteArrayOutputStream out, int sliceBytes) {
        try {
            while (next < items.size() && out.size() < sliceBytes) {
                Item item = items.get(next);
                items.set(next, null);
                next++;
                unwritten.remove(item.value);
                if (item.db != currentDb) {
                    currentDb = item.db;
                    KeyspaceDump.command(out, KeyspaceDump.b("SELECT"), KeyspaceDump.b(Integer.toString(item.db)));
                }
                KeyspaceDump.writeEntry(out, item.key, item.value, item.expireAt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return next >= items.size();
    }

    /** How many values were copied because a command changed them before they were written. */
    public long copies() {
        return copies;
    }
}
