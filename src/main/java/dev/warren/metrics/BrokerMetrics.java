package dev.warren.metrics;

import dev.warren.amqp.session.AmqpConnection;
import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.broker.Broker;
import dev.warren.broker.MessageStats;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The broker's meters under RabbitMQ's Prometheus names (aggregated, as RabbitMQ's default /metrics
 * endpoint is), so the RabbitMQ Grafana dashboards work. Gauges read a snapshot taken by
 * {@link #refresh()} once per scrape; counters read the virtual hosts' message counters.
 */
public final class BrokerMetrics {
    /** What the gauges show, taken once per scrape. */
    private record Snapshot(long ready, long unacked, long bytes, long consumers, long queues, long connections,
                            long channels) {
    }

    private final Broker broker;
    private final Supplier<Collection<AmqpConnection>> connections;
    private volatile Snapshot snapshot = new Snapshot(0, 0, 0, 0, 0, 0, 0);

    public BrokerMetrics(Broker broker, Supplier<Collection<AmqpConnection>> connections, MeterRegistry registry,
                         String node) {
        this.broker = broker;
        this.connections = connections;
        gauge(registry, "rabbitmq.queue.messages.ready", "Messages ready to be delivered to consumers", Snapshot::ready);
        gauge(registry, "rabbitmq.queue.messages.unacked", "Messages delivered to consumers but not yet acknowledged",
                Snapshot::unacked);
        gauge(registry, "rabbitmq.queue.messages", "Sum of ready and unacknowledged messages (queue depth)",
                s -> s.ready() + s.unacked());
        gauge(registry, "rabbitmq.queue.messages.bytes", "Size in bytes of ready and unacknowledged messages",
                Snapshot::bytes);
        gauge(registry, "rabbitmq.queue.consumers", "Consumers on a queue", Snapshot::consumers);
        gauge(registry, "rabbitmq.consumers", "Consumers currently connected", Snapshot::consumers);
        gauge(registry, "rabbitmq.queues", "Queues available", Snapshot::queues);
        gauge(registry, "rabbitmq.connections", "Connections currently open", Snapshot::connections);
        gauge(registry, "rabbitmq.channels", "Channels currently open", Snapshot::channels);
        counter(registry, "rabbitmq.channel.messages.published", "Total number of messages published into an"
                + " exchange on a channel", s -> s.published.sum());
        counter(registry, "rabbitmq.channel.messages.delivered", "Total number of messages delivered to consumers",
                s -> s.delivered.sum());
        counter(registry, "rabbitmq.channel.get", "Total number of messages fetched with basic.get",
                s -> s.gets.sum());
        counter(registry, "rabbitmq.channel.messages.redelivered", "Total number of messages redelivered to consumers",
                s -> s.redelivered.sum());
        counter(registry, "rabbitmq.channel.messages.acked", "Total number of messages acknowledged by consumers",
                s -> s.acked.sum());
        counter(registry, "rabbitmq.channel.messages.unroutable.dropped", "Total number of messages published as"
                + " non-mandatory into an exchange and dropped as unroutable", s -> s.unroutable.sum());
        Gauge.builder("rabbitmq.identity.info", () -> 1).description("RabbitMQ node & cluster identity info")
                .tag("rabbitmq_node", node).tag("rabbitmq_cluster", node).tag("rabbitmq_cluster_permanent_id", node)
                .register(registry);
        Gauge.builder("rabbitmq.alarms.memory.used.watermark", () -> alarm(true))
                .description("is 1 if VM memory watermark alarm is in effect").register(registry);
        Gauge.builder("rabbitmq.alarms.free.disk.space.watermark", () -> alarm(false))
                .description("is 1 if free disk space watermark alarm is in effect").register(registry);
    }

    private int alarm(boolean memory) {
        ResourceMonitor rm = broker.resources();
        if (rm == null) {
            return 0;
        }
        return (memory ? rm.memoryAlarm() : rm.diskAlarm()) ? 1 : 0;
    }

    private void gauge(MeterRegistry registry, String name, String help, ToLongFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsLong(m.snapshot)).description(help).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String help, Function<MessageStats, Long> value) {
        FunctionCounter.builder(name, broker, b -> {
            long sum = 0;
            for (VirtualHost vh : b.virtualHosts()) {
                sum += value.apply(vh.stats());
            }
            return sum;
        }).description(help).register(registry);
    }

    /** Takes the snapshot the gauges show; called before each scrape (off the event loops). */
    public void refresh() {
        long ready = 0, unacked = 0, bytes = 0, consumers = 0, queues = 0;
        for (VirtualHost vh : broker.virtualHosts()) {
            for (Queue q : vh.queues()) {
                QueueStats s = q.stats();
                ready += s.ready();
                unacked += s.unacked();
                bytes += s.bytes();
                consumers += s.consumers();
                queues++;
            }
        }
        List<CompletableFuture<ConnectionInfo>> infos = new ArrayList<>();
        for (AmqpConnection c : connections.get()) {
            infos.add(c.describe());
        }
        long open = 0, channels = 0;
        for (CompletableFuture<ConnectionInfo> f : infos) {
            try {
                ConnectionInfo info = f.get(2, TimeUnit.SECONDS);
                open++;
                channels += info.channels().size();
            } catch (Exception e) {
                // closed meanwhile
            }
        }
        snapshot = new Snapshot(ready, unacked, bytes, consumers, queues, open, channels);
    }
}
