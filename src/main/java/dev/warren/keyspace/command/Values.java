package dev.warren.keyspace.command;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Database;
import dev.warren.keyspace.Entry;
import dev.warren.keyspace.HashValue;
import dev.warren.keyspace.ListValue;
import dev.warren.keyspace.SetValue;
import dev.warren.keyspace.SortedSetValue;
import dev.warren.resp.session.RespClient;

/** Typed key lookups that fail with WRONGTYPE, and creation of empty collections on first write. */
public final class Values {
    private Values() {
    }

    public static Entry entry(RespClient c, byte[] key) {
        Entry e = c.db().lookup(c.key(key));
        if (e == null) {
            c.keyspace().misses++;
        } else {
            c.keyspace().hits++;
        }
        return e;
    }

    public static byte[] string(RespClient c, byte[] key) {
        Entry e = entry(c, key);
        if (e == null) {
            return null;
        }
        if (!(e.value instanceof byte[] b)) {
            throw Errors.wrongType();
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    private static <T> T typed(RespClient c, byte[] key, Class<T> type) {
        Entry e = entry(c, key);
        if (e == null) {
            return null;
        }
        if (!type.isInstance(e.value)) {
            throw Errors.wrongType();
        }
        return (T) e.value;
    }

    private static <T> T orCreate(RespClient c, byte[] key, Class<T> type, java.util.function.Supplier<T> create) {
        T v = typed(c, key, type);
        if (v == null) {
            v = create.get();
            c.db().insert(c.key(key), v);
        }
        return v;
    }

    public static HashValue hash(RespClient c, byte[] key) {
        return typed(c, key, HashValue.class);
    }

    public static HashValue hashOrCreate(RespClient c, byte[] key) {
        return orCreate(c, key, HashValue.class, HashValue::new);
    }

    public static ListValue list(RespClient c, byte[] key) {
        return typed(c, key, ListValue.class);
    }

    public static ListValue listOrCreate(RespClient c, byte[] key) {
        return orCreate(c, key, ListValue.class, ListValue::new);
    }

    public static SetValue set(RespClient c, byte[] key) {
        return typed(c, key, SetValue.class);
    }

    public static SetValue setOrCreate(RespClient c, byte[] key) {
        return orCreate(c, key, SetValue.class, SetValue::new);
    }

    public static SortedSetValue zset(RespClient c, byte[] key) {
        return typed(c, key, SortedSetValue.class);
    }

    public static SortedSetValue zsetOrCreate(RespClient c, byte[] key) {
        return orCreate(c, key, SortedSetValue.class, SortedSetValue::new);
    }

    public static dev.warren.keyspace.StreamValue stream(RespClient c, byte[] key) {
        return typed(c, key, dev.warren.keyspace.StreamValue.class);
    }

    /** Deletes the key when its collection became empty. */
    public static void deleteIfEmpty(Database db, byte[] key, int size) {
        if (size == 0) {
            db.delete(new Bytes(key));
        }
    }

    /** A deep copy of a value (COPY). */
    public static Object copy(Object v) {
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof ListValue l) {
            return l.copy();
        }
        if (v instanceof HashValue h) {
            HashValue n = new HashValue();
            n.putAll(h);
            return n;
        }
        if (v instanceof SetValue s) {
            SetValue n = new SetValue();
            n.addAll(s);
            return n;
        }
        if (v instanceof SortedSetValue z) {
            return z.copy();
        }
        if (v instanceof dev.warren.keyspace.StreamValue st) {
            return st.copy();
        }
        throw new IllegalStateException();
    }
}
