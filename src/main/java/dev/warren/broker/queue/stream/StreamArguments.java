package dev.warren.broker.queue.stream;

import dev.warren.broker.BrokerException;
import dev.warren.broker.queue.QueueArguments;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a stream queue (retention and segment size) and of its consumers
 * ({@code x-stream-offset}), validated as RabbitMQ does.
 *
 * @param maxLengthBytes  retention by size ({@code x-max-length-bytes}), null for none
 * @param maxAgeMillis    retention by age ({@code x-max-age}), null for none
 * @param maxSegmentBytes segment size ({@code x-stream-max-segment-size-bytes}, default 500 MB)
 */
public record StreamArguments(Long maxLengthBytes, Long maxAgeMillis, long maxSegmentBytes) {
    public static final long DEFAULT_SEGMENT_BYTES = 500_000_000L;

    /** Queue arguments RabbitMQ knows but refuses for streams. */
    private static final List<String> NOT_FOR_STREAMS = List.of("x-expires", "x-message-ttl",
            "x-dead-letter-exchange", "x-dead-letter-routing-key", "x-max-length", "x-overflow", "x-max-priority",
            "x-single-active-consumer", "x-queue-mode", "x-queue-master-locator", "x-message-deduplication");

    /** Validates a stream queue's arguments (declare): 406 for what streams do not support or bad values. */
    public static StreamArguments parse(Map<String, Object> args, QueueArguments parsed, String queue, String vhost)
            throws BrokerException {
        Map<String, Object> a = args == null ? Map.of() : args;
        for (String key : NOT_FOR_STREAMS) {
            if (a.containsKey(key)) {
                throw BrokerException.preconditionFailed("invalid arg '" + key + "' for queue '" + queue
                        + "' in vhost '" + vhost + "' of queue type rabbit_stream_queue");
            }
        }
        Long maxAge = null;
        Object age = a.get("x-max-age");
        if (age != null) {
            String s = age instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : age instanceof String str ? str : null;
            Long ms = s == null ? null : parseInterval(s);
            if (ms == null) {
                throw invalid("x-max-age", queue, vhost, s == null
                        ? "{unacceptable_type," + QueueArguments.amqpType(age) + "}" : "invalid_max_age");
            }
            maxAge = ms;
        }
        long segment = DEFAULT_SEGMENT_BYTES;
        Object seg = a.get("x-stream-max-segment-size-bytes");
        if (seg != null) {
            if (!(seg instanceof Byte || seg instanceof Short || seg instanceof Integer || seg instanceof Long)) {
                throw invalid("x-stream-max-segment-size-bytes", queue, vhost,
                        "{unacceptable_type," + QueueArguments.amqpType(seg) + "}");
            }
            segment = ((Number) seg).longValue();
            if (segment <= 0) {
                throw invalid("x-stream-max-segment-size-bytes", queue, vhost,
                        (segment == 0 ? "{value_zero," : "{value_negative,") + segment + "}");
            }
        }
        return new StreamArguments(parsed.maxLengthBytes(), maxAge, segment);
    }

    private static BrokerException invalid(String key, String queue, String vhost, String why) {
        return BrokerException.preconditionFailed("invalid arg '" + key + "' for queue '" + queue + "' in vhost '"
                + vhost + "': " + why);
    }

    /**
     * An interval as RabbitMQ writes it for {@code x-max-age}: a positive integer and one unit of
     * Y (365 days), M (30 days), D, h, m, s. Null when malformed.
     */
    public static Long parseInterval(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15 || i != s.length() - 1) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, i));
        if (n <= 0) {
            return null;
        }
        long unit = switch (s.charAt(i)) {
            case 'Y' -> 365L * 86_400_000L;
            case 'M' -> 30L * 86_400_000L;
            case 'D' -> 86_400_000L;
            case 'h' -> 3_600_000L;
            case 'm' -> 60_000L;
            case 's' -> 1_000L;
            default -> 0;
        };
        return unit == 0 ? null : n * unit;
    }
}
