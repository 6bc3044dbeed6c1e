package dev.warren.broker;

import dev.warren.broker.exchange.Exchange;
import java.util.Map;

/** A route from an exchange to a queue or another exchange. Equal bindings are the same binding. */
public record Binding(Exchange source, Destination destination, String routingKey, Map<String, Object> arguments) {
}
