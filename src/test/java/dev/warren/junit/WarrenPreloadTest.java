package dev.warren.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSessionListener;

/** {@link WarrenPreload}: found by the JUnit Platform, and a start after a preload serves real clients. */
class WarrenPreloadTest {
    @Test
    void theJUnitPlatformFindsTheSessionListener() {
        assertThat(ServiceLoader.load(LauncherSessionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(WarrenPreload.class);
    }

    @Test
    void aStartWaitsForThePreloadAndServesClients() throws Exception {
        Warren.preload(); // begun already when this test run's session opened: then nothing new
        try (Warren warren = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).prometheusPort(WarrenConfig.OFF).start()) {
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("warren-preload"));
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(warren.amqpPort());
            try (Connection c = f.newConnection()) {
                assertThat(c.createChannel().queueDeclare("after-preload", false, false, true, null).getQueue())
                        .isEqualTo("after-preload");
            }
        }
    }
}
