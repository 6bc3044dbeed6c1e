package dev.warren.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The sorted set's counted B+ tree and member map against a sorted reference (a TreeSet of (score,
 * member)) under random adds, removals and re-scores: order both ways, every rank, access by rank, score
 * and lex range ends, and the tree's own invariants (separators, counts, fill, equal leaf depth, leaf
 * links). Small node sizes reach splits, merges and refills at every level with few elements.
 * (Named Resp* so it runs with the RESP tests.)
 */
class RespScoreTreeTest {
    private record E(double score, byte[] member) {
        Bytes key() {
            return new Bytes(member);
        }
    }

    private static final Comparator<E> ORDER = (a, b) -> ScoreTree.compare(a.score, a.member, b.score, b.member);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void randomOperationsOnSmallNodesMatchASortedReference() {
        for (int[] sizes : new int[][] {{4, 4}, {5, 4}, {8, 6}, {16, 16}}) {
            Random rnd = new Random(42 + sizes[0] * 31 + sizes[1]);
            ScoreTree t = new ScoreTree(sizes[0], sizes[1]);
            TreeSet<E> ref = new TreeSet<>(ORDER);
            HashMap<Bytes, E> byMember = new HashMap<>();
            int maxHeight = 0;
            for (int step = 0; step < 30000; step++) {
                // phases: grow to ~1500, shrink to ~0, grow again: merges and root collapses happen
                int phase = (step / 5000) % 2;
                byte[] m = b("m" + rnd.nextInt(2000));
                E cur = byMember.get(new Bytes(m));
                int op = rnd.nextInt(10);
                boolean grow = phase == 0 ? op < 7 : op < 3;
                if (grow) {
                    double s = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextDouble() * 1000;
                    if (cur == null) {
                        t.insert(s, m);
                    } else {
                        ref.remove(cur);
                        t.update(cur.score, cur.member, s);
                        m = cur.member;
                    }
                    E e = new E(s, m);
                    ref.add(e);
                    byMember.put(e.key(), e);
                } else if (cur != null) {
                    assertThat(t.delete(cur.score, cur.member)).isTrue();
                    ref.remove(cur);
                    byMember.remove(cur.key());
                } else {
                    assertThat(t.delete(1, m)).isFalse();
                }
                if (step % 211 == 0) {
                    maxHeight = Math.max(maxHeight, check(t, ref));
                }
            }
            maxHeight = Math.max(maxHeight, check(t, ref));
            assertThat(maxHeight).as("height with nodes %s", Arrays.toString(sizes)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void sortedSetValueMatchesTheReferenceWithManyMembers() {
        Random rnd = new Random(7);
        SortedSetValue z = new SortedSetValue();
        TreeSet<E> ref = new TreeSet<>(ORDER);
        HashMap<Bytes, E> byMember = new HashMap<>();
        for (int step = 0; step < 120000; step++) {
            byte[] m = b("element:" + rnd.nextInt(30000));
            E cur = byMember.get(new Bytes(m));
            if (step > 80000 && rnd.nextInt(3) > 0) {
                assertThat(z.remove(m)).isEqualTo(cur != null);
                if (cur != null) {
                    ref.remove(cur);
                    byMember.remove(cur.key());
                }
                continue;
            }
            double s = rnd.nextInt(30000);
            if (cur != null) {
                ref.remove(cur);
            }
            E e = new E(s, m);
            ref.add(e);
            byMember.put(e.key(), e);
            assertThat(z.put(m, s)).isEqualTo(cur == null);
            if (step == 80000) {
                check(z.tree(), ref);
                checkValue(z, ref);
            }
        }
        check(z.tree(), ref);
        checkValue(z, ref);
        // a copy is equal and independent
        SortedSetValue c = z.copy();
        check(c.tree(), ref);
        checkValue(c, ref);
        E first = ref.first();
        c.remove(first.member);
        c.put(b("new"), -5);
        assertThat(z.score(first.member)).isEqualTo(first.score);
        checkValue(z, ref);
    }

    @Test
    void builtTreesHaveEveryInvariantAndTakeChanges() {
        for (int n : new int[] {0, 1, 3, 4, 5, 17, 100, 1000, 5000}) {
            double[] scores = new double[n];
            byte[][] members = new byte[n][];
            TreeSet<E> ref = new TreeSet<>(ORDER);
            for (int i = 0; i < n; i++) {
                scores[i] = i / 3;
                members[i] = b(String.format("m%06d", i));
                ref.add(new E(scores[i], members[i]));
            }
            ScoreTree t = ScoreTree.build(scores, members, n, 4, 4);
            check(t, ref);
            Random rnd = new Random(n);
            for (int k = 0; k < n; k++) {
                E e = new ArrayList<>(ref).get(rnd.nextInt(ref.size()));
                if (rnd.nextBoolean()) {
                    t.delete(e.score, e.member);
                    ref.remove(e);
                } else {
                    ref.remove(e);
                    double s = rnd.nextInt(n + 1);
                    t.update(e.score, e.member, s);
                    ref.add(new E(s, e.member));
                }
                if (k % 97 == 0) {
                    check(t, ref);
                }
            }
            check(t, ref);
        }
    }

    @Test
    void ascendingInsertsKeepLeavesFull() {
        ScoreTree t = new ScoreTree();
        TreeSet<E> ref = new TreeSet<>(ORDER);
        for (int i = 0; i < 10000; i++) {
            E e = new E(i, b("m" + i));
            t.insert(e.score, e.member);
            ref.add(e);
        }
        check(t, ref);
        // 64 per leaf: 157 leaves, 3 inner nodes, a root: height 2
        assertThat(t.verify()).isEqualTo(2);
    }

    @Test
    void updateInPlaceAndMoving() {
        SortedSetValue z = new SortedSetValue();
        for (int i = 0; i < 10; i++) {
            z.put(b("m" + i), i);
        }
        z.put(b("m5"), 5.5); // stays between m4 and m6
        assertThat(z.rank(Bytes.of("m5"), false)).isEqualTo(5);
        z.put(b("m5"), -1); // to the front
        assertThat(z.rank(Bytes.of("m5"), false)).isZero();
        assertThat(z.first().member()).isEqualTo(b("m5"));
        z.put(b("m5"), 100); // to the end
        assertThat(z.last().member()).isEqualTo(b("m5"));
        assertThat(z.rank(Bytes.of("m5"), true)).isZero();
        z.put(b("m5"), 3); // tie with m3: ordered by member, after m3
        assertThat(z.rank(Bytes.of("m5"), false)).isEqualTo(4);
        assertThat(z.at(4).member()).isEqualTo(b("m5"));
        assertThat(z.at(3).member()).isEqualTo(b("m3"));
        // -0.0 and 0.0 are the same score (as in C): the stored one stays
        z.put(b("zero"), 0.0);
        z.put(b("zero"), -0.0);
        assertThat(Double.doubleToRawLongBits(z.score(b("zero")))).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(z.at(11)).isNull();
        assertThat(z.at(-1)).isNull();
        z.tree().verify();
    }

    /** Checks the tree against the reference; returns its height. */
    private static int check(ScoreTree t, TreeSet<E> ref) {
        int height = t.verify();
        assertThat(t.size()).isEqualTo(ref.size());
        List<E> expected = new ArrayList<>(ref);
        List<E> forward = new ArrayList<>();
        t.forEach((s, m) -> forward.add(new E(s, m)));
        assertSame(forward, expected);
        List<E> cursorForward = new ArrayList<>();
        ScoreTree.Cursor c = t.first();
        while (c != null) {
            cursorForward.add(new E(c.score(), c.member()));
            c = c.next() ? c : null;
        }
        assertSame(cursorForward, expected);
        List<E> backward = new ArrayList<>();
        c = t.last();
        while (c != null) {
            backward.add(0, new E(c.score(), c.member()));
            c = c.previous() ? c : null;
        }
        assertSame(backward, expected);
        for (int i = 0; i < expected.size(); i++) {
            E e = expected.get(i);
            assertThat(t.rank(e.score, e.member)).isEqualTo(i);
            ScoreTree.Cursor at = t.at(i);
            assertThat(at.member()).isEqualTo(e.member);
            assertThat(at.score()).isEqualTo(e.score);
        }
        assertThat(t.at(expected.size())).isNull();
        // ranges: score prefixes at several cut points, (score, member) prefixes
        double[] cuts = {-1, 0, 1, 2.5, 4, 100, 500, 999.9, 1e9, 15000};
        for (double cut : cuts) {
            long below = expected.stream().filter(e -> e.score < cut).count();
            long atOrBelow = expected.stream().filter(e -> e.score <= cut).count();
            assertThat(t.countPrefix((s, m) -> s < cut)).isEqualTo(below);
            assertThat(t.countPrefix((s, m) -> s <= cut)).isEqualTo(atOrBelow);
        }
        for (int k = 0; k < 5 && !expected.isEmpty(); k++) {
            E mid = expected.get(k * (expected.size() - 1) / 4);
            long before = expected.stream().filter(e -> ORDER.compare(e, mid) < 0).count();
            assertThat(t.countPrefix((s, m) -> ScoreTree.compare(s, m, mid.score, mid.member) < 0)).isEqualTo(before);
        }
        return height;
    }

    private static void checkValue(SortedSetValue z, TreeSet<E> ref) {
        assertThat(z.size()).isEqualTo(ref.size());
        List<E> expected = new ArrayList<>(ref);
        for (int i = 0; i < expected.size(); i += 7) {
            E e = expected.get(i);
            assertThat(z.score(e.member)).isEqualTo(e.score);
            assertThat(z.rank(e.key(), false)).isEqualTo(i);
            assertThat(z.rank(e.key(), true)).isEqualTo(expected.size() - 1 - i);
        }
        assertThat(z.score(b("absent"))).isNull();
        assertThat(z.rank(Bytes.of("absent"), false)).isEqualTo(-1);
        SortedSetValue.ScoreRange r = new SortedSetValue.ScoreRange(100, false, 500, true);
        List<E> in = expected.stream().filter(e -> e.score >= 100 && e.score < 500).toList();
        if (in.isEmpty()) {
            assertThat(z.firstRank(r)).isGreaterThan(z.lastRank(r));
        } else {
            assertThat(z.at(z.firstRank(r)).member()).isEqualTo(in.get(0).member);
            assertThat(z.at(z.lastRank(r)).member()).isEqualTo(in.get(in.size() - 1).member);
            assertThat(z.lastRank(r) - z.firstRank(r) + 1).isEqualTo(in.size());
        }
    }

    private static void assertSame(List<E> actual, List<E> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).score).isEqualTo(expected.get(i).score);
            assertThat(actual.get(i).member).isEqualTo(expected.get(i).member);
        }
    }
}
