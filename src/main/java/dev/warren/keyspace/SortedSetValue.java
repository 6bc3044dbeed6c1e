package dev.warren.keyspace;

import java.util.HashMap;
import java.util.Map;

/**
 * A sorted set: member to its skip list node in a hash map (the node holds the score) plus the
 * {@link SkipList} for order and rank. One hash lookup finds a member's score and its place in the list.
 */
public final class SortedSetValue {
    private final HashMap<Bytes, SkipList.Node> nodes = new HashMap<>();
    public final SkipList list = new SkipList();

    public int size() {
        return nodes.size();
    }

    public Double score(Bytes member) {
        SkipList.Node n = nodes.get(member);
        return n == null ? null : n.score;
    }

    /** The member's node (its score, neighbours), or null. */
    public SkipList.Node node(Bytes member) {
        return nodes.get(member);
    }

    /** Adds or re-scores a member. */
    public void put(Bytes member, double score) {
        SkipList.Node n = nodes.get(member);
        if (n == null) {
            add(member, score);
        } else if (n.score != score) {
            list.updateScore(n, score);
        }
    }

    /** Adds a member known to be absent (after {@link #node} returned null). */
    public void add(Bytes member, double score) {
        // a copy of the member's bytes allocated together with its node: the searches compare members
        // of equal scores, and the bytes next to the node are usually in the same or the adjacent
        // cache line, where the request's array is anywhere in the heap
        Bytes m = new Bytes(member.bytes.clone());
        nodes.put(m, list.insert(score, m));
    }

    /** Re-scores a member through its node (from {@link #node}). */
    public void rescore(SkipList.Node n, double score) {
        if (n.score != score) {
            list.updateScore(n, score);
        }
    }

    public boolean remove(Bytes member) {
        SkipList.Node n = nodes.remove(member);
        if (n == null) {
            return false;
        }
        list.delete(n);
        return true;
    }

    /** 0-based rank or -1. */
    public long rank(Bytes member, boolean reverse) {
        SkipList.Node n = nodes.get(member);
        if (n == null) {
            return -1;
        }
        long r = list.rank(n.score, member);
        return reverse ? size() - r : r - 1;
    }

    /** The members (hash order). */
    public java.util.Set<Bytes> members() {
        return nodes.keySet();
    }

    /** A copy of the member-to-score mapping (ZUNION and friends). */
    public Map<Bytes, Double> scoreMap() {
        HashMap<Bytes, Double> m = new HashMap<>(Math.max(16, (int) (nodes.size() / 0.75f) + 1));
        for (SkipList.Node n = list.first(); n != null; n = n.next()) {
            m.put(n.member, n.score);
        }
        return m;
    }

    public String encoding() {
        if (size() > 128) {
            return "skiplist";
        }
        for (Bytes b : nodes.keySet()) {
            if (b.bytes.length > 64) {
                return "skiplist";
            }
        }
        return "listpack";
    }

    public SortedSetValue copy() {
        SortedSetValue c = new SortedSetValue();
        for (SkipList.Node n = list.first(); n != null; n = n.next()) {
            c.add(n.member, n.score);
        }
        return c;
    }
}
