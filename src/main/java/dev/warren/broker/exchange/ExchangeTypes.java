package dev.warren.broker.exchange;

import dev.warren.broker.BrokerException;
import java.util.Map;

/** Creates exchanges by type name; an unknown type is RabbitMQ's 503 COMMAND_INVALID. */
public final class ExchangeTypes {
    private ExchangeTypes() {
    }

    public static Exchange create(String type, String vhost, String name, boolean durable, boolean autoDelete,
                                  boolean internal, Map<String, Object> arguments) throws BrokerException {
        switch (type) {
            case "direct": return new DirectExchange(vhost, name, durable, autoDelete, internal, arguments);
            case "fanout": return new FanoutExchange(vhost, name, durable, autoDelete, internal, arguments);
            case "topic": return new TopicExchange(vhost, name, durable, autoDelete, internal, arguments);
            case "headers": return new HeadersExchange(vhost, name, durable, autoDelete, internal, arguments);
            case DelayedMessageExchange.TYPE:
                return new DelayedMessageExchange(vhost, name, durable, autoDelete, internal, arguments);
            default: throw BrokerException.commandInvalid("invalid exchange type '" + type + "'");
        }
    }
}
