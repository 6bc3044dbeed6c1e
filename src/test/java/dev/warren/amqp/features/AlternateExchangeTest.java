package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import dev.warren.amqp.features.FeatureSupport.Confirms;
import dev.warren.testing.AmqpTestBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Alternate exchanges ({@code alternate-exchange} exchange argument) as RabbitMQ's "Alternate
 * Exchanges" guide describes them: messages the exchange cannot route go to its AE (and on along the
 * AE's own AE); a mandatory message is returned only when the AEs cannot route it either.
 */
class AlternateExchangeTest extends AmqpTestBase {

    private static List<Return> recordReturns(Channel ch) {
        List<Return> returns = new CopyOnWriteArrayList<>();
        ch.addReturnListener(returns::add);
        return returns;
    }

    private static void declareMainWithAe(Channel ch) throws Exception {
        ch.exchangeDeclare("ae", "fanout");
        ch.queueDeclare("unrouted", false, false, false, null);
        ch.queueBind("unrouted", "ae", "");
        ch.exchangeDeclare("main", "direct", false, false, args("alternate-exchange", "ae"));
        ch.queueDeclare("orders", false, false, false, null);
        ch.queueBind("orders", "main", "order");
    }

    @Test
    void unroutableMessagesGoToTheAlternateExchange() throws Exception {
        Channel ch = openChannel();
        declareMainWithAe(ch);
        ch.basicPublish("main", "unknown", null, utf8("stray"));
        ch.basicPublish("main", "order", null, utf8("order"));
        assertThat(drain(ch, "unrouted")).containsExactly("stray");
        assertThat(drain(ch, "orders")).containsExactly("order");
    }

    @Test
    void mandatoryMessageRoutedByTheAlternateExchangeIsNotReturned() throws Exception {
        Channel ch = openChannel();
        declareMainWithAe(ch);
        List<Return> returns = recordReturns(ch);
        Confirms confirms = Confirms.on(ch);
        ch.basicPublish("main", "unknown", true, null, utf8("stray"));
        waitUntil("confirmed", () -> confirms.settled(1));
        assertThat(confirms.acked).containsExactly(1L);
        assertThat(returns).isEmpty();
        assertThat(messageCount(ch, "unrouted")).isEqualTo(1);
    }

    @Test
    void mandatoryMessageIsReturnedWhenTheAlternateExchangeFailsToo() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("ae", "direct");
        ch.exchangeDeclare("main", "direct", false, false, args("alternate-exchange", "ae"));
        List<Return> returns = recordReturns(ch);
        Confirms confirms = Confirms.on(ch);
        ch.basicPublish("main", "nowhere", true, null, utf8("lost"));
        waitUntil("confirmed", () -> confirms.settled(1));
        waitUntil("returned", () -> returns.size() == 1);
        assertThat(returns.get(0).getExchange()).isEqualTo("main");
        assertThat(returns.get(0).getRoutingKey()).isEqualTo("nowhere");
        assertThat(returns.get(0).getReplyCode()).isEqualTo(312);
    }

    @Test
    void missingAlternateExchangeMeansUnroutable() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("main", "direct", false, false, args("alternate-exchange", "not-declared"));
        List<Return> returns = recordReturns(ch);
        ch.basicPublish("main", "nowhere", true, null, utf8("lost"));
        waitUntil("returned", () -> returns.size() == 1);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void alternateExchangesChain() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("ae2", "fanout");
        ch.queueDeclare("last-resort", false, false, false, null);
        ch.queueBind("last-resort", "ae2", "");
        ch.exchangeDeclare("ae1", "direct", false, false, args("alternate-exchange", "ae2"));
        ch.exchangeDeclare("main", "topic", false, false, args("alternate-exchange", "ae1"));
        ch.basicPublish("main", "a.b", null, utf8("twice unroutable"));
        assertThat(drain(ch, "last-resort")).containsExactly("twice unroutable");
    }

    @Test
    void alternateExchangeLoopEndsAsUnroutable() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("x1", "direct", false, false, args("alternate-exchange", "x2"));
        ch.exchangeDeclare("x2", "direct", false, false, args("alternate-exchange", "x1"));
        List<Return> returns = recordReturns(ch);
        ch.basicPublish("x1", "k", true, null, utf8("loop"));
        waitUntil("returned", () -> returns.size() == 1);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void everyUnroutableMessageReachesTheAlternateExchangeInOrder() throws Exception {
        Channel ch = openChannel();
        declareMainWithAe(ch);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("main", "unknown-" + i, null, utf8("m" + i));
        }
        assertThat(drain(ch, "unrouted")).containsExactly("m0", "m1", "m2");
    }

    @Test
    void internalExchangeCanServeAsAlternateExchange() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("hidden-ae", "fanout", false, false, true, null);
        ch.queueDeclare("unrouted", false, false, false, null);
        ch.queueBind("unrouted", "hidden-ae", "");
        ch.exchangeDeclare("main", "direct", false, false, args("alternate-exchange", "hidden-ae"));
        ch.basicPublish("main", "nothing-bound", null, utf8("via internal AE"));
        assertThat(drain(ch, "unrouted")).containsExactly("via internal AE");
    }

    @Test
    void redeclaringWithAnotherAlternateExchangeIs406() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("main", "direct", false, false, args("alternate-exchange", "ae"));
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.exchangeDeclare("main", "direct", false, false, args("alternate-exchange", "other")));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' "
                + "for exchange 'main' in vhost '/': received the value 'other' of type 'longstr' but current is "
                + "the value 'ae' of type 'longstr'");
    }
}
