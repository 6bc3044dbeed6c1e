package dev.warren.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;

/**
 * One console line per event: {@code 2026-11-25 16:57:01.430 [INFO] Warren: message}, then the
 * stack trace if there is one. Written by hand rather than with logback's PatternLayout, whose
 * converter registry and date formatter make up most of logback's start-up time in a fresh JVM.
 */
final class ConsoleLine extends LayoutBase<ILoggingEvent> {
    private final TimeZone zone = TimeZone.getDefault();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(96);
        appendTime(line, event.getTimeStamp());
        line.append(" [").append(event.getLevel()).append("] ");
        String logger = event.getLoggerName();
        line.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ");
        line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }

    private void appendTime(StringBuilder line, long epochMillis) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(zone.getOffset(epochMillis) / 1000);
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, offset);
        line.append(t.getYear()).append('-');
        pad(line, t.getMonthValue(), 2).append('-');
        pad(line, t.getDayOfMonth(), 2).append(' ');
        pad(line, t.getHour(), 2).append(':');
        pad(line, t.getMinute(), 2).append(':');
        pad(line, t.getSecond(), 2).append('.');
        pad(line, (int) Math.floorMod(epochMillis, 1000L), 3);
    }

    private static StringBuilder pad(StringBuilder line, int value, int width) {
        for (int limit = width == 3 ? 100 : 10; limit > 1 && value < limit; limit /= 10) {
            line.append('0');
        }
        return line.append(value);
    }
}
