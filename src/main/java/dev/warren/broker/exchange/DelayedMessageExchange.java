package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import java.util.Map;

/**
 * Exchange type {@code x-delayed-message}, as the community plugin defines it: a message with an
 * {@code x-delay} header (milliseconds) is held for that long, then routed as an exchange of the type in
 * the {@code x-delayed-type} argument would route it. Holding is done by the broker's delayed-message
 * scheduler; this class only knows how to route and what the delay is.
 */
public final class DelayedMessageExchange extends Exchange {
    public static final String TYPE = "x-delayed-message";

    private final Exchange routing;

    DelayedMessageExchange(String vhost, String name, boolean durable, boolean autoDelete, boolean internal,
                           Map<String, Object> arguments) throws BrokerException {
        super(vhost, name, durable, autoDelete, internal, arguments);
        Object type = arguments == null ? null : arguments.get("x-delayed-type");
        if (type == null || TYPE.equals(String.valueOf(type))) {
            throw BrokerException.preconditionFailed("Invalid argument, 'x-delayed-type' must be an existing exchange type");
        }
        try {
            this.routing = ExchangeTypes.create(String.valueOf(type), vhost, name, durable, autoDelete, internal,
                    arguments);
        } catch (BrokerException e) {
            throw BrokerException.preconditionFailed("Invalid argument, 'x-delayed-type' must be an existing exchange type");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The delay the message asks for in milliseconds; 0 when it should be routed right away. */
    public static long delayOf(Message m) {
        Map<String, Object> headers = m.properties().headers();
        Object d = headers == null ? null : headers.get("x-delay");
        if (d instanceof Number n) {
            return Math.max(0, n.longValue());
        }
        if (d instanceof String s) {
            try {
                return Math.max(0, Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Routes now, as the delayed type would (used when a held message is due, or has no delay). */
    @Override
    public void route(Message message, RoutingResult result) {
        routing.route(message, result);
    }

    @Override
    public void validateBinding(String routingKey, Map<String, Object> arguments) throws BrokerException {
        routing.validateBinding(routingKey, arguments);
    }

    @Override
    protected void indexBinding(Binding binding) {
        routing.addBinding(binding);
    }

    @Override
    protected void unindexBinding(Binding binding) {
        routing.removeBinding(binding);
    }
}
