package dev.warren.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.amqp.codec.BasicProperties;
import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.MessageCounts;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.User;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueEntry;
import dev.warren.broker.queue.QueueStats;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** /api/overview, /api/whoami, /api/health/checks/alarms, /api/aliveness-test/{vhost}. */
final class OverviewHandlers {
    static final String VERSION = dev.warren.config.Definitions.RABBITMQ_VERSION;
    private final ApiContext api;

    OverviewHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/overview", Access.MANAGEMENT, this::overview);
        r.get("/api/whoami", Access.MANAGEMENT, this::whoami);
        r.get("/api/health/checks/alarms", Access.MANAGEMENT, this::alarms);
        r.get("/api/health/checks/local-alarms", Access.MANAGEMENT, this::alarms);
        r.get("/api/aliveness-test/{vhost}", Access.MANAGEMENT, this::aliveness);
        r.get("/api/nodes", Access.MONITORING, req -> Response.json(List.of(node())));
        r.get("/api/nodes/{node}", Access.MONITORING, req -> {
            if (!req.param("node").equals(api.node())) {
                throw HttpError.notFound();
            }
            return Response.json(node());
        });
        r.get("/api/cluster-name", Access.MANAGEMENT, req -> Response.json(Map.of("name", api.clusterName())));
    }

    Response overview(Request r) {
        User u = r.user();
        ObjectNode o = Json.object();
        o.put("management_version", VERSION).put("rates_mode", "basic");
        ArrayNode types = o.putArray("exchange_types");
        for (String t : List.of("direct", "fanout", "headers", "topic")) {
            types.addObject().put("name", t).put("description", "AMQP " + t + " exchange type").put("enabled", true);
        }
        o.put("product_version", "warren-0.1.0").put("product_name", "Warren").put("rabbitmq_version", VERSION)
                .put("cluster_name", api.clusterName()).put("erlang_version", "n/a")
                .put("erlang_full_version", "Java " + Runtime.version()).put("disable_stats", false)
                .put("enable_queue_totals", true);
        MessageCounts counts = MessageCounts.ZERO;
        long ready = 0, unacked = 0;
        int queues = 0, exchanges = 0, consumers = 0;
        List<VirtualHost> vhosts = api.visibleVhosts(u);
        for (VirtualHost vh : vhosts) {
            counts = counts.plus(vh.stats().counts());
            exchanges += vh.exchanges().size();
            for (Queue q : vh.queues()) {
                QueueStats s = q.stats();
                ready += s.ready();
                unacked += s.unacked();
                consumers += s.consumers();
                queues++;
            }
        }
        double[] rates = Auth.isMonitor(u) || vhosts.size() == api.broker.virtualHosts().size()
                ? api.rates.rates(null) : sumRates(vhosts);
        o.set("message_stats", ApiContext.messageStats(counts, rates, true));
        ObjectNode totals = o.putObject("queue_totals");
        ApiContext.depth(totals, ready, unacked, rates);
        List<ConnectionInfo> conns = api.visibleConnections(u, null);
        int channels = conns.stream().mapToInt(c -> c.channels().size()).sum();
        o.putObject("object_totals").put("channels", channels).put("connections", conns.size())
                .put("consumers", consumers).put("exchanges", exchanges).put("queues", queues);
        o.put("statistics_db_event_queue", 0).put("node", api.node());
        ArrayNode listeners = o.putArray("listeners");
        if (api.amqpPort.get() >= 0) {
            listeners.addObject().put("node", api.node()).put("protocol", "amqp")
                    .put("ip_address", api.config.bindAddress()).put("port", api.amqpPort.get());
        }
        o.putArray("contexts");
        return Response.json(o);
    }

    private double[] sumRates(List<VirtualHost> vhosts) {
        double[] sum = new double[dev.warren.metrics.MessageRates.Counter.values().length];
        for (VirtualHost vh : vhosts) {
            double[] v = api.rates.rates(vh);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return sum;
    }

    /** This node as /api/nodes shows it: memory and disk against their alarm thresholds, uptime. */
    ObjectNode node() {
        ResourceMonitor rm = api.broker.resources();
        Runtime rt = Runtime.getRuntime();
        ObjectNode n = Json.object().put("name", api.node()).put("type", "disc").put("running", true)
                .put("uptime", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime())
                .put("processors", rt.availableProcessors())
                .put("mem_used", rm == null ? rt.totalMemory() - rt.freeMemory() : rm.messageBytes())
                .put("mem_limit", rm == null ? rt.maxMemory() : rm.memoryHighWatermark())
                .put("mem_alarm", rm != null && rm.memoryAlarm())
                .put("disk_free_limit", rm == null ? 0 : rm.diskFreeLimit())
                .put("disk_free_alarm", rm != null && rm.diskAlarm())
                .put("proc_used", Thread.activeCount());
        java.nio.file.Path dir = api.config.dataDir();
        if (dir != null) {
            try {
                n.put("disk_free", java.nio.file.Files.getFileStore(dir).getUsableSpace());
            } catch (java.io.IOException e) {
                // unknown
            }
        }
        return n;
    }

    Response whoami(Request r) {
        ObjectNode o = Json.object().put("name", r.user().name());
        ArrayNode tags = o.putArray("tags");
        r.user().tags().stream().sorted().forEach(tags::add);
        return Response.json(o);
    }

    Response alarms(Request r) {
        ResourceMonitor rm = api.broker.resources();
        if (rm == null || !rm.alarmed()) {
            return Response.json(Map.of("status", "ok"));
        }
        ObjectNode o = Json.object().put("status", "failed").put("reason", "resource alarm(s) in effect in the cluster");
        ArrayNode alarms = o.putArray("alarms");
        if (rm.memoryAlarm()) {
            alarms.addObject().put("node", api.node()).put("resource", "memory");
        }
        if (rm.diskAlarm()) {
            alarms.addObject().put("node", api.node()).put("resource", "disk");
        }
        return Response.json(HttpResponseStatus.SERVICE_UNAVAILABLE, o);
    }

    /** Declares queue aliveness-test, publishes to it through the default exchange and gets the message back. */
    Response aliveness(Request r) throws Exception {
        VirtualHost vh = api.vhostForWrite(r);
        try {
            Queue q = vh.declareQueue("aliveness-test", false, false, false, false, Map.of(), null);
            byte[] body = "test_message".getBytes(StandardCharsets.UTF_8);
            BasicProperties props = BasicProperties.EMPTY;
            Exchange x = vh.requireExchange("");
            Publishing.publish(api.broker, vh, x, new Message("", q.name(), props.encode(), props, body));
            QueueEntry e = q.poll(false);
            if (e == null || !new String(e.message().body(), StandardCharsets.UTF_8).equals("test_message")) {
                return Response.json(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        Map.of("status", "failed", "reason", "message not received"));
            }
            return Response.json(Map.of("status", "ok"));
        } catch (BrokerException e) {
            throw ApiContext.toHttp(e);
        }
    }
}
