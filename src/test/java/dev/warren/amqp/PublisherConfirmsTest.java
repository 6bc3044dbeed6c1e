package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** confirm.select and publisher confirms (basic.ack from the broker), with mandatory returns. */
class PublisherConfirmsTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records every sequence number confirmed, expanding multiple acks; counts nacks. */
    static final class Confirms implements ConfirmListener {
        final NavigableSet<Long> acked = new ConcurrentSkipListSet<>();
        final AtomicInteger nacks = new AtomicInteger();
        final AtomicInteger ackFrames = new AtomicInteger();
        final AtomicBoolean sawMultiple = new AtomicBoolean();
        private long highest;

        @Override
        public synchronized void handleAck(long tag, boolean multiple) {
            ackFrames.incrementAndGet();
            if (multiple) {
                sawMultiple.set(true);
                for (long t = highest + 1; t <= tag; t++) {
                    acked.add(t);
                }
            } else {
                acked.add(tag);
            }
            highest = Math.max(highest, tag);
        }

        @Override
        public void handleNack(long tag, boolean multiple) {
            nacks.incrementAndGet();
        }
    }

    @Test
    void confirmSelectStartsSequenceNumbersAtOne() throws Exception {
        Channel ch = openChannel();
        assertThat(ch.getNextPublishSeqNo()).isZero();
        AMQP.Confirm.SelectOk ok = ch.confirmSelect();
        assertThat(ok).isNotNull();
        assertThat(ch.getNextPublishSeqNo()).isEqualTo(1);
        ch.confirmSelect(); // selecting again is harmless
        ch.basicPublish("", "nowhere", null, bytes("x"));
        assertThat(ch.waitForConfirms(10_000)).isTrue();
    }

    @Test
    void tenThousandPublishesAreAllConfirmed() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("confirmed", false, false, false, null);
        ch.confirmSelect();
        Confirms confirms = new Confirms();
        ch.addConfirmListener(confirms);
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            ch.basicPublish("", "confirmed", null, bytes("m" + i));
        }
        ch.waitForConfirmsOrDie(30_000);
        assertThat(confirms.acked).hasSize(n);
        assertThat(confirms.acked.first()).isEqualTo(1L);
        assertThat(confirms.acked.last()).isEqualTo((long) n);
        assertThat(confirms.nacks.get()).isZero();
        assertThat(confirms.ackFrames.get()).as("acks are batched with multiple=true").isLessThan(n);
        assertThat(confirms.sawMultiple.get()).isTrue();
        assertThat(ch.queueDeclarePassive("confirmed").getMessageCount()).isEqualTo(n);
    }

    @Test
    void eachConfirmFollowsItsPublishOneAtATime() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.confirmSelect();
        Confirms confirms = new Confirms();
        ch.addConfirmListener(confirms);
        for (int i = 1; i <= 5; i++) {
            ch.basicPublish("", "q", null, bytes("m" + i));
            ch.waitForConfirmsOrDie(10_000);
            assertThat(confirms.acked.last()).isEqualTo((long) i);
        }
        assertThat(confirms.acked).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void sequenceNumbersArePerChannel() throws Exception {
        var conn = connect();
        Channel a = conn.createChannel();
        Channel b = conn.createChannel();
        a.confirmSelect();
        b.confirmSelect();
        Confirms ca = new Confirms();
        Confirms cb = new Confirms();
        a.addConfirmListener(ca);
        b.addConfirmListener(cb);
        for (int i = 0; i < 3; i++) {
            a.basicPublish("", "x", null, bytes("a"));
        }
        b.basicPublish("", "x", null, bytes("b"));
        a.waitForConfirmsOrDie(10_000);
        b.waitForConfirmsOrDie(10_000);
        assertThat(ca.acked).containsExactly(1L, 2L, 3L);
        assertThat(cb.acked).containsExactly(1L);
    }

    @Test
    void mandatoryUnroutableMessageIsReturnedBeforeItIsConfirmed() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("routable", false, false, false, null);
        ch.confirmSelect();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        ch.addReturnListener(r -> events.add("return " + r.getReplyCode() + " " + r.getReplyText() + " "
                + r.getRoutingKey() + " " + new String(r.getBody(), StandardCharsets.UTF_8)));
        ch.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                events.add("ack " + tag);
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                events.add("nack " + tag);
            }
        });
        ch.basicPublish("", "routable", true, null, bytes("fine"));
        ch.waitForConfirmsOrDie(10_000);
        ch.basicPublish("", "unroutable", true, null, bytes("lost"));
        ch.waitForConfirmsOrDie(10_000);
        assertThat(events).containsExactly("ack 1", "return 312 NO_ROUTE unroutable lost", "ack 2");
    }

    @Test
    void unroutableMessageWithoutMandatoryIsConfirmedSilently() throws Exception {
        Channel ch = openChannel();
        ch.confirmSelect();
        AtomicInteger returns = new AtomicInteger();
        ch.addReturnListener(r -> returns.incrementAndGet());
        ch.basicPublish("amq.direct", "nobody-bound", false, null, bytes("x"));
        ch.waitForConfirmsOrDie(10_000);
        assertThat(returns.get()).isZero();
    }

    @Test
    void nowaitConfirmSelectStillConfirms() throws Exception {
        Channel ch = openChannel();
        ch.asyncRpc(new AMQP.Confirm.Select.Builder().nowait(true).build());
        Confirms confirms = new Confirms();
        ch.addConfirmListener(confirms);
        ch.basicPublish("", "x", null, bytes("m"));
        waitUntil("publish confirmed", Duration.ofSeconds(10), () -> confirms.acked.contains(1L));
        // In sync: the next reply is for the next request.
        ch.queueDeclare("after", false, false, false, null);
        assertThat(confirms.nacks.get()).isZero();
    }

    @Test
    void publishToMissingExchangeInConfirmModeClosesTheChannel() throws Exception {
        Channel ch = openChannel();
        ch.confirmSelect();
        ch.basicPublish("no-such-exchange", "k", null, bytes("x"));
        assertThatThrownBy(() -> ch.waitForConfirmsOrDie(10_000)).isInstanceOfAny(
                java.io.IOException.class, com.rabbitmq.client.ShutdownSignalException.class);
        dev.warren.testing.AmqpErrors.awaitChannelClosed(ch, 404);
    }

    @Test
    void txSelectOnConfirmChannelIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.confirmSelect();
        AMQP.Channel.Close close = expectChannelError(406, ch::txSelect);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - cannot switch from confirm to tx mode");
        assertThat(ch.getConnection().isOpen()).isTrue();
    }

    @Test
    void confirmSelectOnTransactionalChannelIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.txSelect();
        AMQP.Channel.Close close = expectChannelError(406, ch::confirmSelect);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - cannot switch from tx to confirm mode");
        assertThat(ch.getConnection().isOpen()).isTrue();
    }
}
