package dev.warren.keyspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A sorted set: member to score in a {@link MemberScores} hash table plus the {@link ScoreTree}, a counted
 * B+ tree of (score, member), for order and rank. The two share the member arrays (a member's bytes are
 * copied once, when it is added). Ranks, access by rank and the ends of score and lex ranges are
 * O(log n).
 */
public final class SortedSetValue {
    private final MemberScores map;
    private final ScoreTree tree;

    public SortedSetValue() {
        this(new MemberScores(), new ScoreTree());
    }

    private SortedSetValue(MemberScores map, ScoreTree tree) {
        this.map = map;
        this.tree = tree;
    }

    /** A member with its score (range replies, pops). */
    public record Element(byte[] member, double score) {
    }

    public int size() {
        return map.size();
    }

    public Double score(Bytes member) {
        return score(member.bytes);
    }

    public Double score(byte[] member) {
        int i = map.find(member);
        return i < 0 ? null : map.score(i);
    }

    /** The member's score, or NaN when it is not in the set (a score is never NaN). */
    public double scoreOrNaN(byte[] member) {
        int i = map.find(member);
        return i < 0 ? Double.NaN : map.score(i);
    }

    /** Adds or re-scores a member; returns true when it was added. */
    public boolean put(Bytes member, double score) {
        return put(member.bytes, score);
    }

    public boolean put(byte[] member, double score) {
        int h = LinearProbing.hash(member);
        int i = map.find(member, h);
        if (i < 0) {
            insert(member.clone(), h, score);
            return true;
        }
        rescoreAt(i, score);
        return false;
    }

    /** Adds a member known to be absent (after {@link #scoreOrNaN} returned NaN); its bytes are copied. */
    public void add(byte[] member, double score) {
        insert(member.clone(), LinearProbing.hash(member), score);
    }

    private void insert(byte[] m, int h, double score) {
        map.add(m, h, score);
        tree.insert(score, m);
    }

    /** Re-scores a member known to be present. */
    public void rescore(byte[] member, double score) {
        int i = map.find(member);
        if (i < 0) {
            throw new IllegalStateException("not a member");
        }
        rescoreAt(i, score);
    }

    private void rescoreAt(int slot, double score) {
        double old = map.score(slot);
        // != as in Redis: -0.0 and 0.0 are the same score, the stored one stays
        if (old != score) {
            map.score(slot, score);
            tree.update(old, map.key(slot), score);
        }
    }

    public boolean remove(Bytes member) {
        return remove(member.bytes);
    }

    public boolean remove(byte[] member) {
        int i = map.find(member);
        if (i < 0) {
            return false;
        }
        tree.delete(map.score(i), map.key(i));
        map.removeAt(i);
        return true;
    }

    /** 0-based rank or -1. */
    public long rank(Bytes member, boolean reverse) {
        int i = map.find(member.bytes);
        if (i < 0) {
            return -1;
        }
        long r = tree.rank(map.score(i), map.key(i));
        return reverse ? size() - 1 - r : r;
    }

    /** A cursor on the element of 0-based rank {@code r} (ascending order), or null when out of range. */
    public ScoreTree.Cursor at(long r) {
        return tree.at(r);
    }

    public Element first() {
        ScoreTree.Cursor c = tree.first();
        return c == null ? null : new Element(c.member(), c.score());
    }

    public Element last() {
        ScoreTree.Cursor c = tree.last();
        return c == null ? null : new Element(c.member(), c.score());
    }

    /** The rank the first element with a score in range would have (elements below the range's min). */
    public long firstRank(ScoreRange r) {
        return tree.countPrefix((s, m) -> !r.aboveMin(s));
    }

    /** The rank of the last element with a score at or below the range's max (-1 when none). */
    public long lastRank(ScoreRange r) {
        return tree.countPrefix((s, m) -> r.belowMax(s)) - 1;
    }

    public long firstRank(LexRange r) {
        return tree.countPrefix((s, m) -> !r.aboveMin(m));
    }

    public long lastRank(LexRange r) {
        return tree.countPrefix((s, m) -> r.belowMax(m)) - 1;
    }

    /** Every element in order (serialising, copying). */
    public void forEach(ScoreTree.Visitor v) {
        tree.forEach(v);
    }

    /** The members in ascending order, lazily (memory sampling). */
    public Iterable<Bytes> members() {
        return () -> new Iterator<>() {
            private final ScoreTree.Cursor c = tree.first();
            private boolean valid = c != null;

            @Override
            public boolean hasNext() {
                return valid;
            }

            @Override
            public Bytes next() {
                if (!valid) {
                    throw new NoSuchElementException();
                }
                Bytes b = new Bytes(c.member());
                valid = c.next();
                return b;
            }
        };
    }

    /** Every element, in order (random picks). */
    public List<Element> elements() {
        List<Element> out = new ArrayList<>(size());
        tree.forEach((s, m) -> out.add(new Element(m, s)));
        return out;
    }

    /** A copy of the member-to-score mapping (ZUNION and friends). */
    public Map<Bytes, Double> scoreMap() {
        HashMap<Bytes, Double> m = new HashMap<>(Math.max(16, (int) (size() / 0.75f) + 1));
        tree.forEach((s, b) -> m.put(new Bytes(b), s));
        return m;
    }

    public String encoding() {
        if (size() > 128) {
            return "skiplist";
        }
        boolean[] big = {false};
        tree.forEach((s, b) -> big[0] |= b.length > 64);
        return big[0] ? "skiplist" : "listpack";
    }

    /** An independent copy (copy-on-write snapshots): O(n), the tree built bottom-up from the order. */
    public SortedSetValue copy() {
        int n = size();
        double[] scores = new double[n];
        byte[][] members = new byte[n][];
        int[] at = {0};
        tree.forEach((s, m) -> {
            scores[at[0]] = s;
            members[at[0]++] = m;
        });
        // member arrays are never changed in place, so the copy shares them
        MemberScores copyMap = new MemberScores(n);
        for (int i = 0; i < n; i++) {
            copyMap.add(members[i], LinearProbing.hash(members[i]), scores[i]);
        }
        return new SortedSetValue(copyMap, ScoreTree.build(scores, members, n));
    }

    /** The tree (tests). */
    ScoreTree tree() {
        return tree;
    }

    /** A score interval with optional exclusive ends. */
    public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
        public boolean aboveMin(double v) {
            return minExclusive ? v > min : v >= min;
        }

        public boolean belowMax(double v) {
            return maxExclusive ? v < max : v <= max;
        }

        public boolean isEmpty() {
            return min > max || (min == max && (minExclusive || maxExclusive));
        }
    }

    /**
     * A lexicographic interval. An infinite end ({@code -} or {@code +}) has no bytes; it either accepts
     * every member ("-" as min, "+" as max) or none ("+" as min, "-" as max).
     */
    public record LexRange(byte[] min, boolean minExclusive, boolean minInfinite, boolean minAcceptsAll,
                           byte[] max, boolean maxExclusive, boolean maxInfinite, boolean maxAcceptsAll) {
        public boolean aboveMin(byte[] m) {
            if (minInfinite) {
                return minAcceptsAll;
            }
            int c = Arrays.compareUnsigned(m, min);
            return minExclusive ? c > 0 : c >= 0;
        }

        public boolean belowMax(byte[] m) {
            if (maxInfinite) {
                return maxAcceptsAll;
            }
            int c = Arrays.compareUnsigned(m, max);
            return maxExclusive ? c < 0 : c <= 0;
        }
    }
}
