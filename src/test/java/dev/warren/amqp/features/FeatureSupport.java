package dev.warren.amqp.features;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/** Small helpers shared by the queue-feature tests: argument tables, bodies, counts, confirms. */
final class FeatureSupport {
    private FeatureSupport() {
    }

    /** A queue/exchange argument table from alternating keys and values, in order. */
    static Map<String, Object> args(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String body(GetResponse r) {
        return r == null ? null : new String(r.getBody(), StandardCharsets.UTF_8);
    }

    /** Properties with a per-message TTL ({@code expiration}). */
    static AMQP.BasicProperties expiring(String ms) {
        return new AMQP.BasicProperties.Builder().expiration(ms).build();
    }

    static AMQP.BasicProperties withPriority(int priority) {
        return new AMQP.BasicProperties.Builder().priority(priority).build();
    }

    static AMQP.BasicProperties withHeaders(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().headers(headers).build();
    }

    /** The ready-message count the broker reports in queue.declare-ok (passive). */
    static int messageCount(Channel ch, String queue) {
        try {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException e) {
            throw new AssertionError("queue '" + queue + "' is missing", e);
        }
    }

    /** True when the queue exists; checked on a throw-away channel since a 404 closes it. */
    static boolean queueExists(Connection c, String queue) {
        try {
            Channel ch = c.createChannel();
            try {
                ch.queueDeclarePassive(queue);
                ch.close();
                return true;
            } catch (IOException e) {
                return false;
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Takes every ready message (auto-ack) and returns the bodies, head first. */
    static List<String> drain(Channel ch, String queue) throws IOException {
        List<String> out = new ArrayList<>();
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            out.add(body(r));
        }
        return out;
    }

    /** Records publisher confirms by sequence number, expanding multiple acks and nacks. */
    static final class Confirms implements ConfirmListener {
        final NavigableSet<Long> acked = new ConcurrentSkipListSet<>();
        final NavigableSet<Long> nacked = new ConcurrentSkipListSet<>();
        private long highest;

        static Confirms on(Channel ch) throws IOException {
            ch.confirmSelect();
            Confirms c = new Confirms();
            ch.addConfirmListener(c);
            return c;
        }

        @Override
        public synchronized void handleAck(long tag, boolean multiple) {
            record(acked, tag, multiple);
        }

        @Override
        public synchronized void handleNack(long tag, boolean multiple) {
            record(nacked, tag, multiple);
        }

        private void record(NavigableSet<Long> into, long tag, boolean multiple) {
            long from = multiple ? highest + 1 : tag;
            for (long t = from; t <= tag; t++) {
                if (!acked.contains(t) && !nacked.contains(t)) {
                    into.add(t);
                }
            }
            highest = Math.max(highest, tag);
        }

        boolean settled(long upTo) {
            return acked.size() + nacked.size() >= upTo;
        }
    }
}
