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
    private final long timestamp;

    /** A message arriving now. */
    public Message(String exchange, String routingKey, byte[] rawProperties, BasicProperties properties, byte[] body) {
        this(exchange, routingKey, rawProperties, properties, body, System.currentTimeMillis());
    }

    /** @param timestamp when the broker first received it (epoch ms), for TTLs that span restarts */
    public Message(String exchange, String routingKey, byte[] rawProperties, BasicProperties properties, byte[] body,
                   long timestamp) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.rawProperties = rawProperties;
        this.properties = properties;
        this.body = body;
        this.timestamp = timestamp;
    }

    /** When the broker received the message (epoch milliseconds). */
    public long timestamp() {
        return timestamp;
    }

    /**
     * The per-message TTL from the {@code expiration} property in milliseconds, -1 when none; throws
     * IllegalArgumentException when the property is not a non-negative integer.
     */
    public long expirationMillis() {
        String e = properties.expiration();
        if (e == null) {
            return -1;
        }
        try {
            long ms = Long.parseLong(e.trim());
            if (ms < 0) {
                throw new IllegalArgumentException("invalid expiration '" + e + "': {value_negative," + ms + "}");
            }
            return ms;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("invalid expiration '" + e + "': {error,no_integer}");
        }
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
