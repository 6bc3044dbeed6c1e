package dev.warren.amqp.session;

import dev.warren.broker.Message;
import dev.warren.broker.exchange.Exchange;
import java.util.ArrayList;
import java.util.List;

/** The publishes and settlements of a transactional channel, held until tx.commit. */
final class Transaction {
    record Publish(Exchange exchange, Message message, boolean mandatory) {
    }

    /** An ack (requeue irrelevant), or a nack/reject with or without requeue. */
    record Settlement(long tag, boolean multiple, boolean ack, boolean requeue) {
    }

    final List<Publish> publishes = new ArrayList<>();
    final List<Settlement> settlements = new ArrayList<>();

    void clear() {
        publishes.clear();
        settlements.clear();
    }
}
