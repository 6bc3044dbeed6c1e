package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Return;
import dev.warren.testing.RoutingTestBase;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alternate-exchange argument: a message that an exchange has no binding for goes on to its
 * alternate exchange. As in RabbitMQ, each exchange on the route (exchange-to-exchange bindings
 * included) falls back to its own alternate only when it has no matching binding at all.
 */
class AlternateExchangeTest extends RoutingTestBase {
    private static Map<String, Object> ae(String name) {
        return Map.of("alternate-exchange", name);
    }

    @Test
    void unroutableMessageGoesToTheAlternateExchange() throws Exception {
        ch.exchangeDeclare("ae", "fanout");
        ch.exchangeDeclare("main", "direct", false, false, ae("ae"));
        queueBound("routed", "main", "k");
        queueBound("unrouted", "ae", "");
        assertThat(route("main", "k", "routed", "unrouted")).containsExactly("routed");
        assertThat(route("main", "other", "routed", "unrouted")).containsExactly("unrouted");
    }

    @Test
    void alternateExchangeRoutesByItsOwnRulesWithTheOriginalKey() throws Exception {
        ch.exchangeDeclare("ae", "topic");
        ch.exchangeDeclare("main", "direct", false, false, ae("ae"));
        queueBound("eu", "ae", "*.eu");
        queueBound("us", "ae", "*.us");
        assertThat(route("main", "order.eu", "eu", "us")).containsExactly("eu");
        assertThat(route("main", "order.asia", "eu", "us")).isEmpty();
    }

    @Test
    void alternateExchangesChainAndLoopsEnd() throws Exception {
        ch.exchangeDeclare("ae2", "fanout", false, false, ae("main"));
        ch.exchangeDeclare("ae1", "direct", false, false, ae("ae2"));
        ch.exchangeDeclare("main", "direct", false, false, ae("ae1"));
        assertThat(route("main", "k")).isEmpty(); // the loop main -> ae1 -> ae2 -> main ends
        queueBound("last", "ae2", "");
        assertThat(route("main", "k", "last")).containsExactly("last");
    }

    @Test
    void missingAlternateExchangeLeavesTheMessageUnroutable() throws Exception {
        ch.exchangeDeclare("main", "direct", false, false, ae("not-declared"));
        BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        ch.addReturnListener(returns::add);
        ch.basicPublish("main", "k", true, null, new byte[] {1});
        assertThat(returns.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void mandatoryMessageTakenByTheAlternateExchangeIsNotReturned() throws Exception {
        ch.exchangeDeclare("ae", "fanout");
        ch.exchangeDeclare("main", "direct", false, false, ae("ae"));
        queueBound("unrouted", "ae", "");
        BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        ch.addReturnListener(returns::add);
        ch.basicPublish("main", "k", true, null, new byte[] {1});
        assertThat(drain("unrouted")).isEqualTo(1);
        assertThat(returns).isEmpty();
    }

    @Test
    void internalExchangeCanBeAnAlternateExchange() throws Exception {
        ch.exchangeDeclare("ae", "fanout", false, false, true, null);
        ch.exchangeDeclare("main", "direct", false, false, ae("ae"));
        queueBound("unrouted", "ae", "");
        assertThat(route("main", "k", "unrouted")).containsExactly("unrouted");
    }

    @Test
    void exchangeWithABindingToAnotherExchangeDoesNotUseItsAlternate() throws Exception {
        // "main" has a matching binding (to "empty"), so main's alternate is not consulted even though
        // "empty" routes nowhere; RabbitMQ drops the message.
        ch.exchangeDeclare("ae", "fanout");
        ch.exchangeDeclare("empty", "fanout");
        ch.exchangeDeclare("main", "direct", false, false, ae("ae"));
        ch.exchangeBind("empty", "main", "k");
        queueBound("unrouted", "ae", "");
        assertThat(route("main", "k", "unrouted")).isEmpty();
        assertThat(route("main", "other", "unrouted")).containsExactly("unrouted");
    }

    @Test
    void exchangeReachedThroughABindingUsesItsOwnAlternate() throws Exception {
        ch.exchangeDeclare("inner-ae", "fanout");
        ch.exchangeDeclare("inner", "direct", false, false, ae("inner-ae"));
        ch.exchangeDeclare("main", "fanout");
        ch.exchangeBind("inner", "main", "");
        queueBound("direct-to-main", "main", "");
        queueBound("inner-k", "inner", "k");
        queueBound("inner-unrouted", "inner-ae", "");
        // main routes to its queue and to inner; inner has nothing for "x", so its alternate gets a copy.
        assertThat(route("main", "x", "direct-to-main", "inner-k", "inner-unrouted"))
                .containsExactly("direct-to-main", "inner-unrouted");
        assertThat(route("main", "k", "direct-to-main", "inner-k", "inner-unrouted"))
                .containsExactly("direct-to-main", "inner-k");
    }

    @Test
    void redeclaringWithAnotherAlternateExchangeIsPreconditionFailed() throws Exception {
        ch.exchangeDeclare("main", "direct", false, false, ae("a"));
        dev.warren.testing.AmqpErrors.expectChannelError(406,
                () -> ch.exchangeDeclare("main", "direct", false, false, ae("b")));
    }
}
