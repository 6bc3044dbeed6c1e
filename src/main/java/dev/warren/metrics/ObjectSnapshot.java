package dev.warren.metrics;

import dev.warren.amqp.session.AmqpConnection;
import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.broker.Broker;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the queue, channel and connection metrics show, gathered once per scrape: each queue's stats and
 * each connection's snapshot (with its channels), for both the aggregated and the per-object metrics.
 *
 * @param deletedQueuesPublished messages once enqueued into queues deleted since (read before the live queues,
 *                               so a queue deleted meanwhile is missed rather than counted twice)
 */
record ObjectSnapshot(List<QueueSample> queues, List<ConnectionInfo> connections, long deletedQueuesPublished) {

    /** One queue: its name, RabbitMQ's type name (classic, quorum, stream) and stats. */
    record QueueSample(String vhost, String name, String type, QueueStats stats) {
    }

    static ObjectSnapshot take(Broker broker, Supplier<Collection<AmqpConnection>> connections) {
        long deletedPublished = broker.counters().deletedQueuesPublished.sum();
        List<QueueSample> queues = new ArrayList<>();
        for (VirtualHost vh : broker.virtualHosts()) {
            for (Queue q : vh.queues()) {
                queues.add(new QueueSample(q.vhost(), q.name(), q.parsedArguments().queueType(), q.stats()));
            }
        }
        List<CompletableFuture<ConnectionInfo>> asked = new ArrayList<>();
        for (AmqpConnection c : connections.get()) {
            asked.add(c.describe());
        }
        List<ConnectionInfo> infos = new ArrayList<>(asked.size());
        for (CompletableFuture<ConnectionInfo> f : asked) {
            try {
                infos.add(f.get(2, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // closed meanwhile
            }
        }
        return new ObjectSnapshot(queues, infos, deletedPublished);
    }

    static final ObjectSnapshot EMPTY = new ObjectSnapshot(List.of(), List.of(), 0);
}
