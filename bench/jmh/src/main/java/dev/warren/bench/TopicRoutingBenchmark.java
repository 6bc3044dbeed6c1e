package dev.warren.bench;

import dev.warren.broker.Binding;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import dev.warren.broker.exchange.TopicExchange;
import dev.warren.broker.queue.Queue;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Topic routing with {@code bindings} bindings (default 10,000) spread over 1,000 queues: mostly
 * exact three-word keys ({@code region.service.event}), a tenth with {@code *}, a hundredth with
 * {@code #}, as a busy event bus has. Each operation routes one message with a key drawn from 4,096
 * pre-built keys (most match one or more bindings, some match none) into a fresh
 * {@link RoutingResult}, as the publish path does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TopicRoutingBenchmark {
    @Param({"10000"})
    public int bindings;

    private TopicExchange exchange;
    private Message[] messages;
    private int next;

    @Setup
    public void setUp() {
        exchange = new TopicExchange("/", "bench.topic", false, false, false, Map.of());
        Queue[] queues = new Queue[1000];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new Queue("/", "q" + i, false, false, null, Map.of());
        }
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < bindings; i++) {
            String key;
            if (i % 100 == 0) {
                key = "region" + rnd.nextInt(20) + ".#";
            } else if (i % 10 == 0) {
                key = "region" + rnd.nextInt(20) + ".*.event" + rnd.nextInt(50);
            } else {
                key = "region" + rnd.nextInt(20) + ".service" + rnd.nextInt(100) + ".event" + rnd.nextInt(50);
            }
            exchange.addBinding(new Binding(exchange, queues[i % queues.length], key, Map.of()));
        }
        messages = new Message[4096];
        byte[] body = new byte[100];
        for (int i = 0; i < messages.length; i++) {
            String key = (i % 16 == 0 ? "other" : "region") + rnd.nextInt(20) + ".service" + rnd.nextInt(100)
                    + ".event" + rnd.nextInt(50);
            messages[i] = new Message("bench.topic", key, new byte[] {0, 0}, null, body);
        }
    }

    @Benchmark
    public int route() {
        Message m = messages[next++ & (messages.length - 1)];
        return new RoutingResult().route(exchange, m).queues().size();
    }
}
