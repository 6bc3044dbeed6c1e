package dev.warren.broker;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.DeadLetterSink;
import dev.warren.broker.queue.Queue;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Republishes dead messages to their queue's dead-letter exchange, as RabbitMQ does: with the
 * {@code x-death} history (count, reason, queue, time, exchange, routing-keys; one entry per queue and
 * reason, counts merged), {@code x-first-death-*} and {@code x-last-death-*} headers, the per-message
 * expiration removed, and dead-letter cycles without a rejection in them dropped. Runs on its own
 * thread, so queues never route while holding their locks.
 */
public final class DeadLettering implements DeadLetterSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLettering.class);

    private final Broker broker;
    private final MessageRouter router;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "warren-dead-lettering");
        t.setDaemon(true);
        return t;
    });

    public DeadLettering(Broker broker, MessageRouter router) {
        this.broker = broker;
        this.router = router;
    }

    @Override
    public void deadLetter(Queue queue, List<Message> messages, String reason) {
        String dlx = queue.parsedArguments().deadLetterExchange();
        if (dlx == null || messages.isEmpty()) {
            return;
        }
        String dlrk = queue.parsedArguments().deadLetterRoutingKey();
        long now = System.currentTimeMillis();
        worker.execute(() -> {
            VirtualHost vh = broker.virtualHost(queue.vhost());
            Exchange exchange = vh == null ? null : vh.exchange(dlx);
            if (exchange == null) {
                log.debug("dead-letter exchange '{}' of {} does not exist; {} messages dropped", dlx, queue,
                        messages.size());
                return;
            }
            for (Message m : messages) {
                Message dead = withDeath(m, queue.name(), reason, now, dlx, dlrk);
                router.publish(vh, exchange, dead, target -> !isCycle(dead, target));
            }
        });
    }

    /**
     * A message dead-lettered back into a queue it already died in is dropped when no death since then
     * (newest first, up to and including its last death in that queue) was a rejection, as RabbitMQ does:
     * an earlier rejection outside the loop does not make an automatic (TTL, length) cycle legitimate.
     */
    private static boolean isCycle(Message dead, Queue target) {
        Object deaths = dead.properties().headers().get("x-death");
        if (!(deaths instanceof List<?> list)) {
            return false;
        }
        for (Object o : list) {
            if (o instanceof Map<?, ?> d) {
                if ("rejected".equals(String.valueOf(d.get("reason")))) {
                    return false;
                }
                if (target.name().equals(String.valueOf(d.get("queue")))) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static Message withDeath(Message m, String queue, String reason, long now, String dlx, String dlrk) {
        BasicProperties p = m.properties();
        Map<String, Object> headers = p.headers() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(p.headers());
        List<Object> deaths = headers.get("x-death") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        Map<String, Object> entry = null;
        for (int i = 0; i < deaths.size(); i++) {
            if (deaths.get(i) instanceof Map<?, ?> d && queue.equals(String.valueOf(d.get("queue")))
                    && reason.equals(String.valueOf(d.get("reason")))) {
                entry = new LinkedHashMap<>((Map<String, Object>) d);
                deaths.remove(i);
                break;
            }
        }
        if (entry == null) {
            entry = new LinkedHashMap<>();
            entry.put("count", 0L);
            entry.put("reason", reason);
            entry.put("queue", queue);
            entry.put("exchange", m.exchange());
            entry.put("routing-keys", List.of(m.routingKey()));
            entry.put("time", new Date(now));
            if (p.expiration() != null) {
                entry.put("original-expiration", p.expiration());
            }
        }
        // a merged entry keeps its first time, exchange and routing keys: only the count moves on
        Object count = entry.get("count");
        entry.put("count", (count instanceof Number n ? n.longValue() : 0L) + 1);
        deaths.add(0, entry);
        headers.put("x-death", deaths);
        headers.putIfAbsent("x-first-death-reason", reason);
        headers.putIfAbsent("x-first-death-queue", queue);
        headers.putIfAbsent("x-first-death-exchange", m.exchange());
        headers.put("x-last-death-reason", reason);
        headers.put("x-last-death-queue", queue);
        headers.put("x-last-death-exchange", m.exchange());
        BasicProperties dead = new BasicProperties(p.contentType(), p.contentEncoding(), headers, p.deliveryMode(),
                p.priority(), p.correlationId(), p.replyTo(), null, p.messageId(), p.timestamp(), p.type(),
                p.userId(), p.appId(), p.clusterId());
        String routingKey = dlrk != null ? dlrk : m.routingKey();
        return new Message(dlx, routingKey, dead.encode(), dead, m.body());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
