package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static dev.warren.testing.AmqpErrors.awaitChannelClosed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import dev.warren.testing.AmqpTestBase;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** basic.publish meets the exchanges: unroutable messages, mandatory returns, missing and internal exchanges. */
class PublishRoutingTest extends AmqpTestBase {
    private Connection conn;
    private Channel ch;
    private final BlockingQueue<Return> returns = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() throws Exception {
        conn = connect();
        ch = conn.createChannel();
        ch.addReturnListener(returns::add);
    }

    private Return nextReturn() throws InterruptedException {
        Return r = returns.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("basic.return").isNotNull();
        return r;
    }

    /** Publishes a mandatory marker message that is routable; once it is not returned, earlier returns arrived. */
    private void assertNoMoreReturns() throws Exception {
        String q = ch.queueDeclare().getQueue();
        ch.basicPublish("", q, true, null, "marker".getBytes(StandardCharsets.UTF_8));
        assertThat(ch.basicGet(q, true)).isNotNull(); // get-ok comes after any basic.return of earlier publishes
        assertThat(returns).isEmpty();
    }

    @Test
    void mandatoryMessageWithoutARouteIsReturnedWithNoRoute() throws Exception {
        ch.exchangeDeclare("x", "direct");
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(3)
                .correlationId("corr-1").replyTo("replies").expiration("60000").messageId("msg-1")
                .timestamp(new Date(1_700_000_000_000L)).type("order.created").userId("guest").appId("tests")
                .headers(Map.of("tenant", "acme", "attempt", 2)).build();
        byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

        ch.basicPublish("x", "nowhere", true, props, body);

        Return r = nextReturn();
        assertThat(r.getReplyCode()).isEqualTo(312);
        assertThat(r.getReplyText()).isEqualTo("NO_ROUTE");
        assertThat(r.getExchange()).isEqualTo("x");
        assertThat(r.getRoutingKey()).isEqualTo("nowhere");
        assertThat(r.getBody()).isEqualTo(body);
        AMQP.BasicProperties p = r.getProperties();
        assertThat(p.getContentType()).isEqualTo("application/json");
        assertThat(p.getContentEncoding()).isEqualTo("utf-8");
        assertThat(p.getDeliveryMode()).isEqualTo(2);
        assertThat(p.getPriority()).isEqualTo(3);
        assertThat(p.getCorrelationId()).isEqualTo("corr-1");
        assertThat(p.getReplyTo()).isEqualTo("replies");
        assertThat(p.getExpiration()).isEqualTo("60000");
        assertThat(p.getMessageId()).isEqualTo("msg-1");
        assertThat(p.getTimestamp()).isEqualTo(new Date(1_700_000_000_000L));
        assertThat(p.getType()).isEqualTo("order.created");
        assertThat(p.getUserId()).isEqualTo("guest");
        assertThat(p.getAppId()).isEqualTo("tests");
        assertThat(p.getHeaders()).containsEntry("attempt", 2);
        assertThat(p.getHeaders().get("tenant")).hasToString("acme");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void largeReturnedMessageComesBackWhole() throws Exception {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i % 251);
        }
        ch.basicPublish("amq.direct", "unbound", true, null, body);
        assertThat(nextReturn().getBody()).isEqualTo(body);
    }

    @Test
    void mandatoryMessageToTheDefaultExchangeWithoutSuchQueueIsReturned() throws Exception {
        ch.basicPublish("", "no-such-queue", true, null, new byte[] {1});
        Return r = nextReturn();
        assertThat(r.getExchange()).isEmpty();
        assertThat(r.getRoutingKey()).isEqualTo("no-such-queue");
    }

    @Test
    void mandatoryMessageWithARouteIsNotReturned() throws Exception {
        ch.exchangeDeclare("x", "fanout");
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "x", "");
        ch.basicPublish("x", "", true, null, new byte[] {1});
        assertThat(ch.basicGet(q, true)).isNotNull();
        assertNoMoreReturns();
    }

    @Test
    void unroutableMessageWithoutMandatoryIsDroppedSilently() throws Exception {
        ch.exchangeDeclare("x", "topic");
        ch.basicPublish("x", "no.route", false, null, new byte[] {1});
        ch.basicPublish("x", "no.route", null, new byte[] {2});
        assertNoMoreReturns();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void mandatoryMessageIsReturnedWhenAnExchangeChainEndsWithoutQueues() throws Exception {
        ch.exchangeDeclare("a", "fanout");
        ch.exchangeDeclare("b", "fanout");
        ch.exchangeBind("b", "a", "");
        ch.basicPublish("a", "k", true, null, new byte[] {1});
        Return r = nextReturn();
        assertThat(r.getExchange()).as("the exchange the message was published to").isEqualTo("a");

        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "b", "");
        ch.basicPublish("a", "k", true, null, new byte[] {2});
        assertThat(ch.basicGet(q, true).getBody()).containsExactly(2);
        assertNoMoreReturns();
    }

    @Test
    void eachUnroutableMandatoryMessageIsReturnedInOrder() throws Exception {
        for (int i = 0; i < 20; i++) {
            ch.basicPublish("amq.topic", "nobody." + i, true, null, new byte[] {(byte) i});
        }
        for (int i = 0; i < 20; i++) {
            Return r = nextReturn();
            assertThat(r.getRoutingKey()).isEqualTo("nobody." + i);
            assertThat(r.getBody()).containsExactly((byte) i);
        }
    }

    @Test
    void returnsGoToThePublishingChannelOnly() throws Exception {
        Channel other = conn.createChannel();
        BlockingQueue<Return> otherReturns = new LinkedBlockingQueue<>();
        other.addReturnListener(otherReturns::add);
        other.basicPublish("amq.direct", "nobody", true, null, new byte[] {1});
        assertThat(otherReturns.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertNoMoreReturns();
    }

    @Test
    void mandatoryUnroutableMessageInConfirmModeIsReturnedThenAcked() throws Exception {
        ch.confirmSelect();
        ch.basicPublish("amq.direct", "nobody", true, null, new byte[] {1});
        assertThat(ch.waitForConfirms(10_000)).isTrue();
        // The return is sent before the ack, so by now it has been delivered to the listener.
        assertThat(returns).hasSize(1);
    }

    @Test
    void publishingToAMissingExchangeIsNotFoundAndClosesOnlyTheChannel() throws Exception {
        Connection bystander = connect();
        Channel sibling = conn.createChannel();

        ch.basicPublish("no-such-exchange", "k", null, new byte[] {1});

        AMQP.Channel.Close close = awaitChannelClosed(ch, 404);
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no exchange 'no-such-exchange' in vhost '/'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertThat(sibling.isOpen()).isTrue();
        assertUsable(conn);
        assertUsable(bystander);
    }

    @Test
    void mandatoryPublishToAMissingExchangeIsAnErrorNotAReturn() throws Exception {
        ch.basicPublish("no-such-exchange", "k", true, null, new byte[] {1});
        awaitChannelClosed(ch, 404);
        assertThat(returns).isEmpty();
    }

    @Test
    void messagesPublishedAfterTheFailingOneOnTheSameChannelAreDiscarded() throws Exception {
        String q = ch.queueDeclare("after-error", false, false, false, null).getQueue();
        ch.basicPublish("no-such-exchange", "k", null, new byte[] {1});
        try {
            ch.basicPublish("", q, null, new byte[] {2});
        } catch (com.rabbitmq.client.AlreadyClosedException alreadyClosed) {
            // the client may already know
        }
        awaitChannelClosed(ch, 404);
        Channel fresh = conn.createChannel();
        assertThat(fresh.queueDeclarePassive(q).getMessageCount()).isZero();
    }

    @Test
    void publishingToAnInternalExchangeIsAccessRefused() throws Exception {
        ch.exchangeDeclare("internal", "fanout", false, false, true, null);
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "internal", "");
        ch.basicPublish("internal", "", null, new byte[] {1});
        AMQP.Channel.Close close = awaitChannelClosed(ch, 403);
        assertThat(close.getReplyText()).isEqualTo(
                "ACCESS_REFUSED - cannot publish to internal exchange 'internal' in vhost '/'");
        Channel fresh = conn.createChannel();
        assertThat(fresh.queueDeclarePassive(q).getMessageCount()).isZero();
    }

    @Test
    void publishingToADeletedExchangeIsNotFound() throws Exception {
        ch.exchangeDeclare("temp", "fanout");
        ch.exchangeDelete("temp");
        ch.basicPublish("temp", "", null, new byte[] {1});
        awaitChannelClosed(ch, 404);
    }
}
