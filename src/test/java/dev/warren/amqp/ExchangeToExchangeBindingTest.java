package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RoutingTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** exchange.bind: messages flow from a source exchange through its bindings into destination exchanges. */
class ExchangeToExchangeBindingTest extends RoutingTestBase {
    @Test
    void messagesFlowThroughAChainOfExchanges() throws Exception {
        ch.exchangeDeclare("e1", "direct");
        ch.exchangeDeclare("e2", "topic");
        ch.exchangeDeclare("e3", "fanout");
        ch.exchangeBind("e2", "e1", "orders.eu");
        ch.exchangeBind("e3", "e2", "orders.*");
        queueBound("q", "e3", "");

        assertThat(route("e1", "orders.eu", "q")).containsExactly("q");
        assertThat(route("e1", "orders.us", "q")).as("stopped by e1's direct binding").isEmpty();
        assertThat(route("e2", "orders.us", "q")).as("published to the middle").containsExactly("q");
    }

    @Test
    void bindingKeyIsMatchedAtEachHopByTheSourceExchange() throws Exception {
        ch.exchangeDeclare("topic", "topic");
        ch.exchangeDeclare("direct", "direct");
        ch.exchangeBind("direct", "topic", "a.*");
        queueBound("q", "direct", "a.b");
        // The message keeps its routing key; the destination routes it again by its own rules.
        assertThat(route("topic", "a.b", "q")).containsExactly("q");
        assertThat(route("topic", "a.c", "q")).isEmpty();
    }

    @Test
    void queueReachableByTwoPathsGetsOneCopy() throws Exception {
        ch.exchangeDeclare("src", "fanout");
        ch.exchangeDeclare("left", "fanout");
        ch.exchangeDeclare("right", "fanout");
        ch.exchangeBind("left", "src", "");
        ch.exchangeBind("right", "src", "");
        queueBound("q", "left", "");
        ch.queueBind("q", "right", "");
        ch.queueBind("q", "src", "");
        assertThat(route("src", "", "q")).containsExactly("q"); // route() fails on duplicates
    }

    @Test
    void manyQueuesReachableByTwoPathsEachGetOneCopy() throws Exception {
        ch.exchangeDeclare("src", "fanout");
        ch.exchangeDeclare("other", "topic");
        ch.exchangeBind("other", "src", "");
        String[] queues = new String[40];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = queueBound("q" + i, "src", "");
            ch.queueBind(queues[i], "other", "#");
        }
        assertThat(route("src", "k", queues)).hasSize(queues.length); // route() fails on duplicates
    }

    @Test
    void bindingLoopsRouteOnceAndTerminate() throws Exception {
        ch.exchangeDeclare("a", "fanout");
        ch.exchangeDeclare("b", "fanout");
        ch.exchangeDeclare("c", "fanout");
        ch.exchangeBind("b", "a", "");
        ch.exchangeBind("c", "b", "");
        ch.exchangeBind("a", "c", "");
        ch.exchangeBind("a", "a", ""); // an exchange bound to itself
        queueBound("qa", "a", "");
        queueBound("qc", "c", "");
        assertThat(route("a", "", "qa", "qc")).containsExactly("qa", "qc");
        assertThat(route("b", "", "qa", "qc")).containsExactly("qa", "qc");
    }

    @Test
    void unbindingStopsTheFlow() throws Exception {
        ch.exchangeDeclare("src", "direct");
        ch.exchangeDeclare("dst", "fanout");
        ch.exchangeBind("dst", "src", "k");
        queueBound("q", "dst", "");
        assertThat(route("src", "k", "q")).containsExactly("q");
        ch.exchangeUnbind("dst", "src", "k");
        assertThat(route("src", "k", "q")).isEmpty();
        assertThat(route("dst", "k", "q")).containsExactly("q");
    }

    @Test
    void headersArgumentsApplyToExchangeBindings() throws Exception {
        ch.exchangeDeclare("h", "headers");
        ch.exchangeDeclare("dst", "fanout");
        ch.exchangeBind("dst", "h", "", Map.of("x-match", "any", "region", "eu"));
        queueBound("q", "dst", "");
        assertThat(route("h", "", headers(Map.of("region", "eu")), "q")).containsExactly("q");
        assertThat(route("h", "", headers(Map.of("region", "us")), "q")).isEmpty();
        ch.exchangeUnbind("dst", "h", "", Map.of("x-match", "any", "region", "eu"));
        assertThat(route("h", "", headers(Map.of("region", "eu")), "q")).isEmpty();
    }

    @Test
    void deletingTheDestinationExchangeRemovesTheBinding() throws Exception {
        ch.exchangeDeclare("src", "fanout");
        ch.exchangeDeclare("dst", "fanout");
        ch.exchangeBind("dst", "src", "");
        ch.exchangeDelete("dst");
        assertThat(warren.broker().virtualHost("/").exchange("src").bindings()).isEmpty();
        ch.exchangeDeclare("dst", "fanout");
        queueBound("q", "dst", "");
        assertThat(route("src", "", "q")).as("re-created destination is not bound").isEmpty();
    }

    @Test
    void deletingTheSourceExchangeRemovesItsBindings() throws Exception {
        ch.exchangeDeclare("src", "fanout");
        ch.exchangeDeclare("dst", "fanout");
        ch.exchangeBind("dst", "src", "");
        ch.exchangeDelete("src");
        ch.exchangeDelete("dst", true); // unused now
        assertThat(warren.broker().virtualHost("/").bindings()).isEmpty();
    }

    @Test
    void internalExchangeReceivesThroughBindingsButRefusesDirectPublishes() throws Exception {
        ch.exchangeDeclare("public", "fanout");
        ch.exchangeDeclare("inner", "direct", false, false, true, null);
        ch.exchangeBind("inner", "public", "");
        queueBound("q", "inner", "k");
        assertThat(route("public", "k", "q")).containsExactly("q");

        ch.basicPublish("inner", "k", null, new byte[] {1});
        var close = dev.warren.testing.AmqpErrors.awaitChannelClosed(ch, 403);
        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED - ").contains("internal exchange 'inner'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertUsable(ch.getConnection());
    }

    @Test
    void bindingWithAMissingSourceOrDestinationIsNotFound() throws Exception {
        ch.exchangeDeclare("exists", "fanout");
        expectChannelError(404, () -> ch.exchangeBind("exists", "missing", ""));
        var ch2 = ch.getConnection().createChannel();
        expectChannelError(404, () -> ch2.exchangeBind("missing", "exists", ""));
        var ch3 = ch.getConnection().createChannel();
        expectChannelError(404, () -> ch3.exchangeUnbind("exists", "missing", ""));
        assertUsable(ch.getConnection());
    }

    @Test
    void bindingToOrFromTheDefaultExchangeIsAccessRefused() throws Exception {
        ch.exchangeDeclare("x", "fanout");
        expectChannelError(403, () -> ch.exchangeBind("x", "", ""));
        var ch2 = ch.getConnection().createChannel();
        expectChannelError(403, () -> ch2.exchangeBind("", "x", ""));
        assertUsable(ch.getConnection());
    }

    @Test
    void autoDeleteSourceGoesAwayWithItsLastExchangeBinding() throws Exception {
        ch.exchangeDeclare("ad", "fanout", false, true, null);
        ch.exchangeDeclare("d1", "fanout");
        ch.exchangeDeclare("d2", "fanout");
        ch.exchangeBind("d1", "ad", "");
        ch.exchangeBind("d2", "ad", "");
        ch.exchangeDelete("d1");
        ch.exchangeDeclarePassive("ad");
        ch.exchangeDelete("d2");
        expectChannelError(404, () -> ch.exchangeDeclarePassive("ad"));
    }

    @Test
    void autoDeleteChainsCollapseFromTheBottom() throws Exception {
        ch.exchangeDeclare("top", "fanout", false, true, null);
        ch.exchangeDeclare("mid", "fanout", false, true, null);
        ch.exchangeBind("mid", "top", "");
        queueBound("q", "mid", "");
        ch.queueDelete("q"); // mid loses its last binding, so it goes; so top loses its last binding
        expectChannelError(404, () -> ch.exchangeDeclarePassive("mid"));
        var ch2 = ch.getConnection().createChannel();
        expectChannelError(404, () -> ch2.exchangeDeclarePassive("top"));
    }
}
