package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RoutingTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fanout exchanges copy every message to every bound queue, whatever the keys. */
class FanoutExchangeTest extends RoutingTestBase {
    @BeforeEach
    void declareExchange() throws Exception {
        ch.exchangeDeclare("f", "fanout");
    }

    @Test
    void everyBoundQueueGetsACopyWhateverTheRoutingKey() throws Exception {
        queueBound("a", "f", "");
        queueBound("b", "f", "some-key");
        queueBound("c", "f", "#");
        assertThat(route("f", "", "a", "b", "c")).containsExactly("a", "b", "c");
        assertThat(route("f", "anything.at.all", "a", "b", "c")).containsExactly("a", "b", "c");
    }

    @Test
    void queueBoundWithSeveralKeysGetsOnlyOneCopy() throws Exception {
        queueBound("q", "f", "one");
        ch.queueBind("q", "f", "two");
        ch.queueBind("q", "f", "three");
        assertThat(route("f", "x", "q")).containsExactly("q"); // route() fails on duplicates
    }

    @Test
    void queueStaysBoundUntilItsLastBindingIsRemoved() throws Exception {
        queueBound("q", "f", "one");
        ch.queueBind("q", "f", "two");
        ch.queueUnbind("q", "f", "one");
        assertThat(route("f", "x", "q")).containsExactly("q");
        ch.queueUnbind("q", "f", "two");
        assertThat(route("f", "x", "q")).isEmpty();
    }

    @Test
    void unboundQueuesGetNothing() throws Exception {
        queueBound("bound", "f", "");
        queue("unbound");
        assertThat(route("f", "", "bound", "unbound")).containsExactly("bound");
    }

    @Test
    void fanoutWithoutBindingsDropsTheMessage() throws Exception {
        queue("q");
        assertThat(route("f", "q", "q")).isEmpty();
    }

    @Test
    void deletedQueueIsNoLongerAFanoutTarget() throws Exception {
        queueBound("a", "f", "");
        queueBound("b", "f", "");
        ch.queueDelete("a");
        assertThat(route("f", "", "b")).containsExactly("b");
        queue("a");
        assertThat(route("f", "", "a", "b")).as("a re-created queue is not bound").containsExactly("b");
    }

    @Test
    void predeclaredAmqFanoutCopiesToAllBoundQueues() throws Exception {
        queueBound("a", "amq.fanout", "");
        queueBound("b", "amq.fanout", "x");
        assertThat(route("amq.fanout", "y", "a", "b")).containsExactly("a", "b");
    }

    @Test
    void manyQueuesEachGetExactlyOneCopy() throws Exception {
        String[] names = new String[50];
        for (int i = 0; i < names.length; i++) {
            names[i] = queueBound("q" + i, "f", "");
        }
        assertThat(route("f", "", names)).hasSize(names.length);
    }
}
