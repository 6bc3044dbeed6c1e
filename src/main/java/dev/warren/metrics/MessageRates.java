package dev.warren.metrics;

import dev.warren.broker.Broker;
import dev.warren.broker.MessageCounts;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueStats;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Message rates per second, as RabbitMQ's management shows them in {@code *_details.rate}: the
 * counters of every virtual host and queue are sampled once a second, and a rate is the change over
 * the last few seconds. Sampling reads counters only; the publish and deliver paths do not know it.
 */
public final class MessageRates implements AutoCloseable {
    /** The counters a rate is kept for, in the order of {@link #rates}. */
    public enum Counter { PUBLISH, CONFIRM, RETURN_UNROUTABLE, DROP_UNROUTABLE, DELIVER_GET, DELIVER, DELIVER_NO_ACK,
        GET, GET_NO_ACK, GET_EMPTY, ACK, REDELIVER, MESSAGES, READY, UNACKED, PUBLISH_IN, PUBLISH_OUT }

    /** How long a sample taken on request (channels) counts towards a rate. */
    private static final long ON_DEMAND_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final int WINDOW = 5;
    private static final int N = Counter.values().length;

    private final Broker broker;
    private final Map<Object, Ring> rings = new ConcurrentHashMap<>();
    private final Map<Object, OnDemand> onDemand = new ConcurrentHashMap<>();
    private final Ring totals = new Ring();
    private final ScheduledExecutorService timer;
    private long lastSample = System.nanoTime();

    public MessageRates(Broker broker) {
        this.broker = broker;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warren-message-rates");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Rates per second of a virtual host, a queue, or (key null) the whole broker; zeros when unknown. */
    public double[] rates(Object key) {
        Ring r = key == null ? totals : rings.get(key);
        return r == null ? new double[N] : r.rates();
    }

    void sample() {
        try {
            long now = System.nanoTime();
            long[] sum = new long[N];
            java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (VirtualHost vh : broker.virtualHosts()) {
                seen.add(vh);
                for (Exchange x : vh.exchanges()) {
                    long[] xv = new long[N];
                    xv[Counter.PUBLISH_IN.ordinal()] = x.publishedIn.sum();
                    xv[Counter.PUBLISH_OUT.ordinal()] = x.publishedOut.sum();
                    rings.computeIfAbsent(x, this::newRing).add(now, xv);
                    seen.add(x);
                }
                long[] v = counters(vh.stats().counts());
                for (Queue q : vh.queues()) {
                    long[] qv = values(q.stats());
                    rings.computeIfAbsent(q, this::newRing).add(now, qv);
                    seen.add(q);
                    v[Counter.MESSAGES.ordinal()] += qv[Counter.MESSAGES.ordinal()];
                    v[Counter.READY.ordinal()] += qv[Counter.READY.ordinal()];
                    v[Counter.UNACKED.ordinal()] += qv[Counter.UNACKED.ordinal()];
                }
                rings.computeIfAbsent(vh, this::newRing).add(now, v);
                for (int i = 0; i < N; i++) {
                    sum[i] += v[i];
                }
            }
            totals.add(now, sum);
            rings.keySet().removeIf(k -> !seen.contains(k));
            onDemand.values().removeIf(o -> now - o.lastTime() > 6 * ON_DEMAND_WINDOW_NANOS);
            lastSample = now;
        } catch (RuntimeException e) {
            // keep sampling; a queue deleted mid-sample is simply dropped
        }
    }

    /** An object seen for the first time had all counters at zero when it was created, after the last sample. */
    private Ring newRing(Object key) {
        Ring r = new Ring();
        r.add(lastSample, new long[N]);
        return r;
    }

    /**
     * Rates of something the sampler does not visit (a channel, whose counters live on its event loop):
     * the caller passes the counters each time it looks (the same number of them each time), and a rate is
     * the change since the oldest look of the last 10 seconds; zeros on the first look.
     */
    public double[] ratesOnDemand(Object key, long[] values) {
        return onDemand.computeIfAbsent(key, k -> new OnDemand()).add(System.nanoTime(), values);
    }

    /** The rate of a single counter, taken as {@link #ratesOnDemand} takes them. */
    public double rateOnDemand(Object key, long value) {
        return ratesOnDemand(key, new long[] {value})[0];
    }

    /** Message counters laid out as {@link #rates} has them (depths zero), e.g. for {@link #ratesOnDemand}. */
    public static long[] counters(MessageCounts c) {
        long[] v = new long[N];
        v[Counter.PUBLISH.ordinal()] = c.publish();
        v[Counter.CONFIRM.ordinal()] = c.confirm();
        v[Counter.RETURN_UNROUTABLE.ordinal()] = c.returnUnroutable();
        v[Counter.DROP_UNROUTABLE.ordinal()] = c.dropUnroutable();
        v[Counter.DELIVER_GET.ordinal()] = c.deliverGet();
        v[Counter.DELIVER.ordinal()] = c.deliver();
        v[Counter.DELIVER_NO_ACK.ordinal()] = c.deliverNoAck();
        v[Counter.GET.ordinal()] = c.get();
        v[Counter.GET_NO_ACK.ordinal()] = c.getNoAck();
        v[Counter.GET_EMPTY.ordinal()] = c.getEmpty();
        v[Counter.ACK.ordinal()] = c.ack();
        v[Counter.REDELIVER.ordinal()] = c.redeliver();
        return v;
    }

    private static long[] values(QueueStats s) {
        long[] v = counters(s.counts());
        v[Counter.MESSAGES.ordinal()] = s.ready() + s.unacked();
        v[Counter.READY.ordinal()] = s.ready();
        v[Counter.UNACKED.ordinal()] = s.unacked();
        return v;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Samples taken when asked, kept for {@link #ON_DEMAND_WINDOW_NANOS}. */
    private static final class OnDemand {
        private final java.util.ArrayDeque<long[]> values = new java.util.ArrayDeque<>();
        private final java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>();
        private volatile long lastTime;

        long lastTime() {
            return lastTime;
        }

        synchronized double[] add(long now, long[] v) {
            while (!times.isEmpty() && now - times.peekFirst() > ON_DEMAND_WINDOW_NANOS) {
                times.pollFirst();
                values.pollFirst();
            }
            double[] r = new double[v.length];
            if (!times.isEmpty() && now > times.peekFirst() && values.peekFirst().length == v.length) {
                double seconds = (now - times.peekFirst()) / 1e9;
                long[] oldest = values.peekFirst();
                for (int i = 0; i < v.length; i++) {
                    r[i] = Math.max(0, (v[i] - oldest[i]) / seconds);
                }
            }
            if (times.size() < 64) {
                times.addLast(now);
                values.addLast(v);
            }
            lastTime = now;
            return r;
        }
    }

    /** The last few samples of one object's counters. */
    private static final class Ring {
        private final long[] times = new long[WINDOW + 1];
        private final long[][] values = new long[WINDOW + 1][];
        private int next;
        private int count;

        synchronized void add(long time, long[] v) {
            times[next] = time;
            values[next] = v;
            next = (next + 1) % times.length;
            count = Math.min(count + 1, times.length);
        }

        synchronized double[] rates() {
            double[] r = new double[N];
            if (count < 2) {
                return r;
            }
            int newest = (next - 1 + times.length) % times.length;
            int oldest = (next - count + times.length) % times.length;
            double seconds = (times[newest] - times[oldest]) / 1e9;
            if (seconds <= 0) {
                return r;
            }
            for (int i = 0; i < N; i++) {
                r[i] = (values[newest][i] - values[oldest][i]) / seconds;
            }
            return r;
        }
    }
}
