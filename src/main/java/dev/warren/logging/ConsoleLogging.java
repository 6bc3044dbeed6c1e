package dev.warren.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * Warren's default logging: one line per event on the console, INFO (or {@code WARREN_LOG_LEVEL}),
 * Netty at WARN. Set up in code rather than from an XML file, which takes logback a noticeable part
 * of the start-up time to parse. Whoever brings their own configuration ({@code logback.xml} or
 * {@code logback-test.xml} on the class path, or {@code -Dlogback.configurationFile}) gets theirs.
 */
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = ConsoleLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleLine layout = new ConsoleLine();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        String level = System.getenv("WARREN_LOG_LEVEL");
        root.setLevel(Level.toLevel(level == null ? "INFO" : level, Level.INFO));
        context.getLogger("io.netty").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Sets the level of the console log (RabbitMQ's {@code log.console.level}: debug, info, warning,
     * error, critical, none). Returns false for a level it does not know.
     */
    public static boolean setLevel(String rabbitLevel) {
        Level level = level(rabbitLevel);
        if (level == null) {
            return false;
        }
        if (LoggingReady.loggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        }
        return true;
    }

    /**
     * Runs {@code task} with Warren's own loggers ({@code dev.warren}) at ERROR at most, then puts their
     * level back. Needs logback as SLF4J's backend.
     */
    public static void errorsOnlyWhile(Runnable task) {
        Logger warren = ((LoggerContext) LoggingReady.loggerFactory()).getLogger("dev.warren");
        Level before = warren.getLevel();
        if (warren.getEffectiveLevel().isGreaterOrEqual(Level.ERROR)) {
            task.run();
            return;
        }
        warren.setLevel(Level.ERROR);
        try {
            task.run();
        } finally {
            warren.setLevel(before);
        }
    }

    /** Whether RabbitMQ's {@code log.console.level} knows this level. */
    public static boolean isLevel(String rabbitLevel) {
        return level(rabbitLevel) != null;
    }

    private static Level level(String rabbitLevel) {
        return switch (rabbitLevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "info", "notice" -> Level.INFO;
            case "warning", "warn" -> Level.WARN;
            case "error", "critical", "alert", "emergency" -> Level.ERROR;
            case "none" -> Level.OFF;
            default -> null;
        };
    }
}
