package dev.warren.broker;

import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Collects the queues a message is routed to, each once, following exchange-to-exchange bindings
 * without visiting an exchange twice (so binding loops cause neither duplicates nor endless routing).
 * As in RabbitMQ, an exchange on the way that has no matching binding at all passes the message on to
 * its alternate exchange (the {@code alternate-exchange} argument or policy key), when that exists.
 * Routing keys named in the message's CC and BCC headers are matched as well as its own
 * ({@link SenderSelected}).
 */
public final class RoutingResult {
    /** Beyond this many queues, duplicates are found through a set rather than by scanning the list. */
    private static final int SCAN_LIMIT = 16;

    private final List<Queue> queues = new ArrayList<>(2);
    private Set<Queue> queueSet;
    private final Function<String, Exchange> exchanges;
    private Exchange first;
    private List<Exchange> visited;
    private List<Exchange> pending;
    /** The message under each routing key of its CC and BCC headers (sender-selected distribution), or null. */
    private List<Message> extraKeys;
    /** Destinations the exchanges matched so far, duplicates included. */
    private int matches;

    /** Routing without alternate exchanges. */
    public RoutingResult() {
        this(name -> null);
    }

    /** @param exchanges looks alternate exchanges up by name (null when missing) */
    public RoutingResult(Function<String, Exchange> exchanges) {
        this.exchanges = exchanges;
    }

    /** Called by exchanges for each matching binding's destination. */
    public void add(Destination destination) {
        matches++;
        if (destination instanceof Queue q) {
            if (queueSet != null) {
                if (queueSet.add(q)) {
                    queues.add(q);
                }
                return;
            }
            for (int i = 0, n = queues.size(); i < n; i++) {
                if (queues.get(i) == q) {
                    return;
                }
            }
            queues.add(q);
            if (queues.size() > SCAN_LIMIT) {
                queueSet = Collections.newSetFromMap(new IdentityHashMap<>());
                queueSet.addAll(queues);
            }
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
        if (SenderSelected.hasExtraKeys(message)) {
            extraKeys = new ArrayList<>();
            for (String key : SenderSelected.extraKeys(message)) {
                extraKeys.add(SenderSelected.withRoutingKey(message, key));
            }
        }
        routeVia(exchange, message);
        while (pending != null && !pending.isEmpty()) {
            routeVia(pending.remove(pending.size() - 1), message);
        }
        return this;
    }

    private void routeVia(Exchange exchange, Message message) {
        int before = matches;
        exchange.route(message, this);
        if (extraKeys != null) {
            for (Message byKey : extraKeys) {
                exchange.route(byKey, this);
            }
        }
        if (matches == before) {
            String alternate = exchange.alternateExchange();
            Exchange ae = alternate == null ? null : exchanges.apply(alternate);
            if (ae != null) {
                add(ae);
            }
        }
    }

    public List<Queue> queues() {
        return queues;
    }

    public boolean isEmpty() {
        return queues.isEmpty();
    }
}
