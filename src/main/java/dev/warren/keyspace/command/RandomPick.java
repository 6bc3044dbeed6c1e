package dev.warren.keyspace.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** SRANDMEMBER / HRANDFIELD / ZRANDMEMBER selection: positive count = distinct, negative = with repeats. */
final class RandomPick {
    private RandomPick() {
    }

    static <T> List<T> pick(List<T> from, long count) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count < 0) {
            long n = -count;
            List<T> out = new ArrayList<>((int) Math.min(n, 1 << 20));
            for (long i = 0; i < n; i++) {
                out.add(from.get(rnd.nextInt(from.size())));
            }
            return out;
        }
        List<T> copy = new ArrayList<>(from);
        if (count >= copy.size()) {
            return copy;
        }
        Collections.shuffle(copy, rnd);
        return new ArrayList<>(copy.subList(0, (int) count));
    }
}
