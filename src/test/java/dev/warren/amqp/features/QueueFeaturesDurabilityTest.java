package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.body;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.warren.WarrenConfig;
import dev.warren.amqp.features.FeatureSupport.Confirms;
import dev.warren.testing.AmqpTestBase;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue features across a restart of a Warren with a data directory: TTLs count from publication, not
 * from the restart; dead-lettered persistent messages keep their x-death history in a durable queue;
 * confirms, length limits, priorities and deduplication hold for stored messages.
 */
class QueueFeaturesDurabilityTest extends AmqpTestBase {
    private static final AMQP.BasicProperties PERSISTENT = MessageProperties.PERSISTENT_TEXT_PLAIN;

    @TempDir
    Path dataDir;

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        // a small budget, so that larger backlogs are paged out to the store
        return config.dataDir(dataDir).queueMemoryBudgetBytes(64 * 1024);
    }

    /** Closes this Warren and starts a new one on the same data directory. */
    private void restart() {
        warren.close();
        startWarren();
    }

    private Channel confirmingChannel() throws Exception {
        Channel ch = openChannel();
        ch.confirmSelect();
        return ch;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstDeath(GetResponse r) {
        return ((List<Map<String, Object>>) r.getProps().getHeaders().get("x-death")).get(0);
    }

    @Test
    void queueTtlCountsFromPublicationNotFromTheRestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, args("x-message-ttl", 2000));
        long published = System.currentTimeMillis();
        ch.basicPublish("", "q", PERSISTENT, utf8("ttl"));
        ch.waitForConfirmsOrDie(10_000);
        waitUntil("part of the TTL has passed", () -> System.currentTimeMillis() > published + 1000);
        restart();
        long restarted = System.currentTimeMillis();
        Channel after = openChannel();
        if (System.currentTimeMillis() < published + 1800) {
            assertThat(messageCount(after, "q")).as("still alive just after the restart").isEqualTo(1);
        }
        waitUntil("the message expires without anyone consuming", () -> messageCount(after, "q") == 0);
        assertThat(System.currentTimeMillis() - restarted)
                .as("expired about 2 s after publication, not 2 s after the restart").isLessThan(1800);
        assertThat(after.basicGet("q", true)).isNull();
    }

    @Test
    void perMessageExpirationCountsFromPublicationAcrossARestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, null);
        long published = System.currentTimeMillis();
        AMQP.BasicProperties props = PERSISTENT.builder().expiration("1500").build();
        ch.basicPublish("", "q", props, utf8("expiring"));
        ch.basicPublish("", "q", PERSISTENT, utf8("kept"));
        ch.waitForConfirmsOrDie(10_000);
        restart();
        Channel after = openChannel();
        waitUntil("the TTL has passed", () -> System.currentTimeMillis() > published + 1600);
        assertThat(drain(after, "q")).containsExactly("kept");
    }

    @Test
    void deadLetteredPersistentMessageSurvivesARestartWithItsXDeath() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("dlx", "fanout", true);
        ch.queueDeclare("dlq", true, false, false, null);
        ch.queueBind("dlq", "dlx", "");
        ch.queueDeclare("work", true, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", PERSISTENT, utf8("failed"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("dead-lettered", () -> messageCount(ch, "dlq") == 1);
        restart();
        Channel after = openChannel();
        assertThat(messageCount(after, "work")).as("the rejected message does not come back").isZero();
        GetResponse dead = after.basicGet("dlq", true);
        assertThat(body(dead)).isEqualTo("failed");
        assertThat(dead.getProps().getDeliveryMode()).isEqualTo(2);
        Map<String, Object> death = firstDeath(dead);
        assertThat(death.get("reason").toString()).isEqualTo("rejected");
        assertThat(death.get("queue").toString()).isEqualTo("work");
        assertThat(death.get("count")).isEqualTo(1L);
        assertThat(dead.getProps().getHeaders().get("x-first-death-queue").toString()).isEqualTo("work");
    }

    @Test
    void confirmedMessageThatExpiresIntoADurableDeadLetterQueueIsThereAfterARestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("dlq", true, false, false, null);
        ch.queueDeclare("delay", true, false, false, args("x-message-ttl", 100,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "dlq"));
        Confirms confirms = new Confirms();
        ch.addConfirmListener(confirms);
        for (int i = 1; i <= 3; i++) {
            ch.basicPublish("", "delay", PERSISTENT, utf8("m" + i));
        }
        waitUntil("confirmed", () -> confirms.settled(3));
        assertThat(confirms.acked).containsExactly(1L, 2L, 3L);
        waitUntil("all expired into the DLQ", () -> messageCount(ch, "dlq") == 3);
        restart();
        Channel after = openChannel();
        assertThat(messageCount(after, "delay")).isZero();
        GetResponse first = after.basicGet("dlq", true);
        assertThat(body(first)).isEqualTo("m1");
        assertThat(firstDeath(first).get("reason").toString()).isEqualTo("expired");
        assertThat(drain(after, "dlq")).containsExactly("m2", "m3");
    }

    @Test
    void messageWhoseTtlRanOutWhileTheBrokerWasDownIsDeadLetteredAtStartUp() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("dlq", true, false, false, null);
        ch.queueDeclare("q", true, false, false, args("x-message-ttl", 500,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "dlq"));
        long published = System.currentTimeMillis();
        ch.basicPublish("", "q", PERSISTENT, utf8("expired while down"));
        ch.waitForConfirmsOrDie(10_000);
        warren.close();
        waitUntil("the TTL runs out while stopped", () -> System.currentTimeMillis() > published + 600);
        startWarren();
        Channel after = openChannel();
        waitUntil("dead-lettered after the restart", () -> messageCount(after, "dlq") == 1);
        assertThat(messageCount(after, "q")).isZero();
        GetResponse dead = after.basicGet("dlq", true);
        assertThat(body(dead)).isEqualTo("expired while down");
        assertThat(firstDeath(dead).get("reason").toString()).isEqualTo("expired");
        restart();
        assertThat(messageCount(openChannel(), "dlq")).as("the dead letter was consumed for good").isZero();
    }

    @Test
    void rejectPublishDlxStoresTheRefusedMessageOnlyInTheDeadLetterQueue() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("dlq", true, false, false, null);
        ch.queueDeclare("q", true, false, false, args("x-max-length", 1, "x-overflow", "reject-publish-dlx",
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "dlq"));
        Confirms confirms = new Confirms();
        ch.addConfirmListener(confirms);
        ch.basicPublish("", "q", PERSISTENT, utf8("kept"));
        ch.basicPublish("", "q", PERSISTENT, utf8("refused"));
        waitUntil("confirmed", () -> confirms.settled(2));
        assertThat(confirms.nacked).containsExactly(2L);
        waitUntil("dead-lettered", () -> messageCount(ch, "dlq") == 1);
        restart();
        Channel after = openChannel();
        assertThat(drain(after, "q")).containsExactly("kept");
        GetResponse dead = after.basicGet("dlq", true);
        assertThat(body(dead)).isEqualTo("refused");
        assertThat(firstDeath(dead).get("reason").toString()).isEqualTo("maxlen");
    }

    @Test
    void durableQueueWithExpiryIsDeletedAfterARestartWhenUnusedAndStaysDeleted() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", true, false, false, args("x-expires", 1000));
        ch.basicPublish("", "q", PERSISTENT, utf8("m"));
        restart();
        var c = connect();
        assertThat(FeatureSupport.queueExists(c, "q")).as("recovered").isTrue();
        waitUntil("expired after the restart", () -> !FeatureSupport.queueExists(c, "q"));
        restart();
        assertThat(FeatureSupport.queueExists(connect(), "q")).as("its deletion was stored").isFalse();
    }

    private static byte[] numbered(int i) {
        return java.util.Arrays.copyOf(utf8(String.format("%04d", i)), 1024);
    }

    private static String number(GetResponse r) {
        assertThat(r).isNotNull();
        return new String(r.getBody(), 0, 4, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void pagedOutMessagesExpireAndAreDeadLetteredInOrder() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("dlq", true, false, false, null);
        ch.queueDeclare("q", true, false, false, args("x-message-ttl", 300,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "dlq"));
        int n = 300; // 300 KiB, far over the 64 KiB budget
        for (int i = 0; i < n; i++) {
            ch.basicPublish("", "q", PERSISTENT, numbered(i));
        }
        ch.waitForConfirmsOrDie(10_000);
        waitUntil("every message expired", () -> messageCount(ch, "q") == 0);
        waitUntil("every message is dead-lettered", () -> messageCount(ch, "dlq") == n);
        for (int i = 0; i < n; i++) {
            assertThat(number(ch.basicGet("dlq", true))).isEqualTo(String.format("%04d", i));
        }
    }

    @Test
    void dropHeadOverPagedOutMessagesKeepsTheNewestAcrossARestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, args("x-max-length", 200));
        for (int i = 0; i < 300; i++) {
            ch.basicPublish("", "q", PERSISTENT, numbered(i));
        }
        ch.waitForConfirmsOrDie(10_000);
        assertThat(messageCount(ch, "q")).isEqualTo(200);
        restart();
        Channel after = openChannel();
        assertThat(messageCount(after, "q")).isEqualTo(200);
        for (int i = 100; i < 300; i++) {
            assertThat(number(after.basicGet("q", true))).isEqualTo(String.format("%04d", i));
        }
        assertThat(after.basicGet("q", true)).isNull();
    }

    @Test
    void rejectPublishRefusesPersistentMessagesForGood() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, args("x-max-length", 2, "x-overflow", "reject-publish"));
        Confirms confirms = new Confirms();
        ch.addConfirmListener(confirms);
        for (int i = 1; i <= 4; i++) {
            ch.basicPublish("", "q", PERSISTENT, utf8("m" + i));
        }
        waitUntil("confirmed", () -> confirms.settled(4));
        assertThat(confirms.acked).containsExactly(1L, 2L);
        assertThat(confirms.nacked).containsExactly(3L, 4L);
        restart();
        assertThat(drain(openChannel(), "q")).containsExactly("m1", "m2");
    }

    @Test
    void messagesDroppedAtTheHeadDoNotComeBackAfterARestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, args("x-max-length", 2));
        for (int i = 1; i <= 5; i++) {
            ch.basicPublish("", "q", PERSISTENT, utf8("m" + i));
        }
        ch.waitForConfirmsOrDie(10_000);
        restart();
        assertThat(drain(openChannel(), "q")).containsExactly("m4", "m5");
    }

    @Test
    void queueArgumentsStillApplyAfterARestart() throws Exception {
        Map<String, Object> arguments = args("x-max-length", 1L, "x-message-ttl", 60_000,
                "x-single-active-consumer", true, "x-queue-type", "quorum");
        Channel ch = openChannel();
        ch.queueDeclare("q", true, false, false, arguments);
        restart();
        Channel after = openChannel();
        assertThat(after.queueDeclare("q", true, false, false, arguments).getQueue())
                .as("an identical redeclaration is still equivalent").isEqualTo("q");
        after.basicPublish("", "q", PERSISTENT, utf8("1"));
        after.basicPublish("", "q", PERSISTENT, utf8("2"));
        assertThat(drain(after, "q")).as("x-max-length still applies").containsExactly("2");
    }

    @Test
    void priorityOrderIsKeptAcrossARestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, args("x-max-priority", 5));
        int[] priorities = {1, 5, 3, 5, 0};
        for (int i = 0; i < priorities.length; i++) {
            ch.basicPublish("", "q", PERSISTENT.builder().priority(priorities[i]).build(), utf8("m" + i));
        }
        ch.waitForConfirmsOrDie(10_000);
        restart();
        assertThat(drain(openChannel(), "q")).containsExactly("m1", "m3", "m2", "m0", "m4");
    }

    @Test
    void deduplicationStillRecognisesStoredMessagesAfterARestart() throws Exception {
        Channel ch = confirmingChannel();
        ch.queueDeclare("q", true, false, false, args("x-message-deduplication", true));
        Map<String, Object> headers = new HashMap<>();
        headers.put("x-deduplication-header", "k");
        AMQP.BasicProperties keyed = PERSISTENT.builder().headers(headers).build();
        ch.basicPublish("", "q", keyed, utf8("original"));
        ch.waitForConfirmsOrDie(10_000);
        restart();
        Channel after = openChannel();
        after.basicPublish("", "q", keyed, utf8("duplicate"));
        assertThat(drain(after, "q")).containsExactly("original");
    }
}
