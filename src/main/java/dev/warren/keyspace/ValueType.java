package dev.warren.keyspace;

/** The type of a value as TYPE names it. */
public enum ValueType {
    STRING("string"), LIST("list"), SET("set"), ZSET("zset"), HASH("hash"), STREAM("stream");

    public final String typeName;

    ValueType(String name) {
        this.typeName = name;
    }

    public static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        if (value instanceof ListValue) {
            return LIST;
        }
        if (value instanceof SetValue) {
            return SET;
        }
        if (value instanceof SortedSetValue) {
            return ZSET;
        }
        if (value instanceof HashValue) {
            return HASH;
        }
        if (value instanceof StreamValue) {
            return STREAM;
        }
        throw new IllegalStateException("unknown value " + value.getClass());
    }

    public static ValueType byName(String name) {
        for (ValueType t : values()) {
            if (t.typeName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
