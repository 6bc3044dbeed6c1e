package dev.warren.keyspace;

import java.util.Arrays;

/**
 * The ordered half of a sorted set: a counted B+ tree (an order-statistic B-tree) of (score, member)
 * pairs, ordered by score, then by member as unsigned bytes, as in Redis. Every inner node keeps, per
 * child, how many elements lie below it, so rank lookups, access by rank and counts of ranges are
 * O(log n). The elements sit in leaves of up to 64 (scores in one {@code double[]}, members in one
 * array) linked both ways for range walks; an inner node holds up to 64 children.
 *
 * <p>Why not a skip list (Redis's choice): in Java a skip list node is an object (or two) reached through
 * references, so a search of a big set costs one cache miss per visited node, about 20 for 100000
 * members. Here a search visits three nodes, each a binary search in a few contiguous arrays: fewer,
 * and partly overlapping, misses; the upper levels (a few KB) stay in cache.
 *
 * <p>Separators: {@code scores[i], members[i]} of an inner node (i &gt;= 1) is a lower bound of child i
 * and above every element of child i - 1 (the first key of the child when it was split off; it stays valid
 * when that element goes). Slot 0 is not used. Nodes below a quarter full are merged with or refilled
 * from a sibling, so the height stays O(log n); only the last leaf may be emptier, since an append past
 * the end (ascending scores) splits a full last leaf into itself, still full, and a new one. Members are unique (the member-to-score map lives in
 * {@link SortedSetValue}); the tree stores the member arrays it is given, it does not copy them.
 *
 * <p>Not thread-safe: changed under the keyspace lock. Cursors are invalid after any change.
 */
public final class ScoreTree {
    static final int MAX_LEAF = 64;
    static final int MAX_INNER = 64;
    private static final int MAX_DEPTH = 32;

    static final class Leaf {
        final double[] scores;
        final byte[][] members;
        int n;
        Leaf prev;
        Leaf next;

        Leaf(int capacity) {
            scores = new double[capacity];
            members = new byte[capacity][];
        }
    }

    static final class Inner {
        final double[] scores;
        final byte[][] members;
        final Object[] children;
        final int[] counts;
        int n;

        Inner(int capacity) {
            scores = new double[capacity];
            members = new byte[capacity][];
            children = new Object[capacity];
            counts = new int[capacity];
        }
    }

    private final int maxLeaf;
    private final int maxInner;
    private final int minLeaf;
    private final int minInner;
    private Object root;
    private final Leaf head;
    private Leaf tail;
    private int size;
    /** Descent scratch: the inner nodes from the root and the child index taken in each. */
    private final Inner[] path = new Inner[MAX_DEPTH];
    private final int[] pathIndex = new int[MAX_DEPTH];

    public ScoreTree() {
        this(MAX_LEAF, MAX_INNER);
    }

    /** Small node sizes let the tests reach splits, merges and several levels with few elements. */
    ScoreTree(int maxLeaf, int maxInner) {
        if (maxLeaf < 4 || maxInner < 4) {
            throw new IllegalArgumentException("node sizes below 4");
        }
        this.maxLeaf = maxLeaf;
        this.maxInner = maxInner;
        this.minLeaf = maxLeaf / 4;
        this.minInner = Math.max(2, maxInner / 4);
        head = new Leaf(maxLeaf);
        tail = head;
        root = head;
    }

    public int size() {
        return size;
    }

    /** Orders (s1, m1) against (s2, m2): score first (-0.0 equals 0.0, as in C), then member bytes. */
    static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return m1 == m2 ? 0 : Arrays.compareUnsigned(m1, m2);
    }

    /** The child of {@code x} whose range holds (s, m): the last with a separator &lt;= (s, m), else 0. */
    private static int child(Inner x, double s, byte[] m) {
        double[] scores = x.scores;
        int lo = 1;
        int hi = x.n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double t = scores[mid];
            if (t < s || (t == s && (x.members[mid] == m || Arrays.compareUnsigned(x.members[mid], m) <= 0))) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo - 1;
    }

    /** The first index of the leaf whose element is &gt;= (s, m) (n when none). */
    private static int lowerBound(Leaf x, double s, byte[] m) {
        double[] scores = x.scores;
        int lo = 0;
        int hi = x.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double t = scores[mid];
            if (t < s || (t == s && x.members[mid] != m && Arrays.compareUnsigned(x.members[mid], m) < 0)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- insertion ----

    /** Adds (s, m); the member must not be in the tree. */
    public void insert(double s, byte[] m) {
        Object x = root;
        int depth = 0;
        while (x instanceof Inner in) {
            int i = child(in, s, m);
            in.counts[i]++;
            path[depth] = in;
            pathIndex[depth] = i;
            depth++;
            x = in.children[i];
        }
        Leaf leaf = (Leaf) x;
        int at = lowerBound(leaf, s, m);
        size++;
        if (leaf.n < maxLeaf) {
            insertAt(leaf, at, s, m);
            return;
        }
        // full: split, keeping the left leaf full when appending at the very end (ascending scores)
        int mid = at == leaf.n && leaf.next == null ? leaf.n : leaf.n / 2;
        Leaf right = new Leaf(maxLeaf);
        int moved = leaf.n - mid;
        System.arraycopy(leaf.scores, mid, right.scores, 0, moved);
        System.arraycopy(leaf.members, mid, right.members, 0, moved);
        Arrays.fill(leaf.members, mid, leaf.n, null);
        right.n = moved;
        leaf.n = mid;
        right.next = leaf.next;
        right.prev = leaf;
        if (leaf.next != null) {
            leaf.next.prev = right;
        } else {
            tail = right;
        }
        leaf.next = right;
        if (at < mid || (at == mid && mid < maxLeaf)) {
            insertAt(leaf, at, s, m);
        } else {
            insertAt(right, at - mid, s, m);
        }
        splitUp(depth, leaf.n, right.scores[0], right.members[0], right, right.n);
    }

    private static void insertAt(Leaf x, int at, double s, byte[] m) {
        int tailLength = x.n - at;
        if (tailLength > 0) {
            System.arraycopy(x.scores, at, x.scores, at + 1, tailLength);
            System.arraycopy(x.members, at, x.members, at + 1, tailLength);
        }
        x.scores[at] = s;
        x.members[at] = m;
        x.n++;
    }

    /**
     * The node below {@code path[depth - 1]} was split: its left part keeps {@code leftCount} elements,
     * {@code right} (first key (s, m)) holds {@code rightCount}. Inserts {@code right} into the parent,
     * splitting upwards as needed.
     */
    private void splitUp(int depth, int leftCount, double s, byte[] m, Object right, int rightCount) {
        while (depth > 0) {
            depth--;
            Inner p = path[depth];
            int i = pathIndex[depth];
            p.counts[i] = leftCount;
            if (p.n < maxInner) {
                insertChild(p, i + 1, s, m, right, rightCount);
                return;
            }
            int mid = p.n / 2;
            Inner q = new Inner(maxInner);
            int moved = p.n - mid;
            System.arraycopy(p.scores, mid, q.scores, 0, moved);
            System.arraycopy(p.members, mid, q.members, 0, moved);
            System.arraycopy(p.children, mid, q.children, 0, moved);
            System.arraycopy(p.counts, mid, q.counts, 0, moved);
            Arrays.fill(p.members, mid, p.n, null);
            Arrays.fill(p.children, mid, p.n, null);
            q.n = moved;
            p.n = mid;
            // q's first child keeps its separator in slot 0: it goes up as q's key
            if (i + 1 <= mid) {
                insertChild(p, i + 1, s, m, right, rightCount);
            } else {
                insertChild(q, i + 1 - mid, s, m, right, rightCount);
            }
            leftCount = sum(p);
            rightCount = sum(q);
            s = q.scores[0];
            m = q.members[0];
            q.members[0] = null;
            right = q;
        }
        Inner r = new Inner(maxInner);
        r.children[0] = root;
        r.counts[0] = leftCount;
        r.children[1] = right;
        r.counts[1] = rightCount;
        r.scores[1] = s;
        r.members[1] = m;
        r.n = 2;
        root = r;
    }

    private static int sum(Inner x) {
        int t = 0;
        for (int i = 0; i < x.n; i++) {
            t += x.counts[i];
        }
        return t;
    }

    private static void insertChild(Inner p, int at, double s, byte[] m, Object child, int count) {
        int tailLength = p.n - at;
        if (tailLength > 0) {
            System.arraycopy(p.scores, at, p.scores, at + 1, tailLength);
            System.arraycopy(p.members, at, p.members, at + 1, tailLength);
            System.arraycopy(p.children, at, p.children, at + 1, tailLength);
            System.arraycopy(p.counts, at, p.counts, at + 1, tailLength);
        }
        p.scores[at] = s;
        p.members[at] = m;
        p.children[at] = child;
        p.counts[at] = count;
        p.n++;
    }

    // ---- removal ----

    /** Removes (s, m); returns false when it is not in the tree. */
    public boolean delete(double s, byte[] m) {
        Object x = root;
        int depth = 0;
        while (x instanceof Inner in) {
            int i = child(in, s, m);
            path[depth] = in;
            pathIndex[depth] = i;
            depth++;
            x = in.children[i];
        }
        Leaf leaf = (Leaf) x;
        int at = lowerBound(leaf, s, m);
        if (at >= leaf.n || compare(leaf.scores[at], leaf.members[at], s, m) != 0) {
            return false;
        }
        for (int d = 0; d < depth; d++) {
            path[d].counts[pathIndex[d]]--;
        }
        size--;
        int tailLength = leaf.n - at - 1;
        if (tailLength > 0) {
            System.arraycopy(leaf.scores, at + 1, leaf.scores, at, tailLength);
            System.arraycopy(leaf.members, at + 1, leaf.members, at, tailLength);
        }
        leaf.members[--leaf.n] = null;
        if (leaf.n < minLeaf && depth > 0) {
            rebalanceLeaf(path[depth - 1], pathIndex[depth - 1]);
            for (int d = depth - 1; d > 0 && path[d].n < minInner; d--) {
                rebalanceInner(path[d - 1], pathIndex[d - 1]);
            }
            while (root instanceof Inner r && r.n == 1) {
                root = r.children[0];
            }
        }
        return true;
    }

    /** Changes the score of (old, m), which is in the tree: in place when its neighbours allow, else moved. */
    public void update(double old, byte[] m, double s) {
        Object x = root;
        while (x instanceof Inner in) {
            x = in.children[child(in, old, m)];
        }
        Leaf leaf = (Leaf) x;
        int at = lowerBound(leaf, old, m);
        if (at > 0 && at < leaf.n - 1 && leaf.members[at] == m
                && compare(leaf.scores[at - 1], leaf.members[at - 1], s, m) < 0
                && compare(leaf.scores[at + 1], leaf.members[at + 1], s, m) > 0) {
            // strictly inside the leaf and still between its neighbours: the separators stay valid
            leaf.scores[at] = s;
            return;
        }
        if (!delete(old, m)) {
            throw new IllegalStateException("element not in the tree");
        }
        insert(s, m);
    }

    /** The leaf at {@code p.children[i]} has too few elements: merge it with a sibling or take some over. */
    private void rebalanceLeaf(Inner p, int i) {
        int li = i > 0 ? i - 1 : i;
        Leaf left = (Leaf) p.children[li];
        Leaf right = (Leaf) p.children[li + 1];
        int total = left.n + right.n;
        if (total <= maxLeaf) {
            System.arraycopy(right.scores, 0, left.scores, left.n, right.n);
            System.arraycopy(right.members, 0, left.members, left.n, right.n);
            left.n = total;
            left.next = right.next;
            if (right.next != null) {
                right.next.prev = left;
            } else {
                tail = left;
            }
            p.counts[li] = total;
            removeChild(p, li + 1);
            return;
        }
        int want = total / 2;
        if (left.n > want) {
            int k = left.n - want;
            System.arraycopy(right.scores, 0, right.scores, k, right.n);
            System.arraycopy(right.members, 0, right.members, k, right.n);
            System.arraycopy(left.scores, want, right.scores, 0, k);
            System.arraycopy(left.members, want, right.members, 0, k);
            Arrays.fill(left.members, want, left.n, null);
            left.n = want;
            right.n += k;
        } else {
            int k = want - left.n;
            System.arraycopy(right.scores, 0, left.scores, left.n, k);
            System.arraycopy(right.members, 0, left.members, left.n, k);
            System.arraycopy(right.scores, k, right.scores, 0, right.n - k);
            System.arraycopy(right.members, k, right.members, 0, right.n - k);
            Arrays.fill(right.members, right.n - k, right.n, null);
            left.n = want;
            right.n -= k;
        }
        p.scores[li + 1] = right.scores[0];
        p.members[li + 1] = right.members[0];
        p.counts[li] = left.n;
        p.counts[li + 1] = right.n;
    }

    /** The inner node at {@code p.children[i]} has too few children: merge it with a sibling or balance. */
    private void rebalanceInner(Inner p, int i) {
        int li = i > 0 ? i - 1 : i;
        Inner left = (Inner) p.children[li];
        Inner right = (Inner) p.children[li + 1];
        if (left.n + right.n <= maxInner) {
            int at = left.n;
            System.arraycopy(right.scores, 0, left.scores, at, right.n);
            System.arraycopy(right.members, 0, left.members, at, right.n);
            System.arraycopy(right.children, 0, left.children, at, right.n);
            System.arraycopy(right.counts, 0, left.counts, at, right.n);
            // right's first child is separated from left's last by the parent's key for right
            left.scores[at] = p.scores[li + 1];
            left.members[at] = p.members[li + 1];
            left.n += right.n;
            p.counts[li] += p.counts[li + 1];
            removeChild(p, li + 1);
            return;
        }
        int moved = 0;
        while (left.n > right.n + 1) {
            // left's last child becomes right's first
            int last = left.n - 1;
            System.arraycopy(right.scores, 0, right.scores, 1, right.n);
            System.arraycopy(right.members, 0, right.members, 1, right.n);
            System.arraycopy(right.children, 0, right.children, 1, right.n);
            System.arraycopy(right.counts, 0, right.counts, 1, right.n);
            right.children[0] = left.children[last];
            right.counts[0] = left.counts[last];
            right.scores[1] = p.scores[li + 1];
            right.members[1] = p.members[li + 1];
            right.members[0] = null;
            right.n++;
            p.scores[li + 1] = left.scores[last];
            p.members[li + 1] = left.members[last];
            moved -= left.counts[last];
            left.children[last] = null;
            left.members[last] = null;
            left.n = last;
        }
        while (right.n > left.n + 1) {
            // right's first child becomes left's last
            int at = left.n;
            left.children[at] = right.children[0];
            left.counts[at] = right.counts[0];
            left.scores[at] = p.scores[li + 1];
            left.members[at] = p.members[li + 1];
            left.n++;
            moved += right.counts[0];
            p.scores[li + 1] = right.scores[1];
            p.members[li + 1] = right.members[1];
            int rest = right.n - 1;
            System.arraycopy(right.scores, 1, right.scores, 0, rest);
            System.arraycopy(right.members, 1, right.members, 0, rest);
            System.arraycopy(right.children, 1, right.children, 0, rest);
            System.arraycopy(right.counts, 1, right.counts, 0, rest);
            right.children[rest] = null;
            right.members[rest] = null;
            right.members[0] = null;
            right.n = rest;
        }
        p.counts[li] += moved;
        p.counts[li + 1] -= moved;
    }

    private static void removeChild(Inner p, int at) {
        int tailLength = p.n - at - 1;
        if (tailLength > 0) {
            System.arraycopy(p.scores, at + 1, p.scores, at, tailLength);
            System.arraycopy(p.members, at + 1, p.members, at, tailLength);
            System.arraycopy(p.children, at + 1, p.children, at, tailLength);
            System.arraycopy(p.counts, at + 1, p.counts, at, tailLength);
        }
        p.n--;
        p.children[p.n] = null;
        p.members[p.n] = null;
    }

    // ---- queries ----

    /** The 0-based rank of (s, m), or -1 when it is not in the tree. */
    public long rank(double s, byte[] m) {
        long r = 0;
        Object x = root;
        while (x instanceof Inner in) {
            int i = child(in, s, m);
            for (int j = 0; j < i; j++) {
                r += in.counts[j];
            }
            x = in.children[i];
        }
        Leaf leaf = (Leaf) x;
        int at = lowerBound(leaf, s, m);
        if (at >= leaf.n || compare(leaf.scores[at], leaf.members[at], s, m) != 0) {
            return -1;
        }
        return r + at;
    }

    /** A cursor on the element of 0-based rank {@code r}, or null when out of range. */
    public Cursor at(long r) {
        if (r < 0 || r >= size) {
            return null;
        }
        Object x = root;
        while (x instanceof Inner in) {
            int i = 0;
            while (r >= in.counts[i]) {
                r -= in.counts[i];
                i++;
            }
            x = in.children[i];
        }
        return new Cursor((Leaf) x, (int) r);
    }

    public Cursor first() {
        return size == 0 ? null : new Cursor(head, 0);
    }

    public Cursor last() {
        return size == 0 ? null : new Cursor(tail, tail.n - 1);
    }

    /** An order-preserving test: true for a prefix of the elements (possibly none or all), false after. */
    public interface Prefix {
        boolean test(double score, byte[] member);
    }

    /** How many elements, from the first, pass {@code p}: the rank of the first one that does not. */
    public long countPrefix(Prefix p) {
        long r = 0;
        Object x = root;
        while (x instanceof Inner in) {
            // the last child whose separator passes holds the end of the prefix
            int lo = 1;
            int hi = in.n - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (p.test(in.scores[mid], in.members[mid])) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            int i = lo - 1;
            for (int j = 0; j < i; j++) {
                r += in.counts[j];
            }
            x = in.children[i];
        }
        Leaf leaf = (Leaf) x;
        int lo = 0;
        int hi = leaf.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (p.test(leaf.scores[mid], leaf.members[mid])) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return r + lo;
    }

    /** Walks the elements in order (ascending), e.g. to copy or serialise them. */
    public void forEach(Visitor v) {
        for (Leaf l = head; l != null; l = l.next) {
            for (int i = 0; i < l.n; i++) {
                v.visit(l.scores[i], l.members[i]);
            }
        }
    }

    @FunctionalInterface
    public interface Visitor {
        void visit(double score, byte[] member);
    }

    /**
     * A tree built from elements already in order (a copy, a loaded set): leaves filled to seven eighths,
     * O(n). {@code scores} and {@code members} hold {@code n} elements, strictly ascending.
     */
    static ScoreTree build(double[] scores, byte[][] members, int n, int maxLeaf, int maxInner) {
        ScoreTree t = new ScoreTree(maxLeaf, maxInner);
        if (n == 0) {
            return t;
        }
        int leaves = ceilDiv(n, Math.max(1, maxLeaf - maxLeaf / 8));
        Object[] level = new Object[leaves];
        int[] counts = new int[leaves];
        double[] firstScores = new double[leaves];
        byte[][] firstMembers = new byte[leaves][];
        Leaf prev = null;
        int from = 0;
        for (int k = 0; k < leaves; k++) {
            int take = (int) ((long) n * (k + 1) / leaves) - from;
            Leaf l = k == 0 ? t.head : new Leaf(maxLeaf);
            System.arraycopy(scores, from, l.scores, 0, take);
            System.arraycopy(members, from, l.members, 0, take);
            l.n = take;
            l.prev = prev;
            if (prev != null) {
                prev.next = l;
            }
            prev = l;
            level[k] = l;
            counts[k] = take;
            firstScores[k] = scores[from];
            firstMembers[k] = members[from];
            from += take;
        }
        t.tail = prev;
        int width = leaves;
        int fill = Math.max(2, maxInner - maxInner / 8);
        while (width > 1) {
            int parents = ceilDiv(width, fill);
            Object[] up = new Object[parents];
            int[] upCounts = new int[parents];
            double[] upScores = new double[parents];
            byte[][] upMembers = new byte[parents][];
            int c = 0;
            for (int k = 0; k < parents; k++) {
                int take = (int) ((long) width * (k + 1) / parents) - c;
                Inner in = new Inner(maxInner);
                for (int j = 0; j < take; j++) {
                    in.children[j] = level[c + j];
                    in.counts[j] = counts[c + j];
                    if (j > 0) {
                        in.scores[j] = firstScores[c + j];
                        in.members[j] = firstMembers[c + j];
                    }
                }
                in.n = take;
                up[k] = in;
                upCounts[k] = sum(in);
                upScores[k] = firstScores[c];
                upMembers[k] = firstMembers[c];
                c += take;
            }
            level = up;
            counts = upCounts;
            firstScores = upScores;
            firstMembers = upMembers;
            width = parents;
        }
        t.root = level[0];
        t.size = n;
        return t;
    }

    static ScoreTree build(double[] scores, byte[][] members, int n) {
        return build(scores, members, n, MAX_LEAF, MAX_INNER);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Checks every invariant (tests): order, separators, counts, fill, leaf links; returns the height. */
    int verify() {
        int[] height = {-1};
        long total = verify(root, 0, false, 0, null, 0, null, true, height);
        if (total != size) {
            throw new IllegalStateException("size " + size + " but " + total + " elements");
        }
        int n = 0;
        Leaf prev = null;
        for (Leaf l = head; l != null; l = l.next) {
            if (l.prev != prev) {
                throw new IllegalStateException("broken prev link");
            }
            n += l.n;
            prev = l;
        }
        if (prev != tail || n != size) {
            throw new IllegalStateException("leaf chain holds " + n + " of " + size);
        }
        return height[0];
    }

    /** Elements of {@code x} must be &gt;= lo (when hasLo) and &lt; hi (when hiM != null). */
    private long verify(Object x, int depth, boolean hasLo, double loS, byte[] loM, double hiS, byte[] hiM,
                        boolean isRoot, int[] height) {
        if (x instanceof Leaf l) {
            if (height[0] < 0) {
                height[0] = depth;
            } else if (height[0] != depth) {
                throw new IllegalStateException("leaves at different depths");
            }
            // the last leaf may be short: appending past the end splits a full last leaf 64 + 1
            if (!isRoot && l.n < minLeaf && l != tail) {
                throw new IllegalStateException("leaf under-full: " + l.n);
            }
            for (int i = 0; i < l.n; i++) {
                if (i > 0 && compare(l.scores[i - 1], l.members[i - 1], l.scores[i], l.members[i]) >= 0) {
                    throw new IllegalStateException("leaf out of order");
                }
                if (hasLo && compare(loS, loM, l.scores[i], l.members[i]) > 0) {
                    throw new IllegalStateException("element below its lower bound");
                }
                if (hiM != null && compare(l.scores[i], l.members[i], hiS, hiM) >= 0) {
                    throw new IllegalStateException("element at or above its upper bound");
                }
            }
            return l.n;
        }
        Inner in = (Inner) x;
        if (in.n < (isRoot ? 2 : minInner)) {
            throw new IllegalStateException("inner under-full: " + in.n);
        }
        long total = 0;
        for (int i = 0; i < in.n; i++) {
            if (i > 1 && compare(in.scores[i - 1], in.members[i - 1], in.scores[i], in.members[i]) >= 0) {
                throw new IllegalStateException("separators out of order");
            }
            boolean childHasLo = i > 0 || hasLo;
            double cLoS = i > 0 ? in.scores[i] : loS;
            byte[] cLoM = i > 0 ? in.members[i] : loM;
            double cHiS = i + 1 < in.n ? in.scores[i + 1] : hiS;
            byte[] cHiM = i + 1 < in.n ? in.members[i + 1] : hiM;
            long c = verify(in.children[i], depth + 1, childHasLo, cLoS, cLoM, cHiS, cHiM, false, height);
            if (c != in.counts[i]) {
                throw new IllegalStateException("count " + in.counts[i] + " but " + c + " elements");
            }
            total += c;
        }
        return total;
    }

    /** A position in the tree; moving past either end makes it invalid ({@link #next} returns false). */
    public static final class Cursor {
        private Leaf leaf;
        private int i;

        Cursor(Leaf leaf, int i) {
            this.leaf = leaf;
            this.i = i;
        }

        public double score() {
            return leaf.scores[i];
        }

        public byte[] member() {
            return leaf.members[i];
        }

        /** Moves to the next element; false at the end. */
        public boolean next() {
            if (++i < leaf.n) {
                return true;
            }
            leaf = leaf.next;
            i = 0;
            return leaf != null && leaf.n > 0;
        }

        /** Moves to the previous element; false at the start. */
        public boolean previous() {
            if (--i >= 0) {
                return true;
            }
            leaf = leaf.prev;
            if (leaf == null) {
                return false;
            }
            i = leaf.n - 1;
            return i >= 0;
        }
    }
}
