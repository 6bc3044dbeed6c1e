package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistentMessagesTest extends DurabilityTestBase {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> drain(Channel ch, String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        GetResponse r;
        while ((r = ch.basicGet(queue, true)) != null) {
            bodies.add(new String(r.getBody(), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    @Test
    void persistentMessagesInDurableQueueSurviveRestartInOrder() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("jobs", true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < 500; i++) {
            ch.basicPublish("", "jobs", PERSISTENT, utf8("job-" + i));
        }
        ch.waitForConfirmsOrDie(10_000);

        restart();

        Channel after = connect().createChannel();
        List<String> bodies = drain(after, "jobs");
        assertThat(bodies).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(bodies.get(i)).isEqualTo("job-" + i);
        }
    }

    @Test
    void transientMessagesAndMessagesInTransientQueuesAreGoneAfterRestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("mixed", true, false, false, null);
        ch.queueDeclare("scratch", false, false, false, null);
        ch.confirmSelect();
        ch.basicPublish("", "mixed", null, utf8("transient"));
        ch.basicPublish("", "mixed", PERSISTENT, utf8("persistent"));
        ch.basicPublish("", "scratch", PERSISTENT, utf8("in a transient queue"));
        ch.waitForConfirmsOrDie(5_000);

        restart();

        Channel after = connect().createChannel();
        assertThat(drain(after, "mixed")).containsExactly("persistent");
    }

    @Test
    void ackedMessagesNeverComeBackAndUnackedOnesComeBackRedelivered() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("work", true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < 6; i++) {
            ch.basicPublish("", "work", PERSISTENT, utf8("m" + i));
        }
        ch.waitForConfirmsOrDie(5_000);
        Channel worker = connect().createChannel();
        GetResponse m0 = worker.basicGet("work", false);
        GetResponse m1 = worker.basicGet("work", false);
        worker.basicAck(m0.getEnvelope().getDeliveryTag(), false);
        // m1 stays unacked; m2..m5 were never delivered
        assertThat(new String(m1.getBody(), StandardCharsets.UTF_8)).isEqualTo("m1");
        worker.basicQos(0); // a synchronous round trip: the ack was processed
        
        restart();

        Channel after = connect().createChannel();
        GetResponse first = after.basicGet("work", true);
        assertThat(new String(first.getBody(), StandardCharsets.UTF_8)).isEqualTo("m1");
        assertThat(first.getEnvelope().isRedeliver()).isTrue();
        List<String> rest = drain(after, "work");
        assertThat(rest).containsExactly("m2", "m3", "m4", "m5");
    }

    @Test
    void messageRoutedToSeveralDurableQueuesSurvivesInEachUntilAckedThere() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.exchangeDeclare("broadcast", "fanout", true);
        for (String q : List.of("a", "b", "c")) {
            ch.queueDeclare(q, true, false, false, null);
            ch.queueBind(q, "broadcast", "");
        }
        ch.confirmSelect();
        ch.basicPublish("broadcast", "", PERSISTENT, utf8("hello"));
        ch.waitForConfirmsOrDie(5_000);
        assertThat(ch.basicGet("a", true)).isNotNull();

        restart();

        Channel after = connect().createChannel();
        assertThat(drain(after, "a")).isEmpty();
        assertThat(drain(after, "b")).containsExactly("hello");
        assertThat(drain(after, "c")).containsExactly("hello");
    }

    @Test
    void purgedMessagesDoNotComeBack() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("purged", true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < 10; i++) {
            ch.basicPublish("", "purged", PERSISTENT, utf8("p" + i));
        }
        ch.waitForConfirmsOrDie(5_000);
        assertThat(ch.queuePurge("purged").getMessageCount()).isEqualTo(10);
        ch.basicPublish("", "purged", PERSISTENT, utf8("after purge"));
        ch.waitForConfirmsOrDie(5_000);

        restart();

        assertThat(drain(connect().createChannel(), "purged")).containsExactly("after purge");
    }

    @Test
    void committedTransactionalPersistentMessagesSurvive() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("tx-q", true, false, false, null);
        ch.txSelect();
        ch.basicPublish("", "tx-q", PERSISTENT, utf8("committed"));
        ch.txCommit();
        ch.basicPublish("", "tx-q", PERSISTENT, utf8("rolled back"));
        ch.txRollback();

        restart();

        assertThat(drain(connect().createChannel(), "tx-q")).containsExactly("committed");
    }
}
