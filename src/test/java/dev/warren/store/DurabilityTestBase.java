package dev.warren.store;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts and restarts an in-process Warren on one data directory. */
abstract class DurabilityTestBase {
    static final AMQP.BasicProperties PERSISTENT = MessageProperties.PERSISTENT_TEXT_PLAIN;

    @TempDir
    Path dataDir;
    Warren warren;
    private final List<Connection> connections = new ArrayList<>();

    WarrenConfig config() {
        return Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(2).dataDir(dataDir);
    }

    Warren start() {
        warren = config().start();
        return warren;
    }

    void restart() {
        stop();
        start();
    }

    void stop() {
        for (Connection c : connections) {
            if (c.isOpen()) {
                c.abort(1000);
            }
        }
        connections.clear();
        if (warren != null) {
            warren.close();
            warren = null;
        }
    }

    Connection connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(warren.amqpPort());
        f.setAutomaticRecoveryEnabled(false);
        Connection c = f.newConnection();
        connections.add(c);
        return c;
    }

    @AfterEach
    void stopWarren() {
        stop();
    }
}
