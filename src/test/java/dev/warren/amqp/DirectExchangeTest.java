package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RoutingTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Direct exchanges route to the queues bound with exactly the message's routing key. */
class DirectExchangeTest extends RoutingTestBase {
    @BeforeEach
    void declareExchange() throws Exception {
        ch.exchangeDeclare("d", "direct");
    }

    @Test
    void routesOnlyToQueuesBoundWithTheSameKey() throws Exception {
        queueBound("info", "d", "info");
        queueBound("error", "d", "error");
        assertThat(route("d", "info", "info", "error")).containsExactly("info");
        assertThat(route("d", "error", "info", "error")).containsExactly("error");
        assertThat(route("d", "warning", "info", "error")).isEmpty();
    }

    @Test
    void keysAreComparedExactly() throws Exception {
        queueBound("q", "d", "Key.One");
        assertThat(route("d", "key.one", "q")).isEmpty();
        assertThat(route("d", "Key.One ", "q")).isEmpty();
        assertThat(route("d", "Key.*", "q")).as("no wildcards in direct exchanges").isEmpty();
        assertThat(route("d", "Key.One", "q")).containsExactly("q");
    }

    @Test
    void emptyRoutingKeyMatchesOnlyAnEmptyBindingKey() throws Exception {
        queueBound("empty", "d", "");
        queueBound("nonempty", "d", "x");
        assertThat(route("d", "", "empty", "nonempty")).containsExactly("empty");
    }

    @Test
    void severalQueuesBoundWithTheSameKeyEachGetACopy() throws Exception {
        queueBound("a", "d", "k");
        queueBound("b", "d", "k");
        queueBound("c", "d", "k");
        assertThat(route("d", "k", "a", "b", "c")).containsExactly("a", "b", "c");
    }

    @Test
    void queueBoundWithSeveralKeysGetsOneCopyPerMatchingMessage() throws Exception {
        queueBound("q", "d", "a");
        ch.queueBind("q", "d", "b");
        assertThat(route("d", "a", "q")).containsExactly("q");
        assertThat(route("d", "b", "q")).containsExactly("q");
        assertThat(route("d", "c", "q")).isEmpty();
    }

    @Test
    void bindingTheSameKeyTwiceIsOneBinding() throws Exception {
        queueBound("q", "d", "k");
        ch.queueBind("q", "d", "k");
        assertThat(route("d", "k", "q")).containsExactly("q");
        ch.queueUnbind("q", "d", "k");
        assertThat(route("d", "k", "q")).as("one unbind removes it").isEmpty();
    }

    @Test
    void unbindingOneKeyLeavesTheQueuesOtherKeysAndOtherQueues() throws Exception {
        queueBound("q", "d", "a");
        ch.queueBind("q", "d", "b");
        queueBound("other", "d", "a");
        ch.queueUnbind("q", "d", "a");
        assertThat(route("d", "a", "q", "other")).containsExactly("other");
        assertThat(route("d", "b", "q", "other")).containsExactly("q");
    }

    @Test
    void longAndUnicodeKeysWork() throws Exception {
        String longKey = "k".repeat(255);
        String unicode = "cl\u00e9.\u65e5\u672c";
        queueBound("long", "d", longKey);
        queueBound("unicode", "d", unicode);
        assertThat(route("d", longKey, "long", "unicode")).containsExactly("long");
        assertThat(route("d", unicode, "long", "unicode")).containsExactly("unicode");
    }

    @Test
    void predeclaredAmqDirectRoutesByKey() throws Exception {
        queueBound("q", "amq.direct", "k");
        assertThat(route("amq.direct", "k", "q")).containsExactly("q");
        assertThat(route("amq.direct", "other", "q")).isEmpty();
    }

    @Test
    void defaultExchangeRoutesToTheQueueNamedByTheKey() throws Exception {
        queue("q1");
        queue("q2");
        assertThat(route("", "q1", "q1", "q2")).containsExactly("q1");
        assertThat(route("", "no-such-queue", "q1", "q2")).isEmpty();
    }

    @Test
    void defaultExchangeStopsRoutingToADeletedQueue() throws Exception {
        queue("gone");
        ch.queueDelete("gone");
        ch.basicPublish("", "gone", null, new byte[] {1});
        queue("gone");
        assertThat(ch.basicGet("gone", true)).isNull();
    }
}
