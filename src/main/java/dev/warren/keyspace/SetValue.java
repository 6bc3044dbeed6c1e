package dev.warren.keyspace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** A set of members, in insertion order. */
public final class SetValue extends LinkedHashSet<Bytes> {
    public String encoding() {
        boolean allInts = size() <= 512;
        for (Bytes b : this) {
            if (!allInts) {
                break;
            }
            allInts = Numbers.parseLongOrNull(b.bytes) != null;
        }
        if (allInts) {
            return "intset";
        }
        if (size() <= 128) {
            for (Bytes b : this) {
                if (b.bytes.length > 64) {
                    return "hashtable";
                }
            }
            return "listpack";
        }
        return "hashtable";
    }

    public List<Bytes> toList() {
        return new ArrayList<>(this);
    }
}
