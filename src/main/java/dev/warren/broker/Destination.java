package dev.warren.broker;

/** Something a binding can point at: a queue, or an exchange (exchange-to-exchange bindings). */
public interface Destination {
    String name();

    /** "queue" or "exchange", as RabbitMQ names destination types. */
    String kind();
}
