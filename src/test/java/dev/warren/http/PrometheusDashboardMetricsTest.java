package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the RabbitMQ-Overview Grafana dashboard queries, with RabbitMQ's names, types and labels,
 * counted from real client traffic.
 */
class PrometheusDashboardMetricsTest extends AmqpTestBase {
    private static final long WATERMARK = 512L << 20;
    private static final long DISK_LIMIT = 1L << 20;

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.httpPort(0).prometheusPort(0).dataDir(dataDir.resolve("d" + System.nanoTime()))
                .memoryHighWatermarkBytes(WATERMARK).diskFreeLimitBytes(DISK_LIMIT);
    }

    private String scrape() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + warren.prometheusPort()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Scrapes until the condition holds and returns that scrape. */
    private String scrapeUntil(String what, Predicate<String> condition) {
        String[] last = new String[1];
        waitUntil(what, () -> condition.test(last[0] = scrape()));
        return last[0];
    }

    /** The value of an unlabelled sample, or -1 when absent. */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private int managementPut(String path, String body) throws Exception {
        String auth = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + warren.httpPort() + path))
                .header("Authorization", "Basic " + auth).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int managementDelete(String path) throws Exception {
        String auth = Base64.getEncoder().encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + warren.httpPort() + path))
                .header("Authorization", "Basic " + auth).DELETE().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static byte[] body(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void publishingCountsConfirmsRoutedReturnedAndDroppedMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("orders", false, false, false, null);
        ch.queueDeclare("audit", false, false, false, null);
        ch.queueBind("audit", "amq.fanout", "");
        AtomicInteger returns = new AtomicInteger();
        ch.addReturnListener(r -> returns.incrementAndGet());
        ch.confirmSelect();
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "orders", null, body("o" + i));
        }
        ch.basicPublish("amq.fanout", "", null, body("audit only"));
        ch.basicPublish("", "nowhere", true, null, body("returned"));
        ch.basicPublish("", "nowhere", false, null, body("dropped"));
        ch.basicPublish("", "nowhere", false, null, body("dropped too"));
        assertThat(ch.waitForConfirms(5000)).isTrue();
        waitUntil("the return arrived", () -> returns.get() == 1);

        String m = scrapeUntil("7 confirmed", s -> value(s, "rabbitmq_channel_messages_confirmed_total") == 7);
        assertThat(value(m, "rabbitmq_channel_messages_published_total")).isEqualTo(7);
        assertThat(value(m, "rabbitmq_channel_messages_unroutable_returned_total")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_channel_messages_unroutable_dropped_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_queue_messages_published_total")).isEqualTo(4);
        assertThat(value(m, "rabbitmq_channel_messages_unconfirmed")).isZero();
        assertThat(value(m, "rabbitmq_queue_messages_ready")).isEqualTo(4);
        assertThat(m).contains("# TYPE rabbitmq_channel_messages_confirmed_total counter")
                .contains("# TYPE rabbitmq_channel_messages_unroutable_returned_total counter")
                .contains("# TYPE rabbitmq_queue_messages_published_total counter")
                .contains("# TYPE rabbitmq_channel_messages_unconfirmed gauge");

        // A deleted queue's enqueued messages stay in the node's total: counters never go back.
        ch.queueDelete("orders");
        m = scrapeUntil("orders gone", s -> value(s, "rabbitmq_queues") == 1);
        assertThat(value(m, "rabbitmq_queue_messages_published_total")).isEqualTo(4);
    }

    @Test
    void consumingCountsDeliveriesByAckModeAndPolling() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("manual", false, false, false, null);
        ch.queueDeclare("auto", false, false, false, null);
        ch.queueDeclare("polled", false, false, false, null);
        ch.queueDeclare("empty", false, false, false, null);
        for (int i = 0; i < 2; i++) {
            ch.basicPublish("", "manual", null, body("m" + i));
        }
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "auto", null, body("a" + i));
            ch.basicPublish("", "polled", null, body("p" + i));
        }
        GetResponse acked = ch.basicGet("polled", false);
        ch.basicAck(acked.getEnvelope().getDeliveryTag(), false);
        GetResponse requeued = ch.basicGet("polled", false);
        ch.basicNack(requeued.getEnvelope().getDeliveryTag(), false, true);
        assertThat(ch.basicGet("polled", true)).isNotNull(); // the requeued one first: redelivered
        assertThat(ch.basicGet("empty", true)).isNull();
        assertThat(ch.basicGet("empty", false)).isNull();

        Channel consuming = openChannel();
        consuming.basicConsume("manual", false, new DefaultConsumer(consuming) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] b) throws IOException {
                getChannel().basicAck(env.getDeliveryTag(), false);
            }
        });
        consuming.basicConsume("auto", true, new DefaultConsumer(consuming));

        String m = scrapeUntil("everything consumed and acked",
                s -> value(s, "rabbitmq_channel_messages_acked_total") == 3
                        && value(s, "rabbitmq_channel_messages_delivered_total") == 3);
        assertThat(value(m, "rabbitmq_channel_messages_delivered_ack_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channel_get_ack_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channel_get_total")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_channel_get_empty_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channel_messages_redelivered_total")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_channel_consumers")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channels")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channel_messages_unacked")).isZero();
        assertThat(value(m, "rabbitmq_queue_messages_ready")).isEqualTo(1);
        assertThat(m).contains("# TYPE rabbitmq_channel_get_empty_total counter")
                .contains("# TYPE rabbitmq_channel_consumers gauge");
    }

    @Test
    void connectionChannelAndQueueLifecyclesAreCounted() throws Exception {
        Connection a = connect();
        Channel a1 = a.createChannel();
        Channel a2 = a.createChannel();
        Connection b = connect();
        b.createChannel();
        Channel b2 = b.createChannel();

        a1.queueDeclare("jobs", true, false, false, null);               // created
        a1.queueDeclare("jobs", true, false, false, null);               // declared again
        a1.queueDeclarePassive("jobs");                                  // passive: not counted
        String exclusive = b2.queueDeclare().getQueue();                 // created, gone with b
        a1.queueDeclare("temp", false, false, false, null);              // created
        a1.queueDelete("temp");                                          // deleted
        assertThat(managementPut("/api/queues/%2F/by-api", "{\"durable\":false}")).isEqualTo(201);
        assertThat(exclusive).startsWith("amq.gen-");

        a2.close();
        b.close();
        String m = scrapeUntil("b and its channels closed",
                s -> value(s, "rabbitmq_connections_closed_total") == 1 && value(s, "rabbitmq_connections") == 1);
        assertThat(value(m, "rabbitmq_connections_opened_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channels_opened_total")).isEqualTo(4);
        assertThat(value(m, "rabbitmq_channels_closed_total")).isEqualTo(3);
        assertThat(value(m, "rabbitmq_channels")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queues_declared_total")).isEqualTo(5);
        assertThat(value(m, "rabbitmq_queues_created_total")).isEqualTo(4);
        assertThat(value(m, "rabbitmq_queues_deleted_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_queues")).isEqualTo(2);
        assertThat(m).contains("# TYPE rabbitmq_connections_opened_total counter")
                .contains("# TYPE rabbitmq_queues_created_total counter");
    }

    @Test
    void deletingAVirtualHostKeepsItsCountsInTheTotals() throws Exception {
        assertThat(managementPut("/api/vhosts/shop", "{}")).isIn(201, 204);
        ConnectionFactory f = factory();
        f.setVirtualHost("shop");
        Channel ch = track(f.newConnection()).createChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", null, body("x"));
        ch.basicPublish("", "q", null, body("y"));
        scrapeUntil("2 published", s -> value(s, "rabbitmq_channel_messages_published_total") == 2);
        assertThat(managementDelete("/api/vhosts/shop")).isEqualTo(204);
        String m = scrapeUntil("shop's queue gone", s -> value(s, "rabbitmq_queues") == 0);
        assertThat(value(m, "rabbitmq_channel_messages_published_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_queue_messages_published_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_queues_deleted_total")).isEqualTo(1);
    }

    @Test
    void nodeIdentityBuildAndResourceGauges() throws Exception {
        connect().createChannel();
        String m = scrapeUntil("one connection", s -> value(s, "rabbitmq_connections") == 1);
        assertThat(m).containsPattern("(?m)^rabbitmq_build_info\\{[^}]*rabbitmq_version=\"3\\.[0-9.]+\"[^}]*} 1");
        assertThat(m).containsPattern("(?m)^rabbitmq_identity_info\\{[^}]*rabbitmq_cluster=\"warren@[^\"]+\""
                + "[^}]*rabbitmq_node=\"warren@[^\"]+\"[^}]*} 1");
        assertThat(value(m, "rabbitmq_resident_memory_limit_bytes")).isEqualTo(WATERMARK);
        assertThat(value(m, "rabbitmq_process_resident_memory_bytes")).isGreaterThan(1 << 20);
        assertThat(value(m, "rabbitmq_disk_space_available_limit_bytes")).isEqualTo(DISK_LIMIT);
        assertThat(value(m, "rabbitmq_disk_space_available_bytes")).isGreaterThan(0);
        double openFds = value(m, "rabbitmq_process_open_fds");
        assertThat(openFds).isGreaterThan(0);
        assertThat(value(m, "rabbitmq_process_max_fds")).isGreaterThanOrEqualTo(openFds);
        // at least the listeners and both ends of this test's connection
        assertThat(value(m, "rabbitmq_process_open_tcp_sockets")).isGreaterThanOrEqualTo(3);
        assertThat(value(m, "rabbitmq_process_max_tcp_sockets")).isEqualTo(value(m, "rabbitmq_process_max_fds"));
        assertThat(value(m, "rabbitmq_alarms_free_disk_space_watermark")).isZero();

        assertThat(managementPut("/api/cluster-name", "{\"name\":\"shop-cluster\"}")).isEqualTo(204);
        m = scrape();
        assertThat(m).containsPattern("(?m)^rabbitmq_identity_info\\{[^}]*rabbitmq_cluster=\"shop-cluster\"");
        assertThat(m.lines().filter(l -> l.startsWith("rabbitmq_identity_info{")).count()).isEqualTo(1);
    }
}
