package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import dev.warren.WarrenConfig;
import dev.warren.config.ConfigFile;
import dev.warren.testing.AmqpTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusMetricsTest extends AmqpTestBase {
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.httpPort(0).prometheusPort(0);
    }

    private HttpResponse<String> scrape(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + warren.prometheusPort() + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of an unlabelled sample, or -1 when absent. */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void metricsUseRabbitMqNamesAndCountTraffic() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        for (int i = 0; i < 4; i++) {
            ch.basicPublish("", "q", null, "x".getBytes(StandardCharsets.UTF_8));
        }
        ch.basicQos(1);
        ch.basicConsume("q", false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body)
                    throws java.io.IOException {
                if (env.getDeliveryTag() == 1) {
                    getChannel().basicAck(1, false);
                }
            }
        });
        waitUntil("1 acked, 1 unacked, 2 ready", () -> {
            String m = scrape("/metrics").body();
            return value(m, "rabbitmq_channel_messages_acked_total") == 1
                    && value(m, "rabbitmq_queue_messages_unacked") == 1 && value(m, "rabbitmq_queue_messages_ready") == 2;
        });
        HttpResponse<String> r = scrape("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String m = r.body();
        assertThat(value(m, "rabbitmq_channel_messages_published_total")).isEqualTo(4);
        // as RabbitMQ: deliveries to a manual-ack consumer are counted apart from auto-ack ones
        assertThat(value(m, "rabbitmq_channel_messages_delivered_ack_total")).isEqualTo(2);
        assertThat(value(m, "rabbitmq_channel_messages_delivered_total")).isZero();
        assertThat(value(m, "rabbitmq_connections")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_channels")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_consumers")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queues")).isEqualTo(1);
        assertThat(value(m, "rabbitmq_queue_messages")).isEqualTo(3);
        assertThat(m).contains("# TYPE rabbitmq_channel_messages_published_total counter");
        assertThat(m).containsPattern("rabbitmq_identity_info\\{.*rabbitmq_node=\"warren@");
        assertThat(m).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads");
        assertThat(value(m, "rabbitmq_alarms_memory_used_watermark")).isZero();
    }

    @Test
    void onlyMetricsPathIsServed() {
        assertThat(scrape("/other").statusCode()).isEqualTo(404);
    }

    @Test
    void prometheusPortIsReadFromTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "prometheus.tcp.port = off\nmanagement.tcp.port = 15999\n");
        WarrenConfig config = new WarrenConfig();
        ConfigFile.apply(file, config);
        assertThat(config.prometheusPort()).isEqualTo(WarrenConfig.OFF);
        assertThat(config.httpPort()).isEqualTo(15999);
    }

    @Test
    void noHttpListenerAtAllWhenTheHttpPortIsOff() {
        try (var w = dev.warren.Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(1).start()) {
            assertThat(w.httpPort()).isEqualTo(WarrenConfig.OFF);
            assertThat(w.prometheusPort()).isEqualTo(WarrenConfig.OFF);
        }
    }
}
