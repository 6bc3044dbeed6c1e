package dev.warren.keyspace;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ordered half of a sorted set: a skip list ordered by (score, member) whose forward links carry
 * spans (how many elements they skip), so rank lookups and access by rank are O(log n), as in Redis's
 * t_zset.c. Members are unique; the member-to-node map lives in {@link SortedSetValue}.
 *
 * <p>Layout: a node keeps its first four levels (links and spans) in fields and only levels 5 and up in
 * arrays. With Redis's level probability of 1/4, 99.6% of nodes are one object, and a search touches one
 * cache line per node on the lower levels, where most of its misses are (the few nodes of the upper
 * levels stay cached). A re-scored member keeps its node: in place when its neighbours still bracket the
 * new score, else unlinked and linked again at its new position.
 *
 * <p>Not thread-safe: mutated under the keyspace lock. The search scratch arrays belong to the list.
 */
public final class SkipList {
    static final int MAX_LEVEL = 32;
    private static final int INLINE = 4;

    /** One element. Its links: level 0 to 3 in fields, higher levels in {@code upNext} / {@code upSpan}. */
    public static final class Node {
        public final Bytes member;
        /** The member's bytes, compared without going through {@link #member}. */
        final byte[] key;
        /** The score; changed only by {@link SkipList#updateScore}. */
        public double score;
        Node backward;
        Node n0;
        Node n1;
        Node n2;
        Node n3;
        int s1;
        int s2;
        int s3;
        final Node[] upNext;
        final int[] upSpan;
        final byte level;

        Node(int level, double score, Bytes member) {
            this.member = member;
            this.key = member == null ? null : member.bytes;
            this.score = score;
            this.level = (byte) level;
            if (level > INLINE) {
                upNext = new Node[level - INLINE];
                upSpan = new int[level - INLINE];
            } else {
                upNext = null;
                upSpan = null;
            }
        }

        public Node next() {
            return n0;
        }

        public Node previous() {
            return backward;
        }

        Node next(int i) {
            switch (i) {
                case 0: return n0;
                case 1: return n1;
                case 2: return n2;
                case 3: return n3;
                default: return upNext[i - INLINE];
            }
        }

        void next(int i, Node n) {
            switch (i) {
                case 0 -> n0 = n;
                case 1 -> n1 = n;
                case 2 -> n2 = n;
                case 3 -> n3 = n;
                default -> upNext[i - INLINE] = n;
            }
        }

        int span(int i) {
            switch (i) {
                case 0: return 1; // adjacent nodes (a level-0 link to null is never followed)
                case 1: return s1;
                case 2: return s2;
                case 3: return s3;
                default: return upSpan[i - INLINE];
            }
        }

        void span(int i, int s) {
            switch (i) {
                case 0 -> { }
                case 1 -> s1 = s;
                case 2 -> s2 = s;
                case 3 -> s3 = s;
                default -> upSpan[i - INLINE] = s;
            }
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int level = 1;
    private int length;
    /** Search scratch: the last node before the target on each level, and its rank. */
    private Node[] update;
    private int[] rank;

    public long length() {
        return length;
    }

    public Node first() {
        return header.n0;
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

    /** True when node {@code n} orders before (score, member). */
    private static boolean before(Node n, double score, Bytes member) {
        double s = n.score;
        return s < score || (s == score && Arrays.compareUnsigned(n.key, member.bytes) < 0);
    }

    /** True when node {@code n} orders after (score, member). */
    private static boolean after(Node n, double score, Bytes member) {
        double s = n.score;
        return s > score || (s == score && Arrays.compareUnsigned(n.key, member.bytes) > 0);
    }

    /**
     * Fills {@code update} with the predecessors of (score, member) on every level and {@code rank} with
     * their ranks. The four inline levels are walked through their fields directly.
     */
    private void search(double score, Bytes member) {
        if (update == null) {
            update = new Node[MAX_LEVEL];
            rank = new int[MAX_LEVEL];
        }
        Node[] update = this.update;
        int[] rank = this.rank;
        Node x = header;
        int r = 0;
        int top = level - 1;
        Node n;
        for (int i = top; i >= INLINE; i--) {
            int k = i - INLINE;
            while ((n = x.upNext[k]) != null && before(n, score, member)) {
                r += x.upSpan[k];
                x = n;
            }
            update[i] = x;
            rank[i] = r;
        }
        if (top >= 3) {
            while ((n = x.n3) != null && before(n, score, member)) {
                r += x.s3;
                x = n;
            }
            update[3] = x;
            rank[3] = r;
        }
        if (top >= 2) {
            while ((n = x.n2) != null && before(n, score, member)) {
                r += x.s2;
                x = n;
            }
            update[2] = x;
            rank[2] = r;
        }
        if (top >= 1) {
            while ((n = x.n1) != null && before(n, score, member)) {
                r += x.s1;
                x = n;
            }
            update[1] = x;
            rank[1] = r;
        }
        while ((n = x.n0) != null && before(n, score, member)) {
            r++;
            x = n;
        }
        update[0] = x;
        rank[0] = r;
    }

    /** Adds a member known to be absent. */
    public Node insert(double score, Bytes member) {
        Node x = new Node(randomLevel(), score, member);
        link(x);
        return x;
    }

    /** Links a node not in the list at the place of its (score, member), keeping its level. */
    private void link(Node x) {
        search(x.score, x.member);
        Node[] update = this.update;
        int[] rank = this.rank;
        int lvl = x.level;
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span(i, length);
            }
            level = lvl;
        }
        int r0 = rank[0];
        for (int i = 0; i < lvl; i++) {
            Node u = update[i];
            x.next(i, u.next(i));
            u.next(i, x);
            int us = u.span(i);
            x.span(i, us - (r0 - rank[i]));
            u.span(i, (r0 - rank[i]) + 1);
        }
        for (int i = lvl; i < level; i++) {
            Node u = update[i];
            u.span(i, u.span(i) + 1);
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.n0 != null) {
            x.n0.backward = x;
        } else {
            tail = x;
        }
        length++;
    }

    /** Unlinks {@code x}, which is in the list; {@code update} holds its predecessors. */
    private void unlink(Node x) {
        Node[] update = this.update;
        for (int i = 0; i < level; i++) {
            Node u = update[i];
            if (u.next(i) == x) {
                u.span(i, u.span(i) + x.span(i) - 1);
                u.next(i, x.next(i));
            } else {
                u.span(i, u.span(i) - 1);
            }
        }
        if (x.n0 != null) {
            x.n0.backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.next(level - 1) == null) {
            level--;
        }
        length--;
        for (int i = 0; i < x.level; i++) {
            x.next(i, null);
            x.span(i, 0);
        }
        x.backward = null;
    }

    public boolean delete(double score, Bytes member) {
        search(score, member);
        Node x = update[0].n0;
        if (x == null || x.score != score || !x.member.equals(member)) {
            return false;
        }
        unlink(x);
        return true;
    }

    /** Removes a node of this list. */
    public void delete(Node x) {
        search(x.score, x.member);
        if (update[0].n0 != x) {
            throw new IllegalStateException("node not in the skip list");
        }
        unlink(x);
    }

    /**
     * Changes the score of a node of this list: in place when the neighbours still bracket the new
     * score, else the node moves (unlinked, then linked again at its new position with its level).
     */
    public void updateScore(Node x, double score) {
        // the search for the predecessors comes first: it is needed to move the node, and it leaves the
        // previous node in cache for the in-place test
        search(x.score, x.member);
        if (update[0].n0 != x) {
            throw new IllegalStateException("node not in the skip list");
        }
        Node prev = x.backward;
        Node next = x.n0;
        if ((prev == null || before(prev, score, x.member)) && (next == null || after(next, score, x.member))) {
            x.score = score;
            return;
        }
        unlink(x);
        x.score = score;
        link(x);
    }

    /** 1-based rank of the element, or 0 when absent. */
    public long rank(double score, Bytes member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node n;
            while ((n = x.next(i)) != null && (before(n, score, member)
                    || (n.score == score && n.member.equals(member)))) {
                rank += x.span(i);
                x = n;
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
            Node n;
            while ((n = x.next(i)) != null && traversed + x.span(i) <= rank) {
                traversed += x.span(i);
                x = n;
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
            Node n;
            while ((n = x.next(i)) != null && !r.aboveMin(n.score)) {
                x = n;
            }
        }
        x = x.n0;
        return x != null && r.belowMax(x.score) ? x : null;
    }

    public Node lastInRange(ScoreRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node n;
            while ((n = x.next(i)) != null && r.belowMax(n.score)) {
                x = n;
            }
        }
        return x != header && r.aboveMin(x.score) ? x : null;
    }

    public Node firstInLexRange(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node n;
            while ((n = x.next(i)) != null && !r.aboveMin(n.member)) {
                x = n;
            }
        }
        x = x.n0;
        return x != null && r.belowMax(x.member) ? x : null;
    }

    public Node lastInLexRange(LexRange r) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node n;
            while ((n = x.next(i)) != null && r.belowMax(n.member)) {
                x = n;
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
