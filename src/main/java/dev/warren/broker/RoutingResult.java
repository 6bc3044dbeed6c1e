package dev.warren.broker;

import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the queues a message is routed to, each once, following exchange-to-exchange bindings
 * without visiting an exchange twice (so binding loops cause neither duplicates nor endless routing).
 */
public final class RoutingResult {
    private final List<Queue> queues = new ArrayList<>(2);
    private Exchange first;
    private List<Exchange> visited;
    private List<Exchange> pending;

    /** Called by exchanges for each matching binding's destination. */
    public void add(Destination destination) {
        if (destination instanceof Queue q) {
            for (int i = 0, n = queues.size(); i < n; i++) {
                if (queues.get(i) == q) {
                    return;
                }
            }
            queues.add(q);
        } else if (destination instanceof Exchange e) {
            if (e == first || (visited != null && visited.contains(e))) {
                return;
            }
            if (visited == null) {
                visited = new ArrayList<>(2);
                pending = new ArrayList<>(2);
            }
            visited.add(e);
            pending.add(e);
        }
    }

    /** Routes through {@code exchange} and every exchange bound below it. */
    public RoutingResult route(Exchange exchange, Message message) {
        first = exchange;
        exchange.route(message, this);
        while (pending != null && !pending.isEmpty()) {
            pending.remove(pending.size() - 1).route(message, this);
        }
        return this;
    }

    public List<Queue> queues() {
        return queues;
    }

    public boolean isEmpty() {
        return queues.isEmpty();
    }
}
