package dev.warren.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The skip list against a sorted reference under random adds, removals and score updates (in place or
 * moving the node): order, backward links, ranks, access by rank and score ranges must always agree.
 * (Named Resp* so it runs with the RESP tests.)
 */
class RespSkipListTest {
    private record E(double score, Bytes member) {
    }

    private static final Comparator<E> ORDER = Comparator.comparingDouble(E::score).thenComparing(E::member);

    @Test
    void randomOperationsMatchASortedReference() {
        Random rnd = new Random(42);
        SortedSetValue z = new SortedSetValue();
        TreeSet<E> ref = new TreeSet<>(ORDER);
        java.util.HashMap<Bytes, Double> scores = new java.util.HashMap<>();
        for (int step = 0; step < 20000; step++) {
            Bytes m = Bytes.of("m" + rnd.nextInt(500));
            int op = rnd.nextInt(10);
            if (op < 7) {
                // scores from a small range: many ties (ordered by member), many in-place updates
                double s = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextDouble() * 1000;
                Double old = scores.put(m, s);
                if (old != null) {
                    ref.remove(new E(old, m));
                }
                ref.add(new E(s, m));
                z.put(m, s);
            } else if (op < 8 && scores.containsKey(m)) {
                // a small nudge: usually keeps the node's place (in-place update)
                SkipList.Node n = z.node(m);
                double s = n.score + (rnd.nextBoolean() ? 1e-9 : -1e-9);
                ref.remove(new E(scores.put(m, s), m));
                ref.add(new E(s, m));
                z.rescore(n, s);
            } else {
                Double old = scores.remove(m);
                assertThat(z.remove(m)).isEqualTo(old != null);
                if (old != null) {
                    ref.remove(new E(old, m));
                }
            }
            if (step % 97 == 0 || step > 19900) {
                check(z, ref);
            }
        }
        check(z, ref);
    }

    @Test
    void manyMembersUseTheUpperLevels() {
        Random rnd = new Random(7);
        SortedSetValue z = new SortedSetValue();
        TreeSet<E> ref = new TreeSet<>(ORDER);
        java.util.HashMap<Bytes, Double> scores = new java.util.HashMap<>();
        for (int step = 0; step < 60000; step++) {
            Bytes m = Bytes.of("element:" + rnd.nextInt(30000));
            double s = rnd.nextInt(30000);
            Double old = scores.put(m, s);
            if (old != null) {
                ref.remove(new E(old, m));
            }
            ref.add(new E(s, m));
            z.put(m, s);
        }
        check(z, ref);
    }

    @Test
    void updateScoreInPlaceAndMoving() {
        SortedSetValue z = new SortedSetValue();
        for (int i = 0; i < 10; i++) {
            z.put(Bytes.of("m" + i), i);
        }
        SkipList.Node n5 = z.node(Bytes.of("m5"));
        z.put(Bytes.of("m5"), 5.5); // stays between m4 and m6... in place
        assertThat(z.node(Bytes.of("m5"))).isSameAs(n5);
        assertThat(z.rank(Bytes.of("m5"), false)).isEqualTo(5);
        z.put(Bytes.of("m5"), -1); // moves to the front
        assertThat(z.rank(Bytes.of("m5"), false)).isZero();
        assertThat(z.list.first().member).isEqualTo(Bytes.of("m5"));
        z.put(Bytes.of("m5"), 100); // to the end
        assertThat(z.list.last().member).isEqualTo(Bytes.of("m5"));
        assertThat(z.rank(Bytes.of("m5"), true)).isZero();
        z.put(Bytes.of("m5"), 3); // tie with m3: ordered by member, after m3
        assertThat(z.rank(Bytes.of("m5"), false)).isEqualTo(4);
        assertThat(z.list.byRank(5).member).isEqualTo(Bytes.of("m5"));
        assertThat(z.list.byRank(4).member).isEqualTo(Bytes.of("m3"));
    }

    private static void check(SortedSetValue z, TreeSet<E> ref) {
        assertThat(z.size()).isEqualTo(ref.size());
        assertThat(z.list.length()).isEqualTo(ref.size());
        List<E> expected = new ArrayList<>(ref);
        List<E> forward = new ArrayList<>();
        for (SkipList.Node n = z.list.first(); n != null; n = n.next()) {
            forward.add(new E(n.score, n.member));
        }
        assertThat(forward).isEqualTo(expected);
        List<E> backward = new ArrayList<>();
        for (SkipList.Node n = z.list.last(); n != null; n = n.previous()) {
            backward.add(0, new E(n.score, n.member));
        }
        assertThat(backward).isEqualTo(expected);
        for (int i = 0; i < expected.size(); i++) {
            E e = expected.get(i);
            assertThat(z.list.rank(e.score, e.member)).isEqualTo(i + 1);
            assertThat(z.rank(e.member, false)).isEqualTo(i);
            assertThat(z.rank(e.member, true)).isEqualTo(expected.size() - 1 - i);
            SkipList.Node n = z.list.byRank(i + 1);
            assertThat(n.member).isEqualTo(e.member);
            assertThat(z.score(e.member)).isEqualTo(e.score);
        }
        assertThat(z.list.byRank(0)).isNull();
        assertThat(z.list.byRank(expected.size() + 1)).isNull();
        SkipList.ScoreRange r = new SkipList.ScoreRange(100, false, 500, true);
        E first = expected.stream().filter(e -> e.score >= 100 && e.score < 500).findFirst().orElse(null);
        SkipList.Node f = z.list.firstInRange(r);
        assertThat(f == null ? null : new E(f.score, f.member)).isEqualTo(first);
        E last = expected.stream().filter(e -> e.score >= 100 && e.score < 500).reduce((a, b) -> b).orElse(null);
        SkipList.Node l = z.list.lastInRange(r);
        assertThat(l == null ? null : new E(l.score, l.member)).isEqualTo(last);
    }
}
