package dev.warren.amqp.codec;

import dev.warren.amqp.codec.method.BasicMethods;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Frame decoding and encoding as on the publish and deliver paths, per message of 100 bytes:
 * basic.publish (method + content header + body) decoded from a read batch of {@value #BATCH}
 * messages, and basic.deliver encoded the same way. Lives in the codec's package because
 * {@link FrameDecoder#decode} is protected (it is a Netty decoder); it is called directly, without a
 * pipeline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBenchmark {
    static final int BATCH = 100;
    static final int FRAME_MAX = 131072;
    /** Property flags with delivery-mode set (bit 12), then delivery-mode 2: what PerfTest -f persistent sends. */
    static final byte[] PROPERTIES = {0x10, 0x00, 0x02};

    private final byte[] body = new byte[100];
    private ByteBuf publishes;
    private ByteBuf out;
    private FrameDecoder decoder;
    private final List<Object> frames = new ArrayList<>(3 * BATCH);
    private final BasicMethods.Deliver deliver =
            new BasicMethods.Deliver("amq.ctag-benchmark-consumer-1", 1, false, "", "perf-test-queue");

    @Setup(Level.Trial)
    public void setUp() {
        publishes = Unpooled.directBuffer(BATCH * 200);
        for (int i = 0; i < BATCH; i++) {
            FrameWriter.writeMethod(publishes, 1, new BasicMethods.Publish(0, "direct", "perf-test-key", false, false));
            FrameWriter.writeContentHeader(publishes, 1, body.length, PROPERTIES);
            FrameWriter.writeBody(publishes, 1, body, FRAME_MAX);
        }
        decoder = new FrameDecoder(FRAME_MAX);
        ByteBuf header = Unpooled.wrappedBuffer(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
        decoder.decode(null, header, frames);
        frames.clear();
        out = Unpooled.directBuffer(BATCH * 200);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        publishes.release();
        out.release();
    }

    /** Decodes one read batch of publishes; time per message (3 frames). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decodePublish(Blackhole bh) {
        publishes.readerIndex(0);
        decoder.decode(null, publishes, frames);
        for (int i = 0, n = frames.size(); i < n; i++) {
            Object f = frames.get(i);
            bh.consume(f);
            if (f instanceof Frame.ContentBody b) {
                b.payload().release();
            }
        }
        frames.clear();
    }

    /** Encodes deliveries (method + content header + body) into an outbound buffer; time per message. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void encodeDeliver(Blackhole bh) {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            FrameWriter.writeMethod(out, 1, deliver);
            FrameWriter.writeContentHeader(out, 1, body.length, PROPERTIES);
            FrameWriter.writeBody(out, 1, body, FRAME_MAX);
        }
        bh.consume(out.writerIndex());
    }

    /** Encodes the basic.deliver method frame alone (the generated record's writeArguments). */
    @Benchmark
    public int encodeDeliverMethodOnly() {
        out.clear();
        FrameWriter.writeMethod(out, 1, deliver);
        return out.writerIndex();
    }
}
