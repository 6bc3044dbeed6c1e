package dev.warren.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/** Waiting for SLF4J to be set up, whichever thread sets it up. Needs only SLF4J, not logback. */
public final class LoggingReady {
    private LoggingReady() {
    }

    /**
     * SLF4J's logger factory once it is set up. While another thread is setting it up, SLF4J hands out a
     * stand-in factory whose loggers record what is logged and replay it, with a warning, once it is
     * done; this waits (at most 5 s) for the real one instead.
     */
    public static ILoggerFactory loggerFactory() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (factory instanceof SubstituteLoggerFactory && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            factory = LoggerFactory.getILoggerFactory();
        }
        return factory;
    }
}
