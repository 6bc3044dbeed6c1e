package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import dev.warren.broker.queue.Queue;
import java.util.Map;
import java.util.function.Function;

/** The nameless direct exchange every queue is implicitly bound to by its own name. */
public final class DefaultExchange extends Exchange {
    private final Function<String, Queue> queues;

    public DefaultExchange(String vhost, Function<String, Queue> queues) {
        super(vhost, "", true, false, false, Map.of());
        this.queues = queues;
    }

    @Override
    public String type() {
        return "direct";
    }

    @Override
    public void route(Message message, RoutingResult result) {
        Queue q = queues.apply(message.routingKey());
        if (q != null) {
            result.add(q);
        }
    }

    @Override
    protected void indexBinding(Binding binding) {
        throw new UnsupportedOperationException("the default exchange takes no bindings");
    }

    @Override
    protected void unindexBinding(Binding binding) {
        throw new UnsupportedOperationException("the default exchange takes no bindings");
    }
}
