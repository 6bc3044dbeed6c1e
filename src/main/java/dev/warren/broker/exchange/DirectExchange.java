package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Routes to the bindings whose key equals the routing key. */
public final class DirectExchange extends Exchange {
    private final Map<String, Destination[]> byKey = new ConcurrentHashMap<>();

    public DirectExchange(String vhost, String name, boolean durable, boolean autoDelete, boolean internal,
                          Map<String, Object> arguments) {
        super(vhost, name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return "direct";
    }

    @Override
    public void route(Message message, RoutingResult result) {
        Destination[] destinations = byKey.get(message.routingKey());
        if (destinations != null) {
            for (Destination d : destinations) {
                result.add(d);
            }
        }
    }

    @Override
    protected void indexBinding(Binding binding) {
        byKey.compute(binding.routingKey(), (k, old) -> Destinations.with(old, binding.destination()));
    }

    @Override
    protected void unindexBinding(Binding binding) {
        boolean stillBound = anyBinding(b -> b.destination() == binding.destination()
                && b.routingKey().equals(binding.routingKey()));
        if (!stillBound) {
            byKey.computeIfPresent(binding.routingKey(), (k, old) -> Destinations.without(old, binding.destination()));
        }
    }
}
