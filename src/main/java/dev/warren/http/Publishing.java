package dev.warren.http;

import dev.warren.broker.Broker;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import dev.warren.store.MessageStore;
import dev.warren.store.StoredRef;
import java.util.ArrayList;
import java.util.List;

/** Publishing from the management API: routed as a channel routes, persistent messages stored first. */
final class Publishing {
    private Publishing() {
    }

    /** Returns whether the message reached at least one queue. */
    static boolean publish(Broker broker, VirtualHost vh, Exchange exchange, Message message) {
        List<Queue> queues = new RoutingResult().route(exchange, message).queues();
        vh.stats().published.increment();
        if (queues.isEmpty()) {
            vh.stats().unroutable.increment();
            return false;
        }
        MessageStore store = broker.store();
        StoredRef ref = null;
        if (store != null && message.persistent()) {
            List<String> durable = new ArrayList<>();
            for (Queue q : queues) {
                if (VirtualHost.isRecoverable(q)) {
                    durable.add(q.name());
                }
            }
            if (!durable.isEmpty()) {
                ref = store.appendMessage(vh.name(), durable, message);
            }
        }
        for (Queue q : queues) {
            if (ref != null && VirtualHost.isRecoverable(q)) {
                q.enqueue(message, ref.msgId(), ref.segment());
            } else {
                q.enqueue(message);
            }
        }
        return true;
    }
}
