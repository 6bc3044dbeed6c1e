package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static dev.warren.testing.AmqpErrors.expectConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.testing.AmqpTestBase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** exchange.declare and exchange.delete: creating, re-declaring, checking and removing exchanges. */
class ExchangeDeclareTest extends AmqpTestBase {
    private Connection conn;
    private Connection bystander;

    @BeforeEach
    void connectTwice() throws Exception {
        conn = connect();
        bystander = connect();
    }

    private Channel ch() throws Exception {
        return conn.createChannel();
    }

    /** After a channel error: this connection and another one still work. */
    private void assertOnlyTheChannelWasClosed() throws Exception {
        assertUsable(conn);
        assertUsable(bystander);
    }

    // ------------------------------------------------------------------ predeclared

    @Test
    void predeclaredExchangesExistWithTheirTypes() throws Exception {
        Channel ch = ch();
        for (String name : new String[] {"amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"}) {
            assertThat(ch.exchangeDeclarePassive(name)).as(name).isNotNull();
        }
        assertThat(warren.broker().virtualHost("/").exchange("amq.direct").type()).isEqualTo("direct");
        assertThat(warren.broker().virtualHost("/").exchange("amq.fanout").type()).isEqualTo("fanout");
        assertThat(warren.broker().virtualHost("/").exchange("amq.topic").type()).isEqualTo("topic");
        assertThat(warren.broker().virtualHost("/").exchange("amq.headers").type()).isEqualTo("headers");
        assertThat(warren.broker().virtualHost("/").exchange("amq.match").type()).isEqualTo("headers");
    }

    @Test
    void predeclaredExchangeCanBeRedeclaredWithTheSameProperties() throws Exception {
        // RabbitMQ refuses the amq. prefix only when the exchange would be created.
        Channel ch = ch();
        ch.exchangeDeclare("amq.direct", "direct", true);
        ch.exchangeDeclare("amq.topic", BuiltinExchangeType.TOPIC, true);
        ch.exchangeDeclare("amq.match", "headers", true);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void predeclaredExchangeRedeclaredWithAnotherTypeIsPreconditionFailed() throws Exception {
        Channel ch = ch();
        expectChannelError(406, () -> ch.exchangeDeclare("amq.direct", "fanout", true));
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void declaringANewExchangeWithTheAmqPrefixIsAccessRefused() throws Exception {
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.exchangeDeclare("amq.foo", "direct"));
        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED - ").contains("amq.foo");
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(10);
        assertOnlyTheChannelWasClosed();
        expectChannelError(404, () -> conn.createChannel().exchangeDeclarePassive("amq.foo"));
    }

    @Test
    void passiveDeclareOfAMissingAmqExchangeIsNotFound() throws Exception {
        Channel ch = ch();
        expectChannelError(404, () -> ch.exchangeDeclarePassive("amq.nothing"));
    }

    // ------------------------------------------------------------------ the default exchange

    @Test
    void declaringTheDefaultExchangeIsAccessRefused() throws Exception {
        Channel ch = ch();
        expectChannelError(403, () -> ch.exchangeDeclare("", "direct", true));
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void passivelyDeclaringTheDefaultExchangeIsAccessRefused() throws Exception {
        // RabbitMQ checks "not the default exchange" before looking the name up, passive or not.
        Channel ch = ch();
        expectChannelError(403, () -> ch.exchangeDeclarePassive(""));
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void deletingTheDefaultExchangeIsAccessRefused() throws Exception {
        Channel ch = ch();
        expectChannelError(403, () -> ch.exchangeDelete(""));
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void bindingQueuesToTheDefaultExchangeIsAccessRefused() throws Exception {
        Channel ch = ch();
        String q = ch.queueDeclare().getQueue();
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.queueBind(q, "", q));
        assertThat(close.getReplyText()).isEqualTo(
                "ACCESS_REFUSED - operation not permitted on the default exchange");
        Channel ch2 = ch();
        expectChannelError(403, () -> ch2.queueUnbind(q, "", q));
        assertOnlyTheChannelWasClosed();
        // The implicit binding by queue name still works.
        Channel ch3 = ch();
        ch3.basicPublish("", q, null, new byte[] {1});
        assertThat(ch3.basicGet(q, true)).isNotNull();
    }

    @Test
    void bindingExchangesToOrFromTheDefaultExchangeIsAccessRefused() throws Exception {
        ch().exchangeDeclare("x", "fanout");
        Channel ch = ch();
        expectChannelError(403, () -> ch.exchangeUnbind("x", "", ""));
        Channel ch2 = ch();
        expectChannelError(403, () -> ch2.exchangeUnbind("", "x", ""));
        assertOnlyTheChannelWasClosed();
    }

    // ------------------------------------------------------------------ declare

    @Test
    void declaredExchangeRoutesMessages() throws Exception {
        Channel ch = ch();
        assertThat(ch.exchangeDeclare("logs", "fanout")).isInstanceOf(AMQP.Exchange.DeclareOk.class);
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "logs", "");
        ch.basicPublish("logs", "whatever", null, "hi".getBytes());
        assertThat(ch.basicGet(q, true).getBody()).isEqualTo("hi".getBytes());
    }

    @Test
    void redeclaringWithIdenticalPropertiesIsANoOpThatKeepsBindings() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("x", "direct", true, false, Map.of("alternate-exchange", "ae"));
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "x", "k");
        ch.exchangeDeclare("x", "direct", true, false, Map.of("alternate-exchange", "ae"));
        ch.basicPublish("x", "k", null, new byte[] {1});
        assertThat(ch.basicGet(q, true)).isNotNull();
    }

    @Test
    void redeclaringWithAnotherTypeIsPreconditionFailed() throws Exception {
        ch().exchangeDeclare("x", "direct");
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.exchangeDeclare("x", "fanout"));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'x'"
                + " in vhost '/': received 'fanout' but current is 'direct'");
        assertOnlyTheChannelWasClosed();
        assertThat(warren.broker().virtualHost("/").exchange("x").type()).isEqualTo("direct");
    }

    @Test
    void redeclaringWithAnotherDurabilityIsPreconditionFailed() throws Exception {
        ch().exchangeDeclare("x", "direct", false);
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.exchangeDeclare("x", "direct", true));
        assertThat(close.getReplyText()).contains("inequivalent arg 'durable'");
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void redeclaringWithAnotherAutoDeleteIsPreconditionFailed() throws Exception {
        ch().exchangeDeclare("x", "direct", false, false, null);
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(406,
                () -> ch.exchangeDeclare("x", "direct", false, true, null));
        assertThat(close.getReplyText()).contains("inequivalent arg 'auto_delete'");
    }

    @Test
    void redeclaringWithAnotherInternalFlagIsPreconditionFailed() throws Exception {
        ch().exchangeDeclare("x", "direct", false, false, false, null);
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(406,
                () -> ch.exchangeDeclare("x", "direct", false, false, true, null));
        assertThat(close.getReplyText()).contains("inequivalent arg 'internal'");
    }

    @Test
    void redeclaringWithAnotherAlternateExchangeIsPreconditionFailed() throws Exception {
        ch().exchangeDeclare("x", "direct", false, false, Map.of("alternate-exchange", "ae1"));
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(406,
                () -> ch.exchangeDeclare("x", "direct", false, false, Map.of("alternate-exchange", "ae2")));
        assertThat(close.getReplyText()).contains("inequivalent arg 'alternate-exchange'");
    }

    @Test
    void argumentsOtherThanAlternateExchangeAreNotCompared() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("x", "direct", false, false, Map.of("x-custom", 1));
        ch.exchangeDeclare("x", "direct", false, false, Map.of("x-custom", 2));
        ch.exchangeDeclare("x", "direct", false, false, null);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void unknownExchangeTypeIsACommandInvalidConnectionError() throws Exception {
        Channel ch = ch();
        AMQP.Connection.Close close = expectConnectionError(503, () -> ch.exchangeDeclare("x", "no-such-type"));
        assertThat(close.getReplyText()).startsWith("COMMAND_INVALID - ").contains("no-such-type");
        assertThat(conn.isOpen()).isFalse();
        assertThat(warren.broker().virtualHost("/").exchange("x")).isNull();
        assertUsable(bystander);
    }

    @Test
    void passiveDeclareOfAMissingExchangeIsNotFound() throws Exception {
        Channel ch = ch();
        AMQP.Channel.Close close = expectChannelError(404, () -> ch.exchangeDeclarePassive("missing"));
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no exchange 'missing' in vhost '/'");
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void passiveDeclareIgnoresTypeAndFlags() throws Exception {
        ch().exchangeDeclare("x", "topic", true);
        // A passive declare only checks existence, whatever else it says.
        Channel ch = ch();
        ch.exchangeDeclarePassive("x");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void declareWithNoWaitCreatesTheExchangeWithoutAReply() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclareNoWait("nw", "fanout", false, false, false, null);
        // The next synchronous method on the channel is answered, so the declare was processed.
        ch.exchangeDeclarePassive("nw");
        assertThat(warren.broker().virtualHost("/").exchange("nw").type()).isEqualTo("fanout");
    }

    @Test
    void errorOnNoWaitDeclareClosesTheChannelAsynchronously() throws Exception {
        ch().exchangeDeclare("x", "direct");
        Channel ch = ch();
        ch.exchangeDeclareNoWait("x", "topic", false, false, false, null);
        dev.warren.testing.AmqpErrors.awaitChannelClosed(ch, 406);
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void exchangesAreSharedByAllConnectionsOfTheVirtualHost() throws Exception {
        ch().exchangeDeclare("shared", "direct");
        Channel other = bystander.createChannel();
        other.exchangeDeclarePassive("shared");
        conn.close();
        other.exchangeDeclarePassive("shared");
    }

    // ------------------------------------------------------------------ delete

    @Test
    void deletedExchangeIsGoneAndItsBindingsWithIt() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("x", "fanout");
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "x", "");
        assertThat(ch.exchangeDelete("x")).isInstanceOf(AMQP.Exchange.DeleteOk.class);

        expectChannelError(404, () -> ch.exchangeDeclarePassive("x"));
        // Re-creating it does not bring the binding back.
        Channel ch2 = ch();
        ch2.exchangeDeclare("x", "fanout");
        ch2.basicPublish("x", "", null, new byte[] {1});
        assertThat(ch2.basicGet(q, true)).isNull();
        assertThat(warren.broker().virtualHost("/").bindings()).noneMatch(b -> b.source().name().equals("x"));
    }

    @Test
    void deletingAMissingExchangeSucceeds() throws Exception {
        Channel ch = ch();
        assertThat(ch.exchangeDelete("never-declared")).isNotNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void deleteIfUnusedOfAnExchangeWithBindingsIsPreconditionFailed() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("x", "direct");
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "x", "k");

        AMQP.Channel.Close close = expectChannelError(406, () -> ch.exchangeDelete("x", true));
        assertThat(close.getReplyText()).contains("'x'").contains("in use");
        assertOnlyTheChannelWasClosed();

        Channel ch2 = ch();
        ch2.exchangeDeclarePassive("x");
        ch2.queueUnbind(q, "x", "k");
        ch2.exchangeDelete("x", true);
        expectChannelError(404, () -> ch2.exchangeDeclarePassive("x"));
    }

    @Test
    void deleteIfUnusedIgnoresBindingsWhereTheExchangeIsTheDestination() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("src", "fanout");
        ch.exchangeDeclare("dst", "fanout");
        ch.exchangeBind("dst", "src", "");
        ch.exchangeDelete("dst", true);
        expectChannelError(404, () -> ch.exchangeDeclarePassive("dst"));
        // ... and the binding from src went away with it, so src is unused now.
        Channel ch2 = ch();
        ch2.exchangeDelete("src", true);
    }

    @Test
    void deletingAPredeclaredExchangeIsAccessRefused() throws Exception {
        for (String name : new String[] {"amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"}) {
            Channel ch = ch();
            expectChannelError(403, () -> ch.exchangeDelete(name));
        }
        ch().exchangeDeclarePassive("amq.direct");
        assertOnlyTheChannelWasClosed();
    }

    @Test
    void deletingAnyAmqExchangeIsAccessRefusedEvenIfItDoesNotExist() throws Exception {
        Channel ch = ch();
        expectChannelError(403, () -> ch.exchangeDelete("amq.whatever"));
    }

    // ------------------------------------------------------------------ auto-delete

    @Test
    void autoDeleteExchangeGoesAwayWhenItsLastQueueBindingIsRemoved() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("ad", "direct", false, true, null);
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "ad", "a");
        ch.queueBind(q, "ad", "b");

        ch.queueUnbind(q, "ad", "a");
        ch.exchangeDeclarePassive("ad"); // one binding left
        ch.queueUnbind(q, "ad", "b");

        expectChannelError(404, () -> ch.exchangeDeclarePassive("ad"));
    }

    @Test
    void autoDeleteExchangeGoesAwayWhenItsLastBoundQueueIsDeleted() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("ad", "fanout", false, true, null);
        ch.queueDeclare("q1", false, false, false, null);
        ch.queueBind("q1", "ad", "");
        ch.queueDelete("q1");
        expectChannelError(404, () -> ch.exchangeDeclarePassive("ad"));
    }

    @Test
    void autoDeleteExchangeGoesAwayWhenItsExclusiveQueueOwnerDisconnects() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("ad", "fanout", false, true, null);
        ch.queueDeclare("mine", false, true, false, null);
        ch.queueBind("mine", "ad", "");
        conn.close();
        Channel other = bystander.createChannel();
        waitUntil("auto-delete exchange removed", () -> warren.broker().virtualHost("/").exchange("ad") == null);
        expectChannelError(404, () -> other.exchangeDeclarePassive("ad"));
    }

    @Test
    void autoDeleteExchangeGoesAwayWhenItsLastExchangeBindingIsRemoved() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("ad", "fanout", false, true, null);
        ch.exchangeDeclare("dst", "fanout");
        ch.exchangeBind("dst", "ad", "");
        ch.exchangeUnbind("dst", "ad", "");
        expectChannelError(404, () -> ch.exchangeDeclarePassive("ad"));
        ch().exchangeDeclarePassive("dst");
    }

    @Test
    void autoDeleteExchangeThatNeverHadBindingsStays() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("ad", "direct", false, true, null);
        String q = ch.queueDeclare().getQueue();
        ch.queueDelete(q);
        ch.exchangeDeclarePassive("ad");
        conn.close();
        bystander.createChannel().exchangeDeclarePassive("ad");
    }

    @Test
    void autoDeleteExchangeDoesNotGoAwayWhenItIsOnlyTheDestinationOfARemovedBinding() throws Exception {
        Channel ch = ch();
        ch.exchangeDeclare("src", "fanout");
        ch.exchangeDeclare("ad", "fanout", false, true, null);
        String q = ch.queueDeclare().getQueue();
        ch.queueBind(q, "ad", "");
        ch.exchangeBind("ad", "src", "");
        ch.exchangeUnbind("ad", "src", "");
        ch.exchangeDeclarePassive("ad");
    }
}
