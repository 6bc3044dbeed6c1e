package dev.warren.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The ordered half of a sorted set: a skip list ordered by (score, member) whose forward links carry
 * spans (how many elements they skip), so rank lookups and access by rank are O(log n), as in Redis's
 * t_zset.c. Members are unique; the member-to-score map lives in {@link SortedSetValue}.
 */
public final class SkipList {
    static final int MAX_LEVEL = 32;

    /** One element. {@code next[i]} / {@code span[i]} are the level-i link and its width. */
    public static final class Node {
        public final Bytes member;
        public final double score;
        Node backward;
        final Node[] next;
        final long[] span;

        Node(int level, double score, Bytes member) {
            this.member = member;
            this.score = score;
            this.next = new Node[level];
            this.span = new long[level];
        }

        public Node next() {
            return next[0];
        }

        public Node previous() {
            return backward;
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int level = 1;
    private long length;

    public long length() {
        return length;
    }

    public Node first() {
        return header.next[0];
    }

    public Node last() {
        return tail;
    }

    private static int randomLevel() {
        int lvl = 1;
        ThreadLocalRandom r = ThreadLocalRandom.current();
        while (lvl < MAX_LEVEL && r.nextInt(4) == 0) {
            lvl++;
        }
        return lvl;
    }

    private static boolean before(Node n, double score, Bytes member) {
        return n.score < score || (n.score == score && n.member.compareTo(member) < 0);
    }

    public Node insert(double score, Bytes member) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.next[i] != null && before(x.next[i], score, member)) {
                rank[i] += x.span[i];
                x = x.next[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            x.next[i] = update[i].next[i];
            update[i].next[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.next[0] != null) {
            x.next[0].backward = x;
        } else {
            tail = x;
        }
        length++;
        return x;
    }

    public boolean delete(double score, Bytes member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && before(x.next[i], score, member)) {
                x = x.next[i];
            }
            update[i] = x;
        }
        x = x.next[0];
        if (x == null || x.score != score || !x.member.equals(member)) {
            return false;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].next[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].next[i] = x.next[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.next[0] != null) {
            x.next[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.next[level - 1] == null) {
            level--;
        }
        length--;
        return true;
    }

    /** 1-based rank of the element, or 0 when absent. */
    public long rank(double score, Bytes member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && (before(x.next[i], score, member)
                    || (x.next[i].score == score && x.next[i].member.equals(member)))) {
                rank += x.span[i];
                x = x.next[i];
            }
            if (x.member != null && x.score == score && x.member.equals(member)) {
                return rank;
            }
        }
        return 0;
    }

    /** The element at 1-based rank, or null. */
    public Node byRank(long rank) {
        if (rank < 1 || rank > length) {
            return null;
        }
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.next[i];
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    /** The first element with score in range (min side), or null. */
    public Node firstInRange(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && !r.aboveMin(x.next[i].score)) {
                x = x.next[i];
            }
        }
        x = x.next[0];
        return x != null && r.belowMax(x.score) ? x : null;
    }

    public Node lastInRange(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && r.belowMax(x.next[i].score)) {
                x = x.next[i];
            }
        }
        return x != header && r.aboveMin(x.score) ? x : null;
    }

    public Node firstInLexRange(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && !r.aboveMin(x.next[i].member)) {
                x = x.next[i];
            }
        }
        x = x.next[0];
        return x != null && r.belowMax(x.member) ? x : null;
    }

    public Node lastInLexRange(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && r.belowMax(x.next[i].member)) {
                x = x.next[i];
            }
        }
        return x != header && r.aboveMin(x.member) ? x : null;
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
        public boolean aboveMin(Bytes m) {
            if (minInfinite) {
                return minAcceptsAll;
            }
            int c = java.util.Arrays.compareUnsigned(m.bytes, min);
            return minExclusive ? c > 0 : c >= 0;
        }

        public boolean belowMax(Bytes m) {
            if (maxInfinite) {
                return maxAcceptsAll;
            }
            int c = java.util.Arrays.compareUnsigned(m.bytes, max);
            return maxExclusive ? c < 0 : c <= 0;
        }
    }
}
