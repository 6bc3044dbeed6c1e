package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** queue.declare, passive declare, equivalence, exclusive and auto-delete queues, purge, delete, bind. */
class QueueDeclareTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyNameDeclaresServerNamedQueue() throws Exception {
        Channel ch = openChannel();
        AMQP.Queue.DeclareOk a = ch.queueDeclare();
        AMQP.Queue.DeclareOk b = ch.queueDeclare("", false, false, true, null);
        assertThat(a.getQueue()).startsWith("amq.gen-").hasSizeGreaterThan("amq.gen-".length() + 10);
        assertThat(b.getQueue()).startsWith("amq.gen-").isNotEqualTo(a.getQueue());
        ch.basicPublish("", a.getQueue(), null, bytes("x"));
        assertThat(ch.basicGet(a.getQueue(), true).getBody()).isEqualTo(bytes("x"));
    }

    @Test
    void declareOkReportsMessageAndConsumerCounts() throws Exception {
        Channel ch = openChannel();
        AMQP.Queue.DeclareOk fresh = ch.queueDeclare("counts", false, false, false, null);
        assertThat(fresh.getQueue()).isEqualTo("counts");
        assertThat(fresh.getMessageCount()).isZero();
        assertThat(fresh.getConsumerCount()).isZero();
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "counts", null, bytes("m" + i));
        }
        assertThat(ch.queueDeclare("counts", false, false, false, null).getMessageCount()).isEqualTo(3);

        Channel consumerCh = openChannel();
        consumerCh.basicQos(1);
        consumerCh.basicConsume("counts", false, new DefaultConsumer(consumerCh));
        consumerCh.basicConsume("counts", false, new DefaultConsumer(consumerCh));
        waitUntil("two messages unacked", () -> {
            try {
                return ch.queueDeclarePassive("counts").getMessageCount() == 1;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive("counts");
        assertThat(ok.getConsumerCount()).isEqualTo(2);
        assertThat(ok.getMessageCount()).as("only ready messages are counted").isEqualTo(1);
    }

    @Test
    void passiveDeclareOfExistingQueueSucceedsWithoutChangingIt() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("p", true, false, false, Map.of("x-message-ttl", 60000));
        ch.basicPublish("", "p", null, bytes("x"));
        AMQP.Queue.DeclareOk ok = ch.queueDeclarePassive("p");
        assertThat(ok.getQueue()).isEqualTo("p");
        assertThat(ok.getMessageCount()).isEqualTo(1);
    }

    @Test
    void passiveDeclareOfMissingQueueIsNotFoundChannelError() throws Exception {
        Connection conn = connect();
        Channel ch = conn.createChannel();
        AMQP.Channel.Close close = expectChannelError(404, () -> ch.queueDeclarePassive("missing"));
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no queue 'missing' in vhost '/'");
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(10);
        assertThat(ch.isOpen()).isFalse();
        assertThat(conn.isOpen()).isTrue();
        Channel other = conn.createChannel();
        assertThat(other.queueDeclare("still-works", false, false, false, null).getQueue()).isEqualTo("still-works");
    }

    @Test
    void redeclareWithDifferentDurableIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        AMQP.Channel.Close close = expectChannelError(406,
                () -> openChannel().queueDeclare("q", true, false, false, null));
        assertThat(close.getReplyText()).contains("inequivalent arg 'durable'").contains("queue 'q' in vhost '/'");
    }

    @Test
    void redeclaringAQueueAsExclusiveIsResourceLocked() throws Exception {
        // RabbitMQ compares the exclusive owner strictly: 405, not 406, even on the same connection.
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        Channel again = ch.getConnection().createChannel();
        AMQP.Channel.Close close = expectChannelError(405, () -> again.queueDeclare("q", false, true, false, null));
        assertThat(close.getReplyText()).startsWith("RESOURCE_LOCKED - cannot obtain exclusive access to locked"
                + " queue 'q' in vhost '/'");
    }

    @Test
    void redeclaringAnExclusiveQueueAsNonExclusiveIsResourceLockedEvenForItsOwner() throws Exception {
        Connection owner = connect();
        owner.createChannel().queueDeclare("x", false, true, false, null);
        expectChannelError(405, () -> owner.createChannel().queueDeclare("x", false, false, false, null));
        assertThat(owner.createChannel().queueDeclare("x", false, true, false, null).getQueue()).isEqualTo("x");
    }

    @Test
    void redeclareWithDifferentAutoDeleteIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        AMQP.Channel.Close close = expectChannelError(406,
                () -> openChannel().queueDeclare("q", false, false, true, null));
        assertThat(close.getReplyText()).contains("auto_delete");
    }

    @Test
    void redeclareWithDifferentMessageTtlIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("ttl", false, false, false, Map.of("x-message-ttl", 1000));
        AMQP.Channel.Close close = expectChannelError(406,
                () -> openChannel().queueDeclare("ttl", false, false, false, Map.of("x-message-ttl", 2000)));
        assertThat(close.getReplyText()).contains("x-message-ttl");
        expectChannelError(406, () -> openChannel().queueDeclare("ttl", false, false, false, null));
        // Same value declared with a different integer width is equivalent.
        Channel same = openChannel();
        assertThat(same.queueDeclare("ttl", false, false, false, Map.of("x-message-ttl", 1000L)).getQueue())
                .isEqualTo("ttl");
    }

    @Test
    void redeclareWithIdenticalPropertiesSucceeds() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("same", true, false, false, Map.of("x-max-length", 10));
        ch.basicPublish("", "same", null, bytes("kept"));
        AMQP.Queue.DeclareOk ok = ch.getConnection().createChannel()
                .queueDeclare("same", true, false, false, Map.of("x-max-length", 10));
        assertThat(ok.getMessageCount()).isEqualTo(1);
    }

    @Test
    void queueNamesWithAmqPrefixAreAccessRefused() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.queueDeclare("amq.mine", false, false, false, null));
        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED");
        assertThat(ch.getConnection().isOpen()).isTrue();
    }

    @Test
    void exclusiveQueueIsResourceLockedForOtherConnections() throws Exception {
        Channel owner = openChannel();
        owner.queueDeclare("mine", false, true, false, null);
        owner.basicPublish("", "mine", null, bytes("x"));

        Connection other = connect();
        expectChannelError(405, () -> other.createChannel().queueDeclare("mine", false, true, false, null));
        expectChannelError(405, () -> other.createChannel().queueDeclarePassive("mine"));
        expectChannelError(405, () -> other.createChannel().basicConsume("mine", true, new DefaultConsumer(null)));
        expectChannelError(405, () -> other.createChannel().basicGet("mine", true));
        expectChannelError(405, () -> other.createChannel().queuePurge("mine"));
        expectChannelError(405, () -> other.createChannel().queueDelete("mine"));
        expectChannelError(405, () -> other.createChannel().queueBind("mine", "amq.direct", "k"));
        assertThat(other.isOpen()).isTrue();

        // The owner is undisturbed, and still has its message.
        Channel ownerAgain = owner.getConnection().createChannel();
        assertThat(ownerAgain.queueDeclarePassive("mine").getMessageCount()).isEqualTo(1);
        assertThat(owner.basicGet("mine", true).getBody()).isEqualTo(bytes("x"));
    }

    @Test
    void exclusiveQueueIsDeletedWhenItsConnectionCloses() throws Exception {
        Connection owner = connect();
        Channel ch = owner.createChannel();
        String q = ch.queueDeclare("", false, true, false, null).getQueue();
        ch.queueBind(q, "amq.fanout", "");
        Connection observer = connect();
        expectChannelError(405, () -> observer.createChannel().queueDeclarePassive(q));
        Channel obs = observer.createChannel();
        owner.close();
        waitUntil("exclusive queue deleted", () -> !queueDeclaredBy(observer, q));
        // Nothing is routed to it any more.
        obs.basicPublish("amq.fanout", "", true, null, bytes("x"));
        expectChannelError(404, () -> obs.queueDeclarePassive(q));
    }

    /** True when the queue exists (declared passively from this connection without 404). */
    private static boolean queueDeclaredBy(Connection conn, String queue) {
        try {
            Channel c = conn.createChannel();
            try {
                c.queueDeclarePassive(queue);
                c.close();
                return true;
            } catch (java.io.IOException e) {
                AMQP.Channel.Close close = (AMQP.Channel.Close) ((com.rabbitmq.client.ShutdownSignalException)
                        e.getCause()).getReason();
                return close.getReplyCode() != 404;
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void exclusiveQueueSurvivesClosingTheChannelThatDeclaredIt() throws Exception {
        Connection conn = connect();
        Channel ch = conn.createChannel();
        ch.queueDeclare("excl", false, true, false, null);
        ch.close();
        assertThat(conn.createChannel().queueDeclarePassive("excl").getQueue()).isEqualTo("excl");
    }

    @Test
    void autoDeleteQueueIsNotDeletedBeforeItsFirstConsumer() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("ad", false, false, true, null);
        ch.basicPublish("", "ad", null, bytes("x"));
        GetResponse r = ch.basicGet("ad", true);
        assertThat(r).isNotNull();
        assertThat(ch.queueDeclarePassive("ad").getQueue()).isEqualTo("ad");
    }

    @Test
    void autoDeleteQueueIsDeletedWhenItsLastConsumerCancels() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("ad", false, false, true, null);
        String t1 = ch.basicConsume("ad", true, new DefaultConsumer(ch));
        String t2 = ch.basicConsume("ad", true, new DefaultConsumer(ch));
        ch.basicCancel(t1);
        assertThat(ch.queueDeclarePassive("ad").getConsumerCount()).as("one consumer left").isEqualTo(1);
        ch.basicCancel(t2);
        expectChannelError(404, () -> ch.queueDeclarePassive("ad"));
    }

    @Test
    void autoDeleteQueueIsDeletedWhenItsLastConsumersChannelCloses() throws Exception {
        Connection conn = connect();
        Channel ch = conn.createChannel();
        ch.queueDeclare("ad", false, false, true, null);
        Channel consumer = conn.createChannel();
        consumer.basicConsume("ad", false, new DefaultConsumer(consumer));
        consumer.close();
        expectChannelError(404, () -> ch.queueDeclarePassive("ad"));
    }

    @Test
    void purgeRemovesReadyMessagesAndReturnsTheirCount() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("purge", false, false, false, null);
        for (int i = 0; i < 5; i++) {
            ch.basicPublish("", "purge", null, bytes("m" + i));
        }
        GetResponse unacked = ch.basicGet("purge", false);
        assertThat(ch.queuePurge("purge").getMessageCount()).isEqualTo(4);
        assertThat(ch.queueDeclarePassive("purge").getMessageCount()).isZero();
        assertThat(ch.queuePurge("purge").getMessageCount()).isZero();
        // The unacknowledged message was not purged: rejecting it puts it back.
        ch.basicReject(unacked.getEnvelope().getDeliveryTag(), true);
        GetResponse back = ch.basicGet("purge", true);
        assertThat(back.getBody()).isEqualTo(bytes("m0"));
        assertThat(back.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void purgeOfMissingQueueIsNotFound() throws Exception {
        Channel ch = openChannel();
        expectChannelError(404, () -> ch.queuePurge("missing"));
    }

    @Test
    void deleteReturnsTheNumberOfMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("del", false, false, false, null);
        for (int i = 0; i < 7; i++) {
            ch.basicPublish("", "del", null, bytes("m" + i));
        }
        assertThat(ch.queueDelete("del").getMessageCount()).isEqualTo(7);
        expectChannelError(404, () -> ch.queueDeclarePassive("del"));
    }

    @Test
    void deleteOfMissingQueueSucceeds() throws Exception {
        Channel ch = openChannel();
        assertThat(ch.queueDelete("never-declared").getMessageCount()).isZero();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void deleteIfUnusedFailsWhileQueueHasConsumers() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("used", false, false, false, null);
        String tag = ch.basicConsume("used", true, new DefaultConsumer(ch));
        AMQP.Channel.Close close = expectChannelError(406, () -> openChannel().queueDelete("used", true, false));
        assertThat(close.getReplyText()).contains("in use");
        assertThat(ch.queueDeclarePassive("used").getConsumerCount()).isEqualTo(1);
        ch.basicCancel(tag);
        assertThat(ch.queueDelete("used", true, false).getMessageCount()).isZero();
    }

    @Test
    void deleteIfEmptyFailsWhileQueueHasMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("full", false, false, false, null);
        ch.basicPublish("", "full", null, bytes("x"));
        // Same connection, so the publish is surely enqueued before the delete is handled.
        AMQP.Channel.Close close = expectChannelError(406,
                () -> ch.getConnection().createChannel().queueDelete("full", false, true));
        assertThat(close.getReplyText()).contains("not empty");
        assertThat(ch.queueDeclarePassive("full").getMessageCount()).isEqualTo(1);
        ch.queuePurge("full");
        assertThat(ch.queueDelete("full", false, true).getMessageCount()).isZero();
    }

    @Test
    void emptyQueueNameMeansLastQueueDeclaredOnTheChannel() throws Exception {
        Channel ch = openChannel();
        String q = ch.queueDeclare().getQueue();
        ch.queueBind("", "amq.direct", "k");
        ch.basicPublish("amq.direct", "k", null, bytes("via-bind"));
        assertThat(ch.queueDeclarePassive("").getQueue()).isEqualTo(q);
        GetResponse r = ch.basicGet("", true);
        assertThat(r.getBody()).isEqualTo(bytes("via-bind"));
        ch.basicPublish("", q, null, bytes("p"));
        assertThat(ch.queuePurge("").getMessageCount()).isEqualTo(1);
        assertThat(ch.queueDelete("").getMessageCount()).isZero();
        expectChannelError(404, () -> ch.queueDeclarePassive(q));
    }

    @Test
    void emptyQueueNameWithoutPreviousDeclareIsNotFound() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(404, () -> ch.basicGet("", true));
        assertThat(close.getReplyText()).contains("no previously declared queue");
    }

    @Test
    void bindWithEmptyQueueAndRoutingKeyUsesTheQueueNameAsKey() throws Exception {
        Channel ch = openChannel();
        String q = ch.queueDeclare().getQueue();
        ch.queueBind("", "amq.direct", "");
        ch.basicPublish("amq.direct", q, null, bytes("by-name"));
        assertThat(ch.basicGet(q, true).getBody()).isEqualTo(bytes("by-name"));
    }

    @Test
    void bindRoutesAndUnbindStopsRouting() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("logs", "direct");
        ch.queueDeclare("errors", false, false, false, null);
        ch.queueBind("errors", "logs", "error");
        ch.queueBind("errors", "logs", "error"); // binding twice is idempotent
        ch.basicPublish("logs", "error", null, bytes("e1"));
        ch.basicPublish("logs", "info", null, bytes("i1"));
        assertThat(ch.queueDeclarePassive("errors").getMessageCount()).isEqualTo(1);
        ch.queueUnbind("errors", "logs", "error");
        ch.basicPublish("logs", "error", null, bytes("e2"));
        assertThat(ch.basicGet("errors", true).getBody()).isEqualTo(bytes("e1"));
        assertThat(ch.basicGet("errors", true)).isNull();
        // Unbinding what is not bound succeeds.
        ch.queueUnbind("errors", "logs", "nothing");
    }

    @Test
    void bindToMissingExchangeOrQueueIsNotFound() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        AMQP.Channel.Close close = expectChannelError(404, () -> ch.queueBind("q", "no-such-exchange", "k"));
        assertThat(close.getReplyText()).contains("no exchange 'no-such-exchange'");
        close = expectChannelError(404, () -> openChannel().queueBind("no-such-queue", "amq.direct", "k"));
        assertThat(close.getReplyText()).contains("no queue 'no-such-queue'");
    }

    @Test
    void bindToDefaultExchangeIsAccessRefused() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        expectChannelError(403, () -> ch.queueBind("q", "", "q"));
    }

    @Test
    void deletingAQueueRemovesItsBindings() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("bound", false, false, false, null);
        ch.queueBind("bound", "amq.direct", "k");
        ch.queueDelete("bound");
        ch.queueDeclare("bound", false, false, false, null);
        ch.basicPublish("amq.direct", "k", null, bytes("x"));
        assertThat(ch.queueDeclarePassive("bound").getMessageCount()).as("old binding is gone").isZero();
    }

    @Test
    void otherConnectionsMayPublishToAnExclusiveQueue() throws Exception {
        Channel owner = openChannel();
        String q = owner.queueDeclare("", false, true, true, null).getQueue();
        dev.warren.testing.RecordingConsumer c = new dev.warren.testing.RecordingConsumer(owner);
        owner.basicConsume(q, true, c);
        Channel other = openChannel();
        other.basicPublish("", q, null, bytes("reply"));
        assertThat(c.next().body()).isEqualTo("reply");
        assertThat(other.isOpen()).isTrue();
    }

    @Test
    void nowaitDeclareBindAndDeleteTakeEffect() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclareNoWait("nw", false, false, false, null);
        ch.queueBindNoWait("nw", "amq.direct", "nw-key", null);
        ch.basicPublish("amq.direct", "nw-key", null, bytes("x"));
        assertThat(ch.queueDeclarePassive("nw").getMessageCount()).isEqualTo(1);
        ch.queueDeleteNoWait("nw", false, false);
        expectChannelError(404, () -> ch.queueDeclarePassive("nw"));
    }

    @Test
    void exclusiveQueueIsDeletedWhenItsConnectionIsClosedByAnError() throws Exception {
        Connection owner = connect();
        Channel ch = owner.createChannel();
        ch.queueDeclare("excl-err", false, true, false, null);
        ch.basicConsume("excl-err", true, "t", new DefaultConsumer(ch));
        dev.warren.testing.AmqpErrors.expectConnectionError(530,
                () -> ch.basicConsume("excl-err", true, "t", new DefaultConsumer(ch)));
        Channel other = openChannel();
        waitUntil("exclusive queue deleted", () -> !queueDeclaredBy(other.getConnection(), "excl-err"));
        assertThat(other.queueDeclare("excl-err", false, false, false, null).getConsumerCount()).isZero();
    }

    @Test
    void autoDeleteQueueIsDeletedWhenItsLastConsumersConnectionDrops() throws Exception {
        Channel admin = openChannel();
        admin.queueDeclare("ad-drop", false, false, true, null);
        Connection consumerConn = connect();
        Channel c1 = consumerConn.createChannel();
        c1.basicConsume("ad-drop", false, new DefaultConsumer(c1));
        Channel c2 = consumerConn.createChannel();
        c2.basicConsume("ad-drop", false, new DefaultConsumer(c2));
        consumerConn.abort();
        waitUntil("auto-delete queue deleted", () -> !queueDeclaredBy(admin.getConnection(), "ad-drop"));
    }

    @Test
    void autoDeleteQueueStaysWhileAnotherChannelStillConsumes() throws Exception {
        Connection conn = connect();
        Channel a = conn.createChannel();
        Channel b = conn.createChannel();
        a.queueDeclare("ad-two", false, false, true, null);
        a.basicConsume("ad-two", true, new DefaultConsumer(a));
        b.basicConsume("ad-two", true, new DefaultConsumer(b));
        a.close();
        assertThat(b.queueDeclarePassive("ad-two").getConsumerCount()).isEqualTo(1);
    }
}
