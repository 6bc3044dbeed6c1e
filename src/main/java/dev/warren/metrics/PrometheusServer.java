package dev.warren.metrics;

import dev.warren.WarrenConfig;
import dev.warren.amqp.session.AmqpConnection;
import dev.warren.broker.Broker;
import dev.warren.http.Access;
import dev.warren.http.HttpServer;
import dev.warren.http.Response;
import dev.warren.http.Router;
import dev.warren.net.NettyTransport;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Prometheus' text format on its own port (RabbitMQ's 15692). {@code /metrics} has the node's metrics, the
 * JVM's, and the queue, channel and connection metrics summed over all of them (per object instead with
 * {@code prometheus.return_per_object_metrics}); {@code /metrics/per-object} has the node's and the JVM's and
 * always the per-object ones.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The node's and the JVM's meters, in every scrape. */
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** The queue, channel and connection meters summed (aggregated scrapes only). */
    private final PrometheusMeterRegistry aggregated = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Broker broker;
    private final Supplier<Collection<AmqpConnection>> connections;
    private final BrokerMetrics metrics;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ExecutorService executor;
    private final HttpServer server;

    public PrometheusServer(NettyTransport transport, Broker broker, WarrenConfig config,
                            Supplier<Collection<AmqpConnection>> connections) throws InterruptedException {
        this.broker = broker;
        this.connections = connections;
        String node = "warren@" + hostName();
        // As /api/cluster-name: the cluster_name global parameter when set, else the node name.
        metrics = new BrokerMetrics(broker, registry, aggregated, node,
                () -> broker.globalParameters().get("cluster_name") instanceof String s ? s : node);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warren-prometheus");
            t.setDaemon(true);
            return t;
        });
        boolean perObjectByDefault = config.prometheusPerObjectMetrics();
        Router router = Router.publicRoutes()
                .get("/metrics", Access.PUBLIC, req -> Response.text(HttpResponseStatus.OK, CONTENT_TYPE,
                        scrape(perObjectByDefault)))
                .get("/metrics/per-object", Access.PUBLIC, req -> Response.text(HttpResponseStatus.OK, CONTENT_TYPE,
                        scrape(true)));
        try {
            server = new HttpServer(transport, config.bindAddress(), config.prometheusPort(), router, executor);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** One scrape, on the one scrape thread: the node's meters, then the objects' (summed or one per object). */
    private String scrape(boolean perObject) {
        ObjectSnapshot objects = ObjectSnapshot.take(broker, connections);
        metrics.refresh(objects);
        StringBuilder out = new StringBuilder(16 * 1024).append(registry.scrape()).append(metrics.unnamedByMicrometer());
        if (perObject) {
            PerObjectMetrics.write(objects, out);
        } else {
            out.append(aggregated.scrape());
        }
        return out.toString();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        executor.shutdownNow();
        gc.close();
        registry.close();
        aggregated.close();
    }
}
