package dev.warren.broker.exchange;

import dev.warren.broker.Destination;
import java.util.Arrays;

/** Copy-on-write arrays of destinations, so routing reads them without locks. */
final class Destinations {
    static final Destination[] NONE = new Destination[0];

    private Destinations() {
    }

    static Destination[] with(Destination[] old, Destination d) {
        if (old == null) {
            return new Destination[] {d};
        }
        for (Destination existing : old) {
            if (existing == d) {
                return old;
            }
        }
        Destination[] copy = Arrays.copyOf(old, old.length + 1);
        copy[old.length] = d;
        return copy;
    }

    /** Returns the array without {@code d}, or null when nothing is left. */
    static Destination[] without(Destination[] old, Destination d) {
        if (old == null) {
            return null;
        }
        Destination[] copy = Arrays.stream(old).filter(x -> x != d).toArray(Destination[]::new);
        return copy.length == 0 ? null : copy;
    }
}
