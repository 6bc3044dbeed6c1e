package dev.warren.amqp.session;

import dev.warren.broker.Message;
import dev.warren.broker.exchange.Exchange;
import java.util.ArrayList;
import java.util.List;

/** The publishes and settlements of a transactional channel, held until tx.commit. */
final class Transaction {
    record Publish(Exchange exchange, Message message, boolean mandatory) {
    }

    /** Deliveries acked, or nacked/rejected with or without requeue, already taken from the unacked set. */
    record Settlement(List<UnackedDeliveries.Unacked> deliveries, AmqpChannel.Settlement how) {
    }

    final List<Publish> publishes = new ArrayList<>();
    final List<Settlement> settlements = new ArrayList<>();

    /** Every delivery settled in this transaction so far. */
    List<UnackedDeliveries.Unacked> settledDeliveries() {
        List<UnackedDeliveries.Unacked> all = new ArrayList<>();
        for (Settlement s : settlements) {
            all.addAll(s.deliveries());
        }
        return all;
    }

    void clear() {
        publishes.clear();
        settlements.clear();
    }
}
