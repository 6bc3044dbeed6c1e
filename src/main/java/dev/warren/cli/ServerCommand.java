package dev.warren.cli;

import dev.warren.ClassWarmup;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.config.ConfigFile;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code warren server}: starts the server in the foreground until interrupted.
 *
 * <p>Its options are declared with picocli's programmatic API ({@link Options}) rather than with
 * {@code @Option} fields: reading annotations makes the JDK generate proxy classes at run time, and for
 * this command, which every start parses, that was 16-30 ms of a 0.4 s start-up (medians of 11 starts).
 * The launcher builds the command from {@link #commandLine()} without reading any annotation; in the
 * whole {@code warren} command tree (help, completion) the same options come in through the model
 * transformer.
 */
@Command(name = "server", description = ServerCommand.DESCRIPTION, modelTransformer = ServerCommand.Options.class)
final class ServerCommand implements Runnable {
    static final String DESCRIPTION = "Start the Warren server (the default command).";

    /** This command's model, which holds the parsed option values. */
    private CommandSpec spec;

    /** {@code warren server}'s command line alone, as the launcher parses it. */
    static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(new ServerCommand()).name("server");
        spec.usageMessage().description(DESCRIPTION);
        return new CommandLine(new Options().transform(spec));
    }

    /** Adds the options of {@code warren server} (and the standard help and version options) to its model. */
    static final class Options implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            ((ServerCommand) spec.userObject()).spec = spec;
            spec.versionProvider(new VersionProvider());
            port(spec, "--amqp-port", "AMQP 0-9-1 port (default: 5672).");
            port(spec, "--resp-port", "RESP (Redis protocol) port (default: 6379).");
            port(spec, "--http-port", "Management HTTP port (default: 15672).");
            port(spec, "--prometheus-port", "Prometheus /metrics port (default: 15692; off when the HTTP port is off).");
            // used by ./warren's training start for its class-data-sharing archive: start, then stop at once
            spec.addOption(OptionSpec.builder("--exit-after-start").type(boolean.class).hidden(true).build());
            spec.addOption(OptionSpec.builder("--bind").type(String.class).paramLabel("ADDRESS")
                    .description("Address to listen on (default: 0.0.0.0).").build());
            spec.addOption(OptionSpec.builder("--data-dir").type(Path.class).paramLabel("DIR")
                    .description("Data directory (default: $WARREN_DATA_DIR or ~/.warren/data).").build());
            spec.addOption(OptionSpec.builder("--config").type(Path.class).paramLabel("FILE")
                    .description("Configuration file (key = value lines).").build());
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
            spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print version information and exit.").build());
            return spec;
        }

        private static void port(CommandSpec spec, String name, String description) {
            spec.addOption(OptionSpec.builder(name).type(Integer.class).converters(new PortConverter())
                    .paramLabel("PORT|off").description(description).build());
        }
    }

    /** The parsed value of an option, or null when it was not given. */
    private <T> T option(String name) {
        return spec.findOption(name).getValue();
    }

    @Override
    public void run() {
        Integer amqpPort = option("--amqp-port");
        Integer respPort = option("--resp-port");
        Integer httpPort = option("--http-port");
        Integer prometheusPort = option("--prometheus-port");
        String bind = option("--bind");
        Path dataDir = option("--data-dir");
        Path configFile = option("--config");
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
        if (Boolean.TRUE.equals(option("--exit-after-start"))) {
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
