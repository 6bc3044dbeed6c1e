package dev.warren.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The open-addressing tables of {@link Database} (keys) and {@link SetValue} (members) against
 * java.util.HashMap / HashSet under random inserts and deletes: growth, shrinking, backward-shift
 * deletion (with keys whose hashes collide, so probe runs are long), random picks, and SCAN's guarantee
 * across table resizes. (Named Resp* so it runs with the RESP tests.)
 */
class RespKeyTablesTest {
    private static Bytes b(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Keys of {@code 2 * bits} chars from "Aa"/"BB" pairs: all have the same {@link Bytes#hashCode}. */
    private static List<String> colliding(int bits) {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < (1 << bits); m++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < bits; i++) {
                sb.append((m >> i & 1) == 0 ? "Aa" : "BB");
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String randomKey(Random rnd, List<String> coll, int range) {
        return rnd.nextInt(4) == 0 ? coll.get(rnd.nextInt(coll.size())) : "key:" + rnd.nextInt(range);
    }

    @Test
    void databaseMatchesAHashMapUnderRandomInsertsAndDeletes() {
        Keyspace ks = new Keyspace();
        Database db = ks.db(0);
        Map<Bytes, Object> ref = new HashMap<>();
        Random rnd = new Random(5);
        List<String> coll = colliding(6);
        int maxCapacity = 0;
        for (int round = 0; round < 6; round++) {
            // grow to a few thousand keys, then shrink to a few, so the table resizes both ways
            int range = 200 + round * 1500;
            for (int op = 0; op < 20000; op++) {
                Bytes k = b(randomKey(rnd, coll, range));
                boolean growing = op < 12000;
                if (rnd.nextInt(100) < (growing ? 70 : 15)) {
                    Object v = ("v" + op).getBytes(StandardCharsets.UTF_8);
                    db.set(k, v);
                    ref.put(k, v);
                } else {
                    assertThat(db.delete(k)).isEqualTo(ref.remove(k) != null);
                }
                if (op % 997 == 0) {
                    check(db, ref, coll, range);
                }
                maxCapacity = Math.max(maxCapacity, db.tableCapacity());
            }
            check(db, ref, coll, range);
            assertThat(db.tableCapacity()).isLessThanOrEqualTo(Math.max(16, ref.size() * 8));
        }
        assertThat(maxCapacity).isGreaterThan(1000);
        for (Bytes k : new ArrayList<>(ref.keySet())) {
            assertThat(db.delete(new Bytes(k.bytes.clone()))).isTrue();
        }
        assertThat(db.size()).isZero();
        assertThat(db.tableCapacity()).isEqualTo(16);
    }

    private static void check(Database db, Map<Bytes, Object> ref, List<String> coll, int range) {
        assertThat(db.size()).isEqualTo(ref.size());
        assertThat(db.tableCapacity()).isGreaterThanOrEqualTo(ref.size() * 2);
        for (Map.Entry<Bytes, Object> e : ref.entrySet()) {
            Entry got = db.peek(new Bytes(e.getKey().bytes.clone()));
            assertThat(got).isNotNull();
            assertThat(got.value).isSameAs(e.getValue());
            assertThat(got.key).isEqualTo(e.getKey());
        }
        for (String s : coll) {
            assertThat(db.peek(b(s)) != null).isEqualTo(ref.containsKey(b(s)));
        }
        for (int i = 0; i < range; i += 7) {
            assertThat(db.peek(b("key:" + i)) != null).isEqualTo(ref.containsKey(b("key:" + i)));
        }
        Set<Bytes> all = new HashSet<>();
        for (Entry e : db.entries()) {
            all.add(e.key);
        }
        assertThat(all).isEqualTo(ref.keySet());
    }

    @Test
    void scanReturnsEveryKeyPresentForTheWholeScanAcrossResizes() {
        Keyspace ks = new Keyspace();
        Database db = ks.db(0);
        Random rnd = new Random(11);
        Set<Bytes> stable = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            Bytes k = b("stable:" + i);
            db.set(k, new byte[0]);
            stable.add(k);
        }
        List<Bytes> churn = new ArrayList<>();
        Set<Bytes> seen = new HashSet<>();
        long cursor = 0;
        int capacityChanges = 0;
        int lastCapacity = db.tableCapacity();
        int step = 0;
        do {
            cursor = db.scan(cursor, 10, e -> seen.add(e.key));
            // between steps: a wave of inserts (table grows), then deletes (table shrinks)
            boolean grow = (step++ / 5) % 2 == 0;
            for (int i = 0; i < 400; i++) {
                if (grow) {
                    Bytes k = b("churn:" + rnd.nextInt(1_000_000));
                    if (db.peek(k) == null) {
                        db.set(k, new byte[0]);
                        churn.add(k);
                    }
                } else if (!churn.isEmpty()) {
                    db.delete(churn.remove(rnd.nextInt(churn.size())));
                }
            }
            if (db.tableCapacity() != lastCapacity) {
                capacityChanges++;
                lastCapacity = db.tableCapacity();
            }
        } while (cursor != 0);
        assertThat(seen).containsAll(stable);
        assertThat(capacityChanges).isGreaterThan(2);
    }

    @Test
    void swapKeepsBothTables() {
        Keyspace ks = new Keyspace();
        ks.db(0).set(b("a"), new byte[] {1});
        ks.db(1).set(b("b"), new byte[] {2});
        ks.swap(0, 1);
        assertThat(ks.db(0).peek(b("b"))).isNotNull();
        assertThat(ks.db(0).peek(b("a"))).isNull();
        assertThat(ks.db(1).peek(b("a"))).isNotNull();
        ks.db(0).clear();
        assertThat(ks.db(0).size()).isZero();
        assertThat(ks.db(0).peek(b("b"))).isNull();
    }

    @Test
    void setValueMatchesAHashSetUnderRandomAddsAndRemoves() {
        SetValue s = new SetValue();
        Set<Bytes> ref = new HashSet<>();
        Random rnd = new Random(7);
        List<String> coll = colliding(6);
        int maxCapacity = 0;
        for (int round = 0; round < 6; round++) {
            int range = 100 + round * 1000;
            for (int op = 0; op < 15000; op++) {
                Bytes m = b(randomKey(rnd, coll, range));
                int r = rnd.nextInt(100);
                boolean growing = op < 9000;
                if (r < (growing ? 65 : 15)) {
                    assertThat(s.add(m)).isEqualTo(ref.add(m));
                } else if (r < 95) {
                    assertThat(s.remove(m)).isEqualTo(ref.remove(m));
                } else if (!s.isEmpty()) {
                    // removal through the iterator (as SPOP/SINTERSTORE paths may do)
                    Iterator<Bytes> it = s.iterator();
                    Bytes first = it.next();
                    it.remove();
                    assertThat(ref.remove(first)).isTrue();
                }
                assertThat(s.contains(new Bytes(m.bytes.clone()))).isEqualTo(ref.contains(m));
                maxCapacity = Math.max(maxCapacity, s.tableCapacity());
            }
            assertThat(s.size()).isEqualTo(ref.size());
            assertThat(new HashSet<>(s)).isEqualTo(ref);
            assertThat(new HashSet<>(s.toList())).isEqualTo(ref);
            for (String c : coll) {
                assertThat(s.contains(b(c))).isEqualTo(ref.contains(b(c)));
            }
            if (!ref.isEmpty()) {
                assertThat(ref).contains(s.random());
            }
        }
        assertThat(maxCapacity).isGreaterThan(1000);
        // remove everything through the iterator, every other member
        Iterator<Bytes> it = s.iterator();
        boolean odd = false;
        while (it.hasNext()) {
            Bytes m = it.next();
            if (odd) {
                it.remove();
                ref.remove(m);
            }
            odd = !odd;
        }
        assertThat(new HashSet<>(s)).isEqualTo(ref);
        for (Bytes m : new ArrayList<>(ref)) {
            assertThat(s.remove(new Bytes(m.bytes.clone()))).isTrue();
        }
        assertThat(s.isEmpty()).isTrue();
        assertThat(s.tableCapacity()).isEqualTo(8);
        assertThat(s.random()).isNull();
        assertThat(s.contains(b("x"))).isFalse();
        assertThat(s.remove("not bytes")).isFalse();
    }

    @Test
    void prefetchOfABatchChangesNothing() {
        Keyspace ks = new Keyspace();
        Database db = ks.db(0);
        SetValue set = new SetValue();
        set.add(b("m1"));
        db.set(b("s"), set);
        db.set(b("k"), new byte[] {1});
        List<Object> batch = new ArrayList<>();
        batch.add(new byte[][] {b("PING").bytes});
        batch.add(new byte[][] {b("GET").bytes, b("k").bytes});
        batch.add(new byte[][] {b("GET").bytes, b("absent").bytes});
        batch.add(new byte[][] {b("SADD").bytes, b("s").bytes, b("m1").bytes});
        batch.add(new byte[][] {b("SADD").bytes, b("s").bytes, b("m2").bytes});
        batch.add(new byte[][] {b("SCARD").bytes, b("s").bytes});
        for (int i = 0; i < 100; i++) {
            batch.add(new byte[][] {b("GET").bytes, b("key:" + i).bytes});
        }
        db.prefetch(batch, 0);
        db.prefetch(batch, 3);
        assertThat(db.size()).isEqualTo(2);
        assertThat(set).containsExactly(b("m1"));
        assertThat(db.peek(b("absent"))).isNull();
    }
}
