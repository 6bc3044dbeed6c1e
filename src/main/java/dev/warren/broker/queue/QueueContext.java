package dev.warren.broker.queue;

import dev.warren.broker.ResourceMonitor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What a queue needs from around it: the store journal (durable queues only), memory accounting,
 * dead-lettering, a timer for TTLs and queue expiry, and a way to delete itself when it expires.
 * Any of them may be null / a no-op for a queue that needs none.
 */
public record QueueContext(QueueJournal journal, ResourceMonitor resources, DeadLetterSink deadLetters,
                           ScheduledExecutorService timer, Consumer<Queue> expire) {
    public static final QueueContext NONE = new QueueContext(null, null, DeadLetterSink.NONE, null, q -> { });

    public QueueContext withoutJournal() {
        return new QueueContext(null, resources, deadLetters, timer, expire);
    }
}
