package dev.warren.bench;

import dev.warren.amqp.codec.FieldTables;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The field-table codec on a table shaped like real message headers / client properties: strings,
 * integers, a boolean, a timestamp-like long, a nested table (like "capabilities") and an array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FieldTableBenchmark {
    private Map<String, Object> table;
    private ByteBuf encoded;
    private ByteBuf out;

    @Setup
    public void setUp() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("publisher_confirms", true);
        capabilities.put("exchange_exchange_bindings", true);
        capabilities.put("basic.nack", true);
        capabilities.put("consumer_cancel_notify", true);
        capabilities.put("connection.blocked", true);
        capabilities.put("authentication_failure_close", true);
        table = new LinkedHashMap<>();
        table.put("product", "RabbitMQ");
        table.put("version", "5.23.0");
        table.put("platform", "Java");
        table.put("x-retry-count", 3);
        table.put("x-timestamp-ms", 1_764_000_000_000L);
        table.put("x-trace", false);
        table.put("capabilities", capabilities);
        table.put("x-route", List.of("a", "b", "c"));
        encoded = Unpooled.directBuffer(1024);
        FieldTables.write(encoded, table);
        out = Unpooled.directBuffer(1024);
    }

    @TearDown
    public void tearDown() {
        encoded.release();
        out.release();
    }

    @Benchmark
    public Map<String, Object> read() {
        encoded.readerIndex(0);
        return FieldTables.read(encoded);
    }

    @Benchmark
    public int write() {
        out.clear();
        FieldTables.write(out, table);
        return out.writerIndex();
    }
}
