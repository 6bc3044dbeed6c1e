package dev.warren.broker;

import dev.warren.amqp.codec.BasicProperties;

/**
 * A published message. Immutable: one instance is shared by every queue it was routed to.
 * {@code rawProperties} are the property flags and list exactly as the publisher sent them, so they
 * go out to consumers byte for byte.
 */
public final class Message {
    private final String exchange;
    private final String routingKey;
    private final byte[] rawProperties;
    private final BasicProperties properties;
    private final byte[] body;

    public Message(String exchange, String routingKey, byte[] rawProperties, BasicProperties properties, byte[] body) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.rawProperties = rawProperties;
        this.properties = properties;
        this.body = body;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }

    public byte[] rawProperties() {
        return rawProperties;
    }

    public BasicProperties properties() {
        return properties;
    }

    public byte[] body() {
        return body;
    }

    public boolean persistent() {
        return properties.persistent();
    }
}
