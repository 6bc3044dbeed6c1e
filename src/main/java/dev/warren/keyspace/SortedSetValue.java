package dev.warren.keyspace;

import java.util.HashMap;

/** A sorted set: member to score in a hash map plus the {@link SkipList} for order and rank. */
public final class SortedSetValue {
    public final HashMap<Bytes, Double> scores = new HashMap<>();
    public final SkipList list = new SkipList();

    public int size() {
        return scores.size();
    }

    public Double score(Bytes member) {
        return scores.get(member);
    }

    /** Adds or re-scores a member. */
    public void put(Bytes member, double score) {
        Double old = scores.put(member, score);
        if (old != null) {
            if (old == score) {
                return;
            }
            list.delete(old, member);
        }
        list.insert(score, member);
    }

    public boolean remove(Bytes member) {
        Double old = scores.remove(member);
        if (old == null) {
            return false;
        }
        list.delete(old, member);
        return true;
    }

    /** 0-based rank or -1. */
    public long rank(Bytes member, boolean reverse) {
        Double s = scores.get(member);
        if (s == null) {
            return -1;
        }
        long r = list.rank(s, member);
        return reverse ? size() - r : r - 1;
    }

    public String encoding() {
        if (size() > 128) {
            return "skiplist";
        }
        for (Bytes b : scores.keySet()) {
            if (b.bytes.length > 64) {
                return "skiplist";
            }
        }
        return "listpack";
    }

    public SortedSetValue copy() {
        SortedSetValue c = new SortedSetValue();
        for (SkipList.Node n = list.first(); n != null; n = n.next()) {
            c.put(n.member, n.score);
        }
        return c;
    }
}
