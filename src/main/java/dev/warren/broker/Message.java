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
    private final byte[] exchangeBytes;
    private final byte[] routingKeyBytes;

    /** A message arriving now. */
    public Message(String exchange, String routingKey, byte[] rawProperties, BasicProperties properties, byte[] body) {
        this(exchange, routingKey, rawProperties, properties, body, System.currentTimeMillis());
    }

    /** @param timestamp when the broker first received it (epoch ms), for TTLs that span restarts */
    public Message(String exchange, String routingKey, byte[] rawProperties, BasicProperties properties, byte[] body,
                   long timestamp) {
        this(exchange, routingKey, exchange.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                routingKey.getBytes(java.nio.charset.StandardCharsets.UTF_8), rawProperties, properties, body, timestamp);
    }

    /**
     * A message whose exchange and routing key come with their UTF-8 bytes, which (like the strings and
     * the properties) may be shared with other messages: publishers tend to repeat them.
     */
    public Message(String exchange, String routingKey, byte[] exchangeBytes, byte[] routingKeyBytes,
                   byte[] rawProperties, BasicProperties properties, byte[] body, long timestamp) {
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.rawProperties = rawProperties;
        this.properties = properties;
        this.body = body;
        this.timestamp = timestamp;
        this.exchangeBytes = exchangeBytes;
        this.routingKeyBytes = routingKeyBytes;
    }

    /** The exchange name in UTF-8, encoded once for every delivery of this message. */
    public byte[] exchangeBytes() {
        return exchangeBytes;
    }

    /** The routing key in UTF-8, encoded once for every delivery of this message. */
    public byte[] routingKeyBytes() {
        return routingKeyBytes;
    }

    /** When the broker received the message (epoch milliseconds). */
    public long timestamp() {
        return timestamp;
    }

    /** The largest TTL RabbitMQ accepts (its timers' limit), for expiration and x-message-ttl alike. */
    public static final long MAX_TTL = 4294967295L;

    /**
     * The per-message TTL from the {@code expiration} property in milliseconds, -1 when none; throws
     * IllegalArgumentException with RabbitMQ's text when it is not a TTL ({@code invalid expiration 'x':
     * no_integer}, {@code {leftover_string,"s"}}, {@code {value_negative,-1}}, {@code {value_too_large,N}}).
     */
    public long expirationMillis() {
        String e = properties.expiration();
        if (e == null) {
            return -1;
        }
        // As Erlang's string:to_integer/1: an optional sign and digits, then whatever is left over.
        int i = 0;
        if (i < e.length() && (e.charAt(i) == '+' || e.charAt(i) == '-')) {
            i++;
        }
        int digitsStart = i;
        while (i < e.length() && e.charAt(i) >= '0' && e.charAt(i) <= '9') {
            i++;
        }
        String why;
        if (i == digitsStart) {
            why = "no_integer";
        } else if (i < e.length()) {
            why = "{leftover_string,\"" + e.substring(i) + "\"}";
        } else {
            java.math.BigInteger n = new java.math.BigInteger(e.charAt(0) == '+' ? e.substring(1) : e);
            if (n.signum() < 0) {
                why = "{value_negative," + n + "}";
            } else if (n.compareTo(java.math.BigInteger.valueOf(MAX_TTL)) > 0) {
                why = "{value_too_large," + n + "}";
            } else {
                return n.longValue();
            }
        }
        throw new IllegalArgumentException("invalid expiration '" + e + "': " + why);
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
