package dev.warren.broker.queue.stream;

/**
 * What a publisher confirm waits for after messages went into stream queues: their fsync. A publish
 * that reached several streams waits for all of them ({@link #and}).
 */
@FunctionalInterface
public interface StreamSync {
    /** Runs {@code action} (on any thread) once the appended messages are on disk. */
    void whenDurable(Runnable action);

    /** Both a and b; either may be null (nothing to wait for). */
    static StreamSync and(StreamSync a, StreamSync b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return action -> a.whenDurable(() -> b.whenDurable(action));
    }
}
