package dev.warren.metrics;

import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.broker.Broker;
import dev.warren.broker.MessageStats;
import dev.warren.broker.NodeCounters;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.queue.QueueStats;
import dev.warren.config.Definitions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The broker's meters under RabbitMQ's Prometheus names, types and labels, so the RabbitMQ-Overview Grafana
 * dashboard works. Two registries: {@code node} has what is always one series (object counts, churn, node
 * resources, identity); {@code objects} has the queue, channel and connection metrics summed over all of
 * them, as RabbitMQ's default /metrics shows them ({@link PerObjectMetrics} has them per object instead).
 * Gauges read a snapshot taken by {@link #refresh} once per scrape; the channel counters read the virtual
 * hosts' message counters and the churn counters the node's, which only ever grow (deleted queues and
 * virtual hosts leave their totals).
 */
public final class BrokerMetrics {
    /** What the gauges show, taken once per scrape. */
    private record Snapshot(long ready, long unacked, long bytes, long consumers, long queues, long connections,
                            long channels, long channelConsumers, long channelUnacked, long unconfirmed,
                            long queuePublished, long recvOct, long recvCnt, long sendOct, long sendCnt,
                            ProcessStats.Sample process) {
    }

    /** Warren's version, as /api/overview's product_version and the AMQP server properties give it. */
    private static final String WARREN_VERSION = "0.1.0";
    private static final Snapshot EMPTY = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            ProcessStats.Sample.NONE);

    private final Broker broker;
    private final Supplier<String> clusterName;
    private final MeterRegistry registry;
    private final MeterRegistry objects;
    private final String node;
    private volatile Snapshot snapshot = EMPTY;
    private Gauge identity;
    private String identityCluster;

    /**
     * @param registry the node's meters, always shown
     * @param objects the queue, channel and connection meters, shown unless per-object metrics replace them
     */
    public BrokerMetrics(Broker broker, MeterRegistry registry, MeterRegistry objects, String node,
                         Supplier<String> clusterName) {
        this.broker = broker;
        this.registry = registry;
        this.objects = objects;
        this.node = node;
        this.clusterName = clusterName;
        gauge(objects, "rabbitmq.queue.messages.ready", "Messages ready to be delivered to consumers",
                Snapshot::ready);
        gauge(objects, "rabbitmq.queue.messages.unacked", "Messages delivered to consumers but not yet acknowledged",
                Snapshot::unacked);
        gauge(objects, "rabbitmq.queue.messages", "Sum of ready and unacknowledged messages (queue depth)",
                s -> s.ready() + s.unacked());
        gauge(objects, "rabbitmq.queue.messages.bytes", "Size in bytes of ready and unacknowledged messages",
                Snapshot::bytes);
        gauge(objects, "rabbitmq.queue.consumers", "Consumers on a queue", Snapshot::consumers);
        gauge(registry, "rabbitmq.consumers", "Consumers currently connected", Snapshot::consumers);
        gauge(registry, "rabbitmq.queues", "Queues available", Snapshot::queues);
        gauge(registry, "rabbitmq.connections", "Connections currently open", Snapshot::connections);
        gauge(registry, "rabbitmq.channels", "Channels currently open", Snapshot::channels);
        gauge(objects, "rabbitmq.channel.consumers", "Consumers on all open channels", Snapshot::channelConsumers);
        gauge(objects, "rabbitmq.channel.messages.unacked", "Messages delivered on channels and not yet acknowledged",
                Snapshot::channelUnacked);
        gauge(objects, "rabbitmq.channel.messages.unconfirmed", "Messages published in confirm mode and not yet"
                + " confirmed", Snapshot::unconfirmed);
        gauge(objects, "rabbitmq.connection.channels", "Channels on all open connections", Snapshot::channels);
        // Sums over the open connections, as RabbitMQ's aggregated metrics: they drop when a connection closes.
        counterOfSnapshot("rabbitmq.connection.incoming.bytes", "Bytes received on all open connections",
                Snapshot::recvOct);
        counterOfSnapshot("rabbitmq.connection.outgoing.bytes", "Bytes sent on all open connections",
                Snapshot::sendOct);
        counterOfSnapshot("rabbitmq.connection.incoming.packets", "Socket reads on all open connections",
                Snapshot::recvCnt);
        counterOfSnapshot("rabbitmq.connection.outgoing.packets", "Socket writes on all open connections",
                Snapshot::sendCnt);

        counter("rabbitmq.channel.messages.published", "Messages published into an exchange on a channel",
                s -> s.published.sum());
        counter("rabbitmq.channel.messages.confirmed", "Messages confirmed to publishers (basic.ack in confirm mode)",
                s -> s.confirmed.sum());
        counter("rabbitmq.channel.messages.unroutable.dropped", "Messages published without the mandatory flag"
                + " that no queue took, dropped", s -> s.unroutable.sum());
        counter("rabbitmq.channel.messages.unroutable.returned", "Messages published with the mandatory flag"
                + " that no queue took, returned to the publisher", s -> s.returned.sum());
        counter("rabbitmq.channel.messages.delivered", "Messages delivered to consumers in automatic"
                + " acknowledgement mode", s -> s.deliveredNoAck.sum());
        counter("rabbitmq.channel.messages.delivered.ack", "Messages delivered to consumers in manual"
                + " acknowledgement mode", s -> s.deliveredAck.sum());
        counter("rabbitmq.channel.get", "Messages fetched with basic.get in automatic acknowledgement mode",
                s -> s.getsNoAck.sum());
        counter("rabbitmq.channel.get.ack", "Messages fetched with basic.get in manual acknowledgement mode",
                s -> s.getsAck.sum());
        counter("rabbitmq.channel.get.empty", "basic.get operations that found the queue empty",
                s -> s.getsEmpty.sum());
        counter("rabbitmq.channel.messages.redelivered", "Messages delivered or fetched again after a requeue",
                s -> s.redelivered.sum());
        counter("rabbitmq.channel.messages.acked", "Messages acknowledged by consumers", s -> s.acked.sum());
        counterOfSnapshot("rabbitmq.queue.messages.published", "Messages enqueued into queues (one per queue a"
                + " message was routed to)", Snapshot::queuePublished);

        NodeCounters c = broker.counters();
        lifecycle("rabbitmq.connections.opened", "Connections opened", c.connectionsOpened);
        lifecycle("rabbitmq.connections.closed", "Connections closed", c.connectionsClosed);
        lifecycle("rabbitmq.channels.opened", "Channels opened", c.channelsOpened);
        lifecycle("rabbitmq.channels.closed", "Channels closed", c.channelsClosed);
        lifecycle("rabbitmq.queues.declared", "Successful queue declarations (new or existing queue)",
                c.queuesDeclared);
        // rabbitmq_queues_created_total is written by unnamedByMicrometer(): the Prometheus client takes
        // "_created" for a reserved suffix and would make it "rabbitmq_queues_total", hiding rabbitmq_queues.
        lifecycle("rabbitmq.queues.deleted", "Queues deleted", c.queuesDeleted);

        Gauge.builder("rabbitmq.build.info", () -> 1).description("Versions of this node's software")
                .tag("rabbitmq_version", Definitions.RABBITMQ_VERSION)
                .tag("prometheus_plugin_version", "warren-" + WARREN_VERSION)
                .tag("prometheus_client_version", "micrometer-" + micrometerVersion())
                .tag("java_version", System.getProperty("java.version", "unknown"))
                .register(registry);
        registerIdentity();
        ResourceMonitor rm = broker.resources();
        Gauge.builder("rabbitmq.alarms.memory.used.watermark", () -> rm != null && rm.memoryAlarm() ? 1 : 0)
                .description("1 while the memory alarm is on").register(registry);
        Gauge.builder("rabbitmq.alarms.free.disk.space.watermark", () -> rm != null && rm.diskAlarm() ? 1 : 0)
                .description("1 while the free disk space alarm is on").register(registry);
        processGauge("rabbitmq.process.resident.memory.bytes", "Resident memory of the process (RSS)",
                ProcessStats.Sample::residentBytes);
        processGauge("rabbitmq.process.open.fds", "Open file descriptors", ProcessStats.Sample::openFds);
        processGauge("rabbitmq.process.max.fds", "Limit of open file descriptors", ProcessStats.Sample::maxFds);
        processGauge("rabbitmq.process.open.tcp.sockets", "Open sockets", ProcessStats.Sample::openSockets);
        processGauge("rabbitmq.process.max.tcp.sockets", "Limit of open sockets (the file descriptor limit)",
                ProcessStats.Sample::maxFds);
        if (rm != null) {
            Gauge.builder("rabbitmq.resident.memory.limit.bytes", rm, ResourceMonitor::memoryHighWatermark)
                    .description("Memory high watermark: above it the memory alarm blocks publishers")
                    .register(registry);
            if (rm.measuresDisk()) {
                Gauge.builder("rabbitmq.disk.space.available.bytes", rm, ResourceMonitor::diskFree)
                        .description("Free disk space on the data directory's file system").register(registry);
                Gauge.builder("rabbitmq.disk.space.available.limit.bytes", rm, ResourceMonitor::diskFreeLimit)
                        .description("Free disk space below which the disk alarm blocks publishers")
                        .register(registry);
            }
        }
    }

    private static String micrometerVersion() {
        String v = MeterRegistry.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** rabbitmq_identity_info, registered again when the cluster is renamed (labels are fixed per meter). */
    private synchronized void registerIdentity() {
        String cluster = clusterName.get();
        if (cluster.equals(identityCluster)) {
            return;
        }
        if (identity != null) {
            registry.remove(identity);
        }
        identity = Gauge.builder("rabbitmq.identity.info", () -> 1).description("Node and cluster identity")
                .tag("rabbitmq_node", node).tag("rabbitmq_cluster", cluster)
                .tag("rabbitmq_cluster_permanent_id", node).register(registry);
        identityCluster = cluster;
    }

    private void gauge(MeterRegistry into, String name, String help, ToLongFunction<Snapshot> value) {
        Gauge.builder(name, this, m -> value.applyAsLong(m.snapshot)).description(help).register(into);
    }

    private void counterOfSnapshot(String name, String help, ToLongFunction<Snapshot> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsLong(m.snapshot)).description(help).register(objects);
    }

    private void processGauge(String name, String help, ToDoubleFunction<ProcessStats.Sample> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.snapshot.process())).description(help)
                .register(registry);
    }

    /** A channel counter: the virtual hosts' total (deleted ones' included), which never goes back. */
    private void counter(String name, String help, Function<MessageStats, Long> value) {
        FunctionCounter.builder(name, broker, b -> {
            // The deleted vhosts' totals first: a vhost deleted meanwhile is then missed at worst, never
            // counted twice, so the sum never goes back.
            long sum = value.apply(b.counters().deletedVirtualHosts);
            for (VirtualHost vh : b.virtualHosts()) {
                sum += value.apply(vh.stats());
            }
            return sum;
        }).description(help).register(objects);
    }

    private void lifecycle(String name, String help, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
    }

    /**
     * Metrics in Prometheus' text format (0.0.4) whose RabbitMQ names Micrometer cannot produce, to be
     * appended to the registry's scrape.
     */
    public String unnamedByMicrometer() {
        return "# HELP rabbitmq_queues_created_total Queues created\n"
                + "# TYPE rabbitmq_queues_created_total counter\n"
                + "rabbitmq_queues_created_total " + broker.counters().queuesCreated.sum() + "\n";
    }

    /** Takes what the gauges show from one scrape's snapshot; called before each scrape (off the event loops). */
    void refresh(ObjectSnapshot objects) {
        registerIdentity();
        long queuePublished = objects.deletedQueuesPublished();
        long ready = 0, unacked = 0, bytes = 0, consumers = 0;
        for (ObjectSnapshot.QueueSample q : objects.queues()) {
            QueueStats s = q.stats();
            ready += s.ready();
            unacked += s.unacked();
            bytes += s.bytes();
            consumers += s.consumers();
            queuePublished += s.published();
        }
        long channels = 0, channelConsumers = 0, channelUnacked = 0, unconfirmed = 0;
        long recvOct = 0, recvCnt = 0, sendOct = 0, sendCnt = 0;
        for (ConnectionInfo info : objects.connections()) {
            channels += info.channels().size();
            for (ConnectionInfo.ChannelInfo ch : info.channels()) {
                channelConsumers += ch.consumers().size();
                channelUnacked += ch.unacked();
                unconfirmed += ch.unconfirmed();
            }
            recvOct += info.traffic().recvOct();
            recvCnt += info.traffic().recvCnt();
            sendOct += info.traffic().sendOct();
            sendCnt += info.traffic().sendCnt();
        }
        int open = objects.connections().size();
        snapshot = new Snapshot(ready, unacked, bytes, consumers, objects.queues().size(), open, channels,
                channelConsumers, channelUnacked, unconfirmed, queuePublished, recvOct, recvCnt, sendOct, sendCnt,
                ProcessStats.sample(open));
    }
}
