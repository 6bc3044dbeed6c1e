package dev.warren.metrics;

import dev.warren.broker.Broker;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * RabbitMQ's {@code /metrics/per-object}: the queue metrics with {@code vhost} and {@code queue} labels.
 * Gauges are rewritten from one snapshot per scrape; each queue's counters are registered when it is
 * first seen and removed when it is gone.
 */
final class PerObjectMetrics {
    private final Broker broker;
    private final MeterRegistry registry;
    private final List<Map.Entry<MultiGauge, ToLongFunction<QueueStats>>> gauges = new ArrayList<>();
    private final Map<Queue, List<Meter>> counters = new HashMap<>();
    private final Map<Queue, QueueStats> latest = new HashMap<>();

    PerObjectMetrics(Broker broker, MeterRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        gauge("rabbitmq.queue.messages.ready", "Messages ready to be delivered to consumers", QueueStats::ready);
        gauge("rabbitmq.queue.messages.unacked", "Messages delivered to consumers but not yet acknowledged",
                QueueStats::unacked);
        gauge("rabbitmq.queue.messages", "Sum of ready and unacknowledged messages (queue depth)",
                s -> s.ready() + s.unacked());
        gauge("rabbitmq.queue.messages.bytes", "Size in bytes of ready and unacknowledged messages", QueueStats::bytes);
        gauge("rabbitmq.queue.consumers", "Consumers on a queue", QueueStats::consumers);
    }

    private void gauge(String name, String help, ToLongFunction<QueueStats> value) {
        gauges.add(Map.entry(MultiGauge.builder(name).description(help).register(registry), value));
    }

    /** Called before each scrape, on the one scrape thread. */
    synchronized void refresh() {
        latest.clear();
        for (VirtualHost vh : broker.virtualHosts()) {
            for (Queue q : vh.queues()) {
                latest.put(q, q.stats());
            }
        }
        for (Map.Entry<MultiGauge, ToLongFunction<QueueStats>> g : gauges) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Map.Entry<Queue, QueueStats> e : latest.entrySet()) {
                long v = g.getValue().applyAsLong(e.getValue());
                rows.add(MultiGauge.Row.of(tags(e.getKey()), v));
            }
            g.getKey().register(rows, true);
        }
        counters.entrySet().removeIf(e -> {
            if (latest.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        for (Queue q : latest.keySet()) {
            counters.computeIfAbsent(q, this::registerCounters);
        }
    }

    private List<Meter> registerCounters(Queue q) {
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(q, "rabbitmq.queue.messages.published", "Total number of messages published to queues",
                QueueStats::published));
        meters.add(counter(q, "rabbitmq.queue.messages.delivered", "Total number of messages delivered to consumers"
                + " in automatic acknowledgement mode", s -> s.counts().deliverNoAck()));
        meters.add(counter(q, "rabbitmq.queue.messages.delivered.ack", "Total number of messages delivered to"
                + " consumers in manual acknowledgement mode", s -> s.counts().deliver()));
        meters.add(counter(q, "rabbitmq.queue.get", "Total number of messages fetched with basic.get in automatic"
                + " acknowledgement mode", s -> s.counts().getNoAck()));
        meters.add(counter(q, "rabbitmq.queue.get.ack", "Total number of messages fetched with basic.get in manual"
                + " acknowledgement mode", s -> s.counts().get()));
        meters.add(counter(q, "rabbitmq.queue.get.empty", "Total number of times basic.get found the queue empty",
                s -> s.counts().getEmpty()));
        meters.add(counter(q, "rabbitmq.queue.messages.acked", "Total number of messages acknowledged by consumers",
                s -> s.counts().ack()));
        meters.add(counter(q, "rabbitmq.queue.messages.redelivered", "Total number of messages redelivered",
                s -> s.counts().redeliver()));
        return meters;
    }

    private Meter counter(Queue q, String name, String help, ToLongFunction<QueueStats> value) {
        return FunctionCounter.builder(name, q, queue -> {
            QueueStats s = latest.get(queue);
            return s == null ? 0 : value.applyAsLong(s);
        }).description(help).tags(tags(q)).register(registry);
    }

    private static Tags tags(Queue q) {
        return Tags.of("vhost", q.vhost(), "queue", q.name());
    }
}
