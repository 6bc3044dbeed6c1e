package dev.warren.broker.queue.stream;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a publisher confirm (or tx.commit-ok) waits for after messages went into stream queues: the
 * fsync of each stream's log up to the last message appended. Immutable.
 */
public final class StreamSync {
    private final Map<StreamLog, Long> upTo;

    private StreamSync(Map<StreamLog, Long> upTo) {
        this.upTo = upTo;
    }

    /** Waiting for {@code log} up to and including {@code offset}. */
    public static StreamSync of(StreamLog log, long offset) {
        Map<StreamLog, Long> m = new IdentityHashMap<>(2);
        m.put(log, offset);
        return new StreamSync(m);
    }

    /** Both a and b (either may be null: nothing to wait for); per log, the later offset covers the earlier. */
    public static StreamSync and(StreamSync a, StreamSync b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Map<StreamLog, Long> m = new IdentityHashMap<>(a.upTo);
        b.upTo.forEach((log, offset) -> m.merge(log, offset, Math::max));
        return new StreamSync(m);
    }

    /** Runs {@code action} (on any thread, perhaps at once) once every log is on disk that far. */
    public void whenDurable(Runnable action) {
        AtomicInteger remaining = new AtomicInteger(upTo.size());
        upTo.forEach((log, offset) -> log.whenDurable(offset, () -> {
            if (remaining.decrementAndGet() == 0) {
                action.run();
            }
        }));
    }
}
