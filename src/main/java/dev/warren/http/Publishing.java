package dev.warren.http;

import dev.warren.broker.Broker;
import dev.warren.broker.Message;
import dev.warren.broker.MessageRouter;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.exchange.Exchange;

/** Publishing from the management API: through the broker's router, counted like a channel's publish. */
final class Publishing {
    private Publishing() {
    }

    /** Returns whether the message reached at least one queue. */
    static boolean publish(Broker broker, VirtualHost vh, Exchange exchange, Message message) {
        MessageRouter.Outcome outcome = broker.router().publish(vh, exchange, message);
        vh.stats().published.increment();
        if (outcome.routed() == 0) {
            vh.stats().unroutable.increment();
        }
        return outcome.routed() > 0;
    }
}
