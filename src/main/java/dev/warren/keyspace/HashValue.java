package dev.warren.keyspace;

import java.util.LinkedHashMap;

/** A hash: fields to values, in insertion order (as Redis's small listpack hashes reply). */
public final class HashValue extends LinkedHashMap<Bytes, byte[]> {
    public String encoding() {
        if (size() > 128) {
            return "hashtable";
        }
        for (var e : entrySet()) {
            if (e.getKey().bytes.length > 64 || e.getValue().length > 64) {
                return "hashtable";
            }
        }
        return "listpack";
    }
}
