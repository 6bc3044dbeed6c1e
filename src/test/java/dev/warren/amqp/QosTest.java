package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.expectConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import dev.warren.testing.RecordingConsumer.Delivery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** basic.qos prefetch: per consumer (global=false) and per channel (global=true), as RabbitMQ 3.x. */
class QosTest extends AmqpTestBase {
    private Channel publisher;

    private void publish(String queue, int n) throws Exception {
        if (publisher == null) {
            publisher = openChannel();
        }
        publisher.queueDeclare(queue, false, false, false, null);
        for (int i = 0; i < n; i++) {
            publisher.basicPublish("", queue, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<Delivery> take(RecordingConsumer c, int n) throws InterruptedException {
        List<Delivery> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            got.add(c.next());
        }
        return got;
    }

    /** Takes n deliveries from either consumer, whichever has them; returns how many each gave. */
    private static int[] takeFromEither(RecordingConsumer a, RecordingConsumer b, int n) throws Exception {
        int[] counts = new int[2];
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (counts[0] + counts[1] < n) {
            assertThat(System.nanoTime()).as("%d deliveries within 10 s", n).isLessThan(deadline);
            if (a.deliveries.poll(5, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
                counts[0]++;
            } else if (b.deliveries.poll(5, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
                counts[1]++;
            }
        }
        return counts;
    }

    @Test
    void prefetchOneGivesABusyConsumerNothingUntilItAcks() throws Exception {
        publish("tasks", 0);
        Channel busyCh = openChannel();
        busyCh.basicQos(1);
        RecordingConsumer busy = new RecordingConsumer(busyCh);
        busyCh.basicConsume("tasks", false, busy);
        Channel freeCh = openChannel();
        freeCh.basicQos(1);
        RecordingConsumer free = new RecordingConsumer(freeCh);
        freeCh.basicConsume("tasks", false, free);

        publish("tasks", 10);
        Delivery first = busy.next();
        assertThat(first.body()).isEqualTo("m0");
        List<String> freeGot = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Delivery d = free.next();
            freeGot.add(d.body());
            freeCh.basicAck(d.tag(), false);
        }
        assertThat(freeGot).containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        busy.assertNothingMore();

        publish("tasks", 2);
        // The free consumer takes the next one; the busy one gets one only once it acked.
        assertThat(free.next().body()).isEqualTo("m0");
        busy.assertNothingMore();
        busyCh.basicAck(first.tag(), false);
        assertThat(busy.next().body()).isEqualTo("m1");
    }

    @Test
    void prefetchCountLimitsUnackedDeliveriesPerConsumer() throws Exception {
        publish("q", 10);
        Channel ch = openChannel();
        ch.basicQos(3);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        List<Delivery> got = take(c, 3);
        c.assertNothingMore();
        ch.basicAck(got.get(0).tag(), false);
        assertThat(c.next().body()).isEqualTo("m3");
        c.assertNothingMore();
        ch.basicAck(got.get(2).tag(), true); // frees two more
        assertThat(take(c, 2)).extracting(Delivery::body).containsExactly("m4", "m5");
        c.assertNothingMore();
    }

    @Test
    void nackAndRejectAlsoFreePrefetchCredit() throws Exception {
        publish("q", 3);
        Channel ch = openChannel();
        ch.basicQos(1);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        ch.basicReject(c.next().tag(), false);
        Delivery d = c.next();
        assertThat(d.body()).isEqualTo("m1");
        ch.basicNack(d.tag(), false, false);
        assertThat(c.next().body()).isEqualTo("m2");
    }

    @Test
    void perConsumerPrefetchAppliesToEachNewConsumerOnTheChannel() throws Exception {
        publish("q", 10);
        Channel ch = openChannel();
        ch.basicQos(2, false);
        RecordingConsumer a = new RecordingConsumer(ch);
        RecordingConsumer b = new RecordingConsumer(ch);
        ch.basicConsume("q", false, a);
        ch.basicConsume("q", false, b);
        take(a, 2);
        take(b, 2);
        a.assertNothingMore();
        b.assertNothingMore();
        assertThat(publisher.queueDeclarePassive("q").getMessageCount()).isEqualTo(6);
    }

    @Test
    void changingPerConsumerPrefetchDoesNotAffectExistingConsumers() throws Exception {
        publish("q", 10);
        Channel ch = openChannel();
        ch.basicQos(1, false);
        RecordingConsumer old = new RecordingConsumer(ch);
        ch.basicConsume("q", false, old);
        old.next();
        ch.basicQos(3, false);
        old.assertNothingMore();
        RecordingConsumer fresh = new RecordingConsumer(ch);
        ch.basicConsume("q", false, fresh);
        take(fresh, 3);
        fresh.assertNothingMore();
        old.assertNothingMore();
    }

    @Test
    void globalPrefetchIsSharedByAllConsumersOnTheChannel() throws Exception {
        publish("q1", 10);
        publish("q2", 10);
        Channel ch = openChannel();
        ch.basicQos(3, true);
        RecordingConsumer a = new RecordingConsumer(ch);
        RecordingConsumer b = new RecordingConsumer(ch);
        ch.basicConsume("q1", false, a);
        ch.basicConsume("q2", false, b);
        takeFromEither(a, b, 3);
        a.assertNothingMore();
        b.assertNothingMore();
        // Acking everything frees three more for the channel.
        ch.basicAck(0, true);
        takeFromEither(a, b, 3);
        a.assertNothingMore();
        b.assertNothingMore();
    }

    @Test
    void perConsumerAndGlobalLimitsApplyTogether() throws Exception {
        publish("q", 20);
        Channel ch = openChannel();
        ch.basicQos(3, true);
        ch.basicQos(2, false);
        RecordingConsumer a = new RecordingConsumer(ch);
        RecordingConsumer b = new RecordingConsumer(ch);
        ch.basicConsume("q", false, a);
        ch.basicConsume("q", false, b);
        int[] counts = takeFromEither(a, b, 3);
        a.assertNothingMore();
        b.assertNothingMore();
        assertThat(counts[0]).isBetween(1, 2);
        assertThat(counts[1]).isBetween(1, 2);
    }

    @Test
    void raisingGlobalPrefetchResumesDelivery() throws Exception {
        publish("q", 10);
        Channel ch = openChannel();
        ch.basicQos(1, true);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        c.next();
        c.assertNothingMore();
        ch.basicQos(4, true);
        assertThat(take(c, 3)).extracting(Delivery::body).containsExactly("m1", "m2", "m3");
        c.assertNothingMore();
        ch.basicQos(0, true); // unlimited
        assertThat(take(c, 6)).extracting(Delivery::body).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
    }

    @Test
    void loweringGlobalPrefetchHoldsBackDeliveriesUntilEnoughAreAcked() throws Exception {
        publish("q", 10);
        Channel ch = openChannel();
        ch.basicQos(3, true);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        List<Delivery> first = take(c, 3);
        ch.basicQos(1, true);
        ch.basicAck(first.get(0).tag(), false);
        c.assertNothingMore(); // still 2 in flight, limit 1
        ch.basicAck(first.get(2).tag(), true);
        assertThat(c.next().body()).isEqualTo("m3");
        c.assertNothingMore();
    }

    @Test
    void prefetchZeroMeansUnlimited() throws Exception {
        publish("q", 500);
        Channel ch = openChannel();
        ch.basicQos(0);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        assertThat(take(c, 500)).hasSize(500);
    }

    @Test
    void noAckConsumersAreNotLimitedByPrefetch() throws Exception {
        publish("q", 50);
        Channel ch = openChannel();
        ch.basicQos(1, false);
        ch.basicQos(1, true);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", true, c);
        assertThat(take(c, 50)).hasSize(50);
    }

    @Test
    void basicGetIsNotLimitedByPrefetch() throws Exception {
        publish("q", 3);
        Channel ch = openChannel();
        ch.basicQos(1, true);
        for (int i = 0; i < 3; i++) {
            assertThat(ch.basicGet("q", false)).isNotNull();
        }
    }

    @Test
    void basicGetUnackedMessagesDoNotUseConsumerCredit() throws Exception {
        publish("q", 3);
        Channel ch = openChannel();
        ch.basicQos(1, true);
        ch.basicGet("q", false);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("q", false, c);
        assertThat(c.next().body()).isEqualTo("m1");
    }

    @Test
    void prefetchSizeIsNotImplemented() throws Exception {
        Channel ch = openChannel();
        var close = expectConnectionError(540, () -> ch.basicQos(1024, 10, false));
        assertThat(close.getReplyText()).isEqualTo("NOT_IMPLEMENTED - prefetch_size!=0 (1024)");
    }
}
