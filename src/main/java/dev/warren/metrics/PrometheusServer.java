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
 * Prometheus' text format on its own port (RabbitMQ's 15692): {@code /metrics} has the aggregated broker
 * metrics and the JVM's, {@code /metrics/per-object} the queue metrics labelled by vhost and queue.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PrometheusMeterRegistry perObjectRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ExecutorService executor;
    private final HttpServer server;

    public PrometheusServer(NettyTransport transport, Broker broker, WarrenConfig config,
                            Supplier<Collection<AmqpConnection>> connections) throws InterruptedException {
        String node = "warren@" + hostName();
        // As /api/cluster-name: the cluster_name global parameter when set, else the node name.
        BrokerMetrics metrics = new BrokerMetrics(broker, connections, registry, node,
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
        PerObjectMetrics perObject = new PerObjectMetrics(broker, perObjectRegistry);
        Router router = Router.publicRoutes().get("/metrics", Access.PUBLIC, req -> {
            metrics.refresh();
            return Response.text(HttpResponseStatus.OK, CONTENT_TYPE,
                    registry.scrape() + metrics.unnamedByMicrometer());
        }).get("/metrics/per-object", Access.PUBLIC, req -> {
            perObject.refresh();
            return Response.text(HttpResponseStatus.OK, CONTENT_TYPE, perObjectRegistry.scrape());
        });
        try {
            server = new HttpServer(transport, config.bindAddress(), config.prometheusPort(), router, executor);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
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
        perObjectRegistry.close();
    }
}
