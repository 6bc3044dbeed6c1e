package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import java.util.Map;

/** Routes to every bound destination, ignoring the routing key. */
public final class FanoutExchange extends Exchange {
    private volatile Destination[] destinations = Destinations.NONE;

    public FanoutExchange(String vhost, String name, boolean durable, boolean autoDelete, boolean internal,
                          Map<String, Object> arguments) {
        super(vhost, name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return "fanout";
    }

    @Override
    public void route(Message message, RoutingResult result) {
        for (Destination d : destinations) {
            result.add(d);
        }
    }

    @Override
    protected void indexBinding(Binding binding) {
        destinations = Destinations.with(destinations, binding.destination());
    }

    @Override
    protected void unindexBinding(Binding binding) {
        if (!anyBinding(b -> b.destination() == binding.destination())) {
            Destination[] left = Destinations.without(destinations, binding.destination());
            destinations = left == null ? Destinations.NONE : left;
        }
    }
}
