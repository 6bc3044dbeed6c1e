package dev.warren.cli;

import dev.warren.ClassWarmup;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.config.ConfigFile;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren server}: starts the server in the foreground until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Start the Warren server (the default command).")
final class ServerCommand implements Runnable {
    @Option(names = "--amqp-port", converter = PortConverter.class, paramLabel = "PORT|off",
            description = "AMQP 0-9-1 port (default: 5672).")
    Integer amqpPort;

    @Option(names = "--resp-port", converter = PortConverter.class, paramLabel = "PORT|off",
            description = "RESP (Redis protocol) port (default: 6379).")
    Integer respPort;

    @Option(names = "--http-port", converter = PortConverter.class, paramLabel = "PORT|off",
            description = "Management HTTP port (default: 15672).")
    Integer httpPort;

    @Option(names = "--prometheus-port", converter = PortConverter.class, paramLabel = "PORT|off",
            description = "Prometheus /metrics port (default: 15692; off when the HTTP port is off).")
    Integer prometheusPort;

    /** Used by ./warren to record a class-data-sharing archive: start everything, then stop at once. */
    @Option(names = "--exit-after-start", hidden = true)
    boolean exitAfterStart;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 0.0.0.0).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: $WARREN_DATA_DIR or ~/.warren/data).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value lines).")
    Path configFile;

    @Override
    public void run() {
        WarrenConfig config = Warren.builder().dataDir(WarrenConfig.defaultDataDir());
        if (configFile != null) {
            ConfigFile.apply(configFile, config);
        }
        if (amqpPort != null) {
            config.amqpPort(amqpPort);
        }
        if (respPort != null) {
            config.respPort(respPort);
        }
        if (httpPort != null) {
            config.httpPort(httpPort);
        }
        if (prometheusPort != null) {
            config.prometheusPort(prometheusPort);
        }
        if (bind != null) {
            config.bindAddress(bind);
        }
        if (dataDir != null) {
            config.dataDir(dataDir);
        } else if (System.getenv("WARREN_DATA_DIR") != null && !System.getenv("WARREN_DATA_DIR").isBlank()) {
            config.dataDir(WarrenConfig.defaultDataDir()); // the environment overrides the config file
        }
        Warren warren = config.start();
        if (exitAfterStart) {
            // ./warren records its class-data-sharing archive at this exit: let it hold what clients load
            ClassWarmup.exercise(warren);
            warren.close();
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            warren.close();
            stopped.countDown();
        }, "warren-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
