package dev.warren;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@link ClassWarmup}, which {@code ./warren} runs before recording its class-data-sharing archive: it
 * completes its AMQP and RESP exchanges with a real server and leaves nothing behind.
 */
class ClassWarmupTest {
    @Test
    void talksToBothListenersAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        try (Warren warren = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(0)
                .httpPort(WarrenConfig.OFF).prometheusPort(WarrenConfig.OFF).dataDir(dir).start()) {
            assertThat(ClassWarmup.exercise(warren)).isTrue();
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(warren.amqpPort());
            try (Connection c = f.newConnection()) {
                Channel ch = c.createChannel();
                // the warm-up queue was exclusive to the warm-up's connection, which closed normally
                assertThat(catchIOException(() -> ch.queueDeclarePassive("warren.class-warmup"))).isNotNull();
            }
            try (Jedis jedis = new Jedis("127.0.0.1", warren.respPort())) {
                assertThat(jedis.exists("warren:class-warmup")).isFalse();
            }
        }
    }

    @Test
    void reportsAFailureWhenNothingAnswers(@TempDir Path dir) {
        Warren warren = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).prometheusPort(WarrenConfig.OFF).dataDir(dir).start();
        warren.close();
        assertThat(ClassWarmup.exercise(warren)).isFalse();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static IOException catchIOException(IoAction action) {
        try {
            action.run();
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
