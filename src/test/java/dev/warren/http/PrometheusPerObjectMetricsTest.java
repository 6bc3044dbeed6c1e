package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.impl.NetworkConnection;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.config.ConfigException;
import dev.warren.config.ConfigFile;
import dev.warren.testing.AmqpTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RabbitMQ's per-object Prometheus metrics: {@code /metrics/per-object} has a series per queue ({@code vhost},
 * {@code queue} labels), per channel and per connection ({@code channel} label, as RabbitMQ labels both), where
 * {@code /metrics} has their sums; {@code prometheus.return_per_object_metrics = true} makes {@code /metrics}
 * per-object too. Scraped with a real HTTP client while real AMQP clients are connected.
 */
class PrometheusPerObjectMetricsTest extends AmqpTestBase {
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.httpPort(0).prometheusPort(0); // (no metrics listener without the HTTP one)
    }

    private static String scrape(Warren w, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + w.prometheusPort() + path)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String scrape(String path) {
        return scrape(warren, path);
    }

    /** The value of the series {@code nameAndLabels} (exactly as written, labels included), or -1 when absent. */
    private static long value(String metrics, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    /** Warren's (and RabbitMQ's management) name of a client's connection: "CLIENT:PORT -> SERVER:PORT". */
    private String connectionName(Connection c) {
        return "127.0.0.1:" + ((NetworkConnection) c).getLocalPort() + " -> 127.0.0.1:" + warren.amqpPort();
    }

    private static String channelLabel(String name) {
        return "{channel=\"" + name + "\"}";
    }

    @Test
    void queuesHaveASeriesEachLabelledByVhostAndQueue() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("alpha", false, false, false, null);
        ch.queueDeclare("beta", true, false, false, null);
        ch.confirmSelect();
        ch.basicPublish("", "alpha", null, "x".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "beta", null, "x".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "beta", null, "x".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5000);
        assertThat(ch.basicGet("beta", false)).isNotNull();
        assertThat(ch.basicGet("alpha", true)).isNotNull();
        assertThat(ch.basicGet("alpha", true)).isNull();

        String m = scrape("/metrics/per-object");
        assertThat(value(m, "rabbitmq_queue_messages_ready{vhost=\"/\",queue=\"beta\"}")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_messages_unacked{vhost=\"/\",queue=\"beta\"}")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_messages{vhost=\"/\",queue=\"beta\"}")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_queue_messages{vhost=\"/\",queue=\"alpha\"}")).isZero();
        assertThat(value(m, "rabbitmq_queue_consumers{vhost=\"/\",queue=\"beta\"}")).isZero();
        assertThat(value(m, "rabbitmq_queue_messages_published_total{vhost=\"/\",queue=\"beta\"}")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_queue_get_ack_total{vhost=\"/\",queue=\"beta\"}")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_get_total{vhost=\"/\",queue=\"alpha\"}")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_get_empty_total{vhost=\"/\",queue=\"alpha\"}")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_info{vhost=\"/\",queue=\"beta\",queue_type=\"rabbit_classic_queue\","
                + "membership=\"leader\"}")).isEqualTo(1);
        assertThat(m).contains("# TYPE rabbitmq_queue_messages_published_total counter")
                .contains("# TYPE rabbitmq_queue_messages_ready gauge");
        // the node's own series stay as they are
        assertThat(value(m, "rabbitmq_queues")).isEqualTo(2);
        assertThat(m).containsPattern("rabbitmq_identity_info\\{.*rabbitmq_node=\"warren@");
        // and the sums are not there
        assertThat(m).doesNotContainPattern("(?m)^rabbitmq_queue_messages_ready ");

        ch.queueDelete("alpha");
        assertThat(scrape("/metrics/per-object")).doesNotContain("queue=\"alpha\"").contains("queue=\"beta\"");
    }

    @Test
    void channelsAndConnectionsHaveASeriesEachLabelledChannel() throws Exception {
        Connection publisher = connect();
        Channel first = publisher.createChannel();
        Channel second = publisher.createChannel();
        first.queueDeclare("q", false, false, false, null);
        first.confirmSelect();
        for (int i = 0; i < 3; i++) {
            first.basicPublish("", "q", null, "m".getBytes(StandardCharsets.UTF_8));
        }
        first.waitForConfirmsOrDie(5000);
        second.basicPublish("amq.direct", "nowhere", null, "lost".getBytes(StandardCharsets.UTF_8));

        Connection consumer = connect();
        Channel c = consumer.createChannel();
        AtomicInteger received = new AtomicInteger();
        c.basicConsume("q", true, new DefaultConsumer(c) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                received.incrementAndGet();
            }
        });
        String firstChannel = channelLabel(connectionName(publisher) + " (1)");
        String secondChannel = channelLabel(connectionName(publisher) + " (2)");
        String consumerChannel = channelLabel(connectionName(consumer) + " (1)");
        String[] last = new String[1];
        waitUntil("the second channel's publish and the 3 deliveries counted", () -> {
            last[0] = scrape("/metrics/per-object");
            return received.get() == 3 && value(last[0], "rabbitmq_channel_messages_delivered_total"
                    + consumerChannel) == 3 && value(last[0], "rabbitmq_channel_messages_published_total"
                    + secondChannel) == 1;
        });
        String m = last[0];
        assertThat(value(m, "rabbitmq_channel_messages_published_total" + firstChannel)).isEqualTo(3);
        assertThat(value(m, "rabbitmq_channel_messages_confirmed_total" + firstChannel)).isEqualTo(3);
        assertThat(value(m, "rabbitmq_channel_messages_unroutable_dropped_total" + secondChannel)).isEqualTo(1);
        assertThat(value(m, "rabbitmq_channel_messages_unroutable_dropped_total" + firstChannel)).isZero();
        assertThat(value(m, "rabbitmq_channel_messages_delivered_ack_total" + consumerChannel)).isZero();
        assertThat(value(m, "rabbitmq_channel_consumers" + consumerChannel)).isEqualTo(1);
        assertThat(value(m, "rabbitmq_channel_consumers" + firstChannel)).isZero();
        assertThat(m).contains("# TYPE rabbitmq_channel_messages_published_total counter");

        String publisherLabel = channelLabel(connectionName(publisher));
        String consumerLabel = channelLabel(connectionName(consumer));
        assertThat(value(m, "rabbitmq_connection_channels" + publisherLabel)).isEqualTo(2);
        assertThat(value(m, "rabbitmq_connection_channels" + consumerLabel)).isEqualTo(1);
        // the publisher sent three bodies and more; the consumer was sent them
        assertThat(value(m, "rabbitmq_connection_incoming_bytes_total" + publisherLabel)).isGreaterThan(100);
        assertThat(value(m, "rabbitmq_connection_outgoing_bytes_total" + consumerLabel)).isGreaterThan(100);
        assertThat(value(m, "rabbitmq_connection_incoming_packets_total" + publisherLabel)).isPositive();
        assertThat(value(m, "rabbitmq_connection_outgoing_packets_total" + consumerLabel)).isPositive();
        assertThat(value(m, "rabbitmq_connections")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channels")).isEqualTo(3);
        assertThat(m).doesNotContainPattern("(?m)^rabbitmq_channel_messages_published_total ");

        // a closed connection's series go with it, its channels' too
        publisher.close();
        waitUntil("the publisher's series gone", () -> !scrape("/metrics/per-object")
                .contains(connectionName(publisher)));
        assertThat(scrape("/metrics/per-object")).contains(connectionName(consumer));
    }

    @Test
    void metricsStaysAggregatedByDefault() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("a", false, false, false, null);
        ch.queueDeclare("b", false, false, false, null);
        ch.confirmSelect();
        ch.basicPublish("", "a", null, "x".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "b", null, "x".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5000);
        String m = scrape("/metrics");
        assertThat(value(m, "rabbitmq_queue_messages_ready")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channel_messages_published_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_connection_channels")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_connection_incoming_bytes_total")).isGreaterThan(100);
        assertThat(value(m, "rabbitmq_connection_outgoing_bytes_total")).isPositive();
        assertThat(m).doesNotContain("queue=\"a\"").doesNotContain("channel=\"");
    }

    @Test
    void returnPerObjectMetricsMakesMetricsPerObject(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "prometheus.return_per_object_metrics = true\n");
        WarrenConfig config = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(0).prometheusPort(0).ioThreads(1);
        ConfigFile.apply(file, config);
        assertThat(config.prometheusPerObjectMetrics()).isTrue();
        try (Warren w = config.start()) {
            com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(w.amqpPort());
            try (Connection c = f.newConnection()) {
                Channel ch = c.createChannel();
                ch.queueDeclare("orders", false, false, false, null);
                ch.confirmSelect();
                ch.basicPublish("", "orders", null, "x".getBytes(StandardCharsets.UTF_8));
                ch.waitForConfirmsOrDie(5000);
                String m = scrape(w, "/metrics");
                assertThat(value(m, "rabbitmq_queue_messages_ready{vhost=\"/\",queue=\"orders\"}")).isEqualTo(1);
                assertThat(value(m, "rabbitmq_channel_messages_published_total{channel=\"127.0.0.1:"
                        + ((NetworkConnection) c).getLocalPort() + " -> 127.0.0.1:" + w.amqpPort() + " (1)\"}")).isEqualTo(1);
                assertThat(m).doesNotContainPattern("(?m)^rabbitmq_queue_messages_ready ");
                assertThat(value(m, "rabbitmq_queues")).isEqualTo(1);
            }
        }
    }

    @Test
    void returnPerObjectMetricsTakesTrueOrFalse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "prometheus.return_per_object_metrics = yes\n");
        assertThatThrownBy(() -> ConfigFile.apply(file, new WarrenConfig())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1").hasMessageContaining("expected true or false");
        Files.writeString(file, "prometheus.return_per_object_metrics = false\n");
        WarrenConfig config = new WarrenConfig().prometheusPerObjectMetrics(true);
        ConfigFile.apply(file, config);
        assertThat(config.prometheusPerObjectMetrics()).isFalse();
    }
}
