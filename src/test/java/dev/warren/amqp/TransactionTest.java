package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.awaitChannelClosed;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** tx.select / tx.commit / tx.rollback: publishes and acknowledgements take effect on commit only. */
class TransactionTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(Channel ch, String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            bodies.add(new String(r.getBody(), StandardCharsets.UTF_8) + (r.getEnvelope().isRedeliver() ? "*" : ""));
        }
        return bodies;
    }

    private com.rabbitmq.client.Connection shared;

    /**
     * Channels on one connection: the broker handles a connection's frames in order, so what one channel
     * published or acknowledged is settled before another channel's next request is answered.
     */
    private Channel channel() throws Exception {
        if (shared == null) {
            shared = connect();
        }
        return shared.createChannel();
    }

    private int count(Channel ch, String queue) throws Exception {
        return ch.queueDeclarePassive(queue).getMessageCount();
    }

    @Test
    void publishedMessagesAreInvisibleUntilCommit() throws Exception {
        Channel observer = channel();
        observer.queueDeclare("q", false, false, false, null);
        Channel tx = channel();
        assertThat(tx.txSelect()).isNotNull();
        tx.basicPublish("", "q", null, bytes("a"));
        tx.basicPublish("", "q", null, bytes("b"));
        assertThat(count(observer, "q")).isZero();
        assertThat(observer.basicGet("q", true)).isNull();
        tx.txCommit();
        assertThat(drain(observer, "q")).containsExactly("a", "b");
    }

    @Test
    void rollbackDiscardsPublishedMessages() throws Exception {
        Channel tx = channel();
        tx.queueDeclare("q", false, false, false, null);
        tx.txSelect();
        tx.basicPublish("", "q", null, bytes("discarded"));
        tx.txRollback();
        tx.basicPublish("", "q", null, bytes("kept"));
        tx.txCommit();
        assertThat(drain(channel(), "q")).containsExactly("kept");
    }

    @Test
    void channelStaysTransactionalAcrossCommits() throws Exception {
        Channel observer = channel();
        observer.queueDeclare("q", false, false, false, null);
        Channel tx = channel();
        tx.txSelect();
        tx.basicPublish("", "q", null, bytes("1"));
        tx.txCommit();
        tx.basicPublish("", "q", null, bytes("2"));
        assertThat(count(observer, "q")).isEqualTo(1);
        tx.txCommit();
        assertThat(count(observer, "q")).isEqualTo(2);
        tx.txSelect(); // again: harmless
        tx.txCommit(); // empty commit
    }

    @Test
    void acksTakeEffectOnCommitOnly() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        setup.basicPublish("", "q", null, bytes("m0"));
        setup.basicPublish("", "q", null, bytes("m1"));
        Channel tx = channel();
        tx.txSelect();
        GetResponse m0 = tx.basicGet("q", false);
        GetResponse m1 = tx.basicGet("q", false);
        tx.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        tx.basicAck(m1.getEnvelope().getDeliveryTag(), false);
        tx.txRollback();
        // Rolled-back acks leave the messages unacknowledged; ack m0 for real.
        tx.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        tx.txCommit();
        tx.close();
        assertThat(drain(setup, "q")).as("m1's ack was rolled back, so it came back").containsExactly("m1*");
    }

    @Test
    void uncommittedAcksAreDiscardedWhenTheChannelCloses() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        setup.basicPublish("", "q", null, bytes("m0"));
        Channel tx = channel();
        tx.txSelect();
        GetResponse m0 = tx.basicGet("q", false);
        tx.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        tx.close();
        assertThat(drain(setup, "q")).containsExactly("m0*");
    }

    @Test
    void rejectWithRequeueInATransactionHappensOnCommit() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        setup.basicPublish("", "q", null, bytes("m0"));
        Channel tx = channel();
        tx.txSelect();
        GetResponse m0 = tx.basicGet("q", false);
        tx.basicReject(m0.getEnvelope().getDeliveryTag(), true);
        assertThat(count(setup, "q")).isZero();
        tx.txCommit();
        assertThat(drain(setup, "q")).containsExactly("m0*");
    }

    @Test
    void ackMultipleInATransactionSettlesAllOnCommit() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        for (int i = 0; i < 3; i++) {
            setup.basicPublish("", "q", null, bytes("m" + i));
        }
        Channel tx = channel();
        tx.txSelect();
        tx.basicGet("q", false);
        tx.basicGet("q", false);
        GetResponse last = tx.basicGet("q", false);
        tx.basicAck(last.getEnvelope().getDeliveryTag(), true);
        tx.txCommit();
        tx.close();
        assertThat(drain(setup, "q")).isEmpty();
    }

    @Test
    void ackOfUnknownTagInATransactionIsPreconditionFailed() throws Exception {
        Channel tx = channel();
        tx.txSelect();
        tx.basicAck(99, false);
        assertThat(awaitChannelClosed(tx, 406).getReplyText()).contains("unknown delivery tag 99");
    }

    @Test
    void mandatoryUnroutablePublishInATransactionIsReturnedOnCommit() throws Exception {
        Channel tx = channel();
        BlockingQueue<String> returns = new LinkedBlockingQueue<>();
        tx.addReturnListener(r -> returns.add(r.getReplyCode() + " " + r.getRoutingKey()));
        tx.txSelect();
        tx.basicPublish("", "nowhere", true, null, bytes("x"));
        tx.txRollback();
        tx.basicPublish("", "nowhere", true, null, bytes("y"));
        tx.txCommit();
        assertThat(returns.poll(10, TimeUnit.SECONDS)).isEqualTo("312 nowhere");
        assertThat(returns.poll(200, TimeUnit.MILLISECONDS)).as("the rolled back one is not returned").isNull();
    }

    @Test
    void commitWithoutSelectIsPreconditionFailed() throws Exception {
        Channel ch = channel();
        AMQP.Channel.Close close = expectChannelError(406, ch::txCommit);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - channel is not transactional");
        assertThat(ch.getConnection().isOpen()).isTrue();
    }

    @Test
    void rollbackWithoutSelectIsPreconditionFailed() throws Exception {
        Channel ch = channel();
        AMQP.Channel.Close close = expectChannelError(406, ch::txRollback);
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - channel is not transactional");
    }

    @Test
    void publishesOfOtherChannelsAreNotPartOfTheTransaction() throws Exception {
        var conn = connect();
        Channel tx = conn.createChannel();
        Channel plain = conn.createChannel();
        plain.queueDeclare("q", false, false, false, null);
        tx.txSelect();
        tx.basicPublish("", "q", null, bytes("tx"));
        plain.basicPublish("", "q", null, bytes("plain"));
        tx.txRollback();
        assertThat(drain(plain, "q")).containsExactly("plain");
    }

    @Test
    void ackingTheSameTagTwiceInATransactionFailsAtTheSecondAck() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        setup.basicPublish("", "q", null, bytes("m0"));
        Channel tx = channel();
        tx.txSelect();
        GetResponse m0 = tx.basicGet("q", false);
        tx.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        tx.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        // As RabbitMQ: an ack inside a transaction already takes the delivery out of the unacked set.
        AMQP.Channel.Close close = expectChannelError(406, () -> tx.queueDeclarePassive("q"));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - unknown delivery tag 1");
        assertThat(drain(setup, "q")).as("the uncommitted ack was discarded").containsExactly("m0*");
    }

    @Test
    void recoverLeavesDeliveriesSettledInTheOpenTransactionAlone() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        setup.basicPublish("", "q", null, bytes("m0"));
        setup.basicPublish("", "q", null, bytes("m1"));
        Channel tx = channel();
        tx.txSelect();
        GetResponse m0 = tx.basicGet("q", false);
        tx.basicGet("q", false);
        tx.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        tx.basicRecover(true); // requeues m1 only: m0's ack is pending in the transaction
        tx.txCommit();
        assertThat(tx.isOpen()).isTrue();
        assertThat(drain(setup, "q")).containsExactly("m1*");
    }

    @Test
    void rolledBackAcksAreUnackedAgainInTagOrder() throws Exception {
        Channel setup = channel();
        setup.queueDeclare("q", false, false, false, null);
        for (int i = 0; i < 4; i++) {
            setup.basicPublish("", "q", null, bytes("m" + i));
        }
        Channel tx = channel();
        tx.txSelect();
        GetResponse[] got = new GetResponse[4];
        for (int i = 0; i < 4; i++) {
            got[i] = tx.basicGet("q", false);
        }
        tx.basicAck(got[1].getEnvelope().getDeliveryTag(), false);
        tx.basicAck(got[3].getEnvelope().getDeliveryTag(), false);
        tx.txRollback();
        // All four are unacked again: acking up to m2 with multiple settles m0..m2, not m3.
        tx.basicAck(got[2].getEnvelope().getDeliveryTag(), true);
        tx.txCommit();
        tx.close();
        assertThat(drain(setup, "q")).containsExactly("m3*");
    }
}
