package dev.warren.broker.queue;

import dev.warren.broker.Message;
import java.util.List;

/** Where a queue hands messages that die (rejected, expired, over its length limit). */
public interface DeadLetterSink {
    DeadLetterSink NONE = (queue, messages, reason) -> { };

    /** Called under the queue's lock: must only hand the work over, never route synchronously. */
    void deadLetter(Queue queue, List<Message> messages, String reason);
}
