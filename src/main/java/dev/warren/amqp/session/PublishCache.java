package dev.warren.amqp.session;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a channel's publishes usually repeat — exchange, routing key, content properties — kept once
 * and shared by the messages, so a queue of a million messages does not hold a million copies of the
 * same strings and property objects. Channel-confined.
 */
final class PublishCache {
    private String exchange = "";
    private byte[] exchangeBytes = new byte[0];
    private String routingKey = "";
    private byte[] routingKeyBytes = new byte[0];
    private byte[] rawProperties;
    private BasicProperties properties;

    /** The parsed properties (shared when equal to the previous publish's), or null when malformed. */
    BasicProperties properties(byte[] raw) {
        if (rawProperties != null && Arrays.equals(raw, rawProperties)) {
            return properties;
        }
        BasicProperties parsed;
        try {
            parsed = BasicProperties.parse(raw);
        } catch (RuntimeException e) {
            return null;
        }
        rawProperties = raw;
        properties = parsed;
        return parsed;
    }

    /** The raw properties last passed to {@link #properties}, shared by equal publishes. */
    byte[] rawProperties() {
        return rawProperties;
    }

    Message message(String exchangeName, String key, byte[] raw, BasicProperties props, byte[] body) {
        if (!exchangeName.equals(exchange)) {
            exchange = exchangeName;
            exchangeBytes = exchangeName.getBytes(StandardCharsets.UTF_8);
        }
        if (!key.equals(routingKey)) {
            routingKey = key;
            routingKeyBytes = key.getBytes(StandardCharsets.UTF_8);
        }
        return new Message(exchange, routingKey, exchangeBytes, routingKeyBytes, raw, props, body,
                System.currentTimeMillis());
    }
}
