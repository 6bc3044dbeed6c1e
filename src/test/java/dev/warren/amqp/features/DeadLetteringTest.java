package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.body;
import static dev.warren.amqp.features.FeatureSupport.expiring;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.testing.AmqpTestBase;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dead-letter exchanges as RabbitMQ's "Dead Letter Exchanges" guide describes them: messages rejected
 * without requeue, expired, or dropped over a length limit are republished to the queue's
 * {@code x-dead-letter-exchange} (with {@code x-dead-letter-routing-key} if set), carrying an
 * {@code x-death} history and {@code x-first-death-*} / {@code x-last-death-*} headers; cycles without a
 * rejection are dropped.
 */
class DeadLetteringTest extends AmqpTestBase {

    /** Declares direct exchange "dlx" with queue "dlq" bound to it under {@code key}. */
    private static void declareDeadLetterQueue(Channel ch, String key) throws IOException {
        ch.exchangeDeclare("dlx", "direct");
        ch.queueDeclare("dlq", false, false, false, null);
        ch.queueBind("dlq", "dlx", key);
    }

    /** Waits for the next message in a queue and takes it (auto-ack). */
    private static GetResponse awaitMessage(Channel ch, String queue) throws IOException {
        waitUntil("a message in " + queue, () -> messageCount(ch, queue) > 0);
        GetResponse r = ch.basicGet(queue, true);
        assertThat(r).isNotNull();
        return r;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deaths(GetResponse r) {
        Object deaths = r.getProps().getHeaders().get("x-death");
        assertThat(deaths).as("x-death header").isInstanceOf(List.class);
        return (List<Map<String, Object>>) deaths;
    }

    private static String header(GetResponse r, String name) {
        Object v = r.getProps().getHeaders().get(name);
        return v == null ? null : v.toString();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    @Test
    void rejectedMessageIsDeadLetteredWithAnXDeathEntry() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "dlx"));
        long before = System.currentTimeMillis() / 1000 * 1000;
        ch.basicPublish("", "work", null, utf8("bad"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);

        GetResponse dead = awaitMessage(ch, "dlq");
        assertThat(body(dead)).isEqualTo("bad");
        assertThat(dead.getEnvelope().getExchange()).isEqualTo("dlx");
        assertThat(dead.getEnvelope().getRoutingKey()).isEqualTo("work");
        List<Map<String, Object>> deaths = deaths(dead);
        assertThat(deaths).hasSize(1);
        Map<String, Object> death = deaths.get(0);
        assertThat(death.get("count")).isEqualTo(1L);
        assertThat(str(death.get("reason"))).isEqualTo("rejected");
        assertThat(str(death.get("queue"))).isEqualTo("work");
        assertThat(str(death.get("exchange"))).isEqualTo("");
        assertThat(((List<?>) death.get("routing-keys")).stream().map(Object::toString)).containsExactly("work");
        assertThat(death.get("time")).isInstanceOf(Date.class);
        assertThat(((Date) death.get("time")).getTime()).isBetween(before, System.currentTimeMillis());
        assertThat(death).doesNotContainKey("original-expiration");
        assertThat(header(dead, "x-first-death-reason")).isEqualTo("rejected");
        assertThat(header(dead, "x-first-death-queue")).isEqualTo("work");
        assertThat(header(dead, "x-first-death-exchange")).isEqualTo("");
        assertThat(header(dead, "x-last-death-reason")).isEqualTo("rejected");
        assertThat(header(dead, "x-last-death-queue")).isEqualTo("work");
        assertThat(header(dead, "x-last-death-exchange")).isEqualTo("");
        assertThat(messageCount(ch, "work")).isZero();
    }

    @Test
    void nackWithoutRequeueDeadLettersEveryMessageItCovers() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", null, utf8("one"));
        ch.basicPublish("", "work", null, utf8("two"));
        ch.basicGet("work", false);
        GetResponse second = ch.basicGet("work", false);
        ch.basicNack(second.getEnvelope().getDeliveryTag(), true, false);
        waitUntil("both are dead-lettered", () -> messageCount(ch, "dlq") == 2);
        assertThat(FeatureSupport.drain(ch, "dlq")).containsExactly("one", "two");
    }

    @Test
    void requeuedMessagesAreNotDeadLettered() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", null, utf8("again"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicNack(r.getEnvelope().getDeliveryTag(), false, true);
        GetResponse back = ch.basicGet("work", true);
        assertThat(body(back)).isEqualTo("again");
        assertThat(back.getEnvelope().isRedeliver()).isTrue();
        assertThat(messageCount(ch, "dlq")).isZero();
    }

    @Test
    void deadLetterRoutingKeyReplacesTheOriginalRoutingKey() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "failed");
        ch.queueDeclare("work", false, false, false,
                args("x-dead-letter-exchange", "dlx", "x-dead-letter-routing-key", "failed"));
        ch.basicPublish("", "work", null, utf8("m"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        GetResponse dead = awaitMessage(ch, "dlq");
        assertThat(dead.getEnvelope().getRoutingKey()).isEqualTo("failed");
        assertThat(((List<?>) deaths(dead).get(0).get("routing-keys")).stream().map(Object::toString))
                .as("x-death keeps the original routing key").containsExactly("work");
    }

    @Test
    void deadLetteringThroughTheDefaultExchangeReachesTheNamedQueue() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("parking", false, false, false, null);
        ch.queueDeclare("work", false, false, false,
                args("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "parking"));
        ch.basicPublish("", "work", null, utf8("m"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        assertThat(body(awaitMessage(ch, "parking"))).isEqualTo("m");
    }

    @Test
    void deadLetteredMessagesKeepTheirBodyAndProperties() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "dlx"));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .messageId("id-1").correlationId("c-1").priority(3).headers(Map.of("app", "kept")).build();
        ch.basicPublish("", "work", props, utf8("{\"a\":1}"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        GetResponse dead = awaitMessage(ch, "dlq");
        assertThat(body(dead)).isEqualTo("{\"a\":1}");
        assertThat(dead.getProps().getContentType()).isEqualTo("application/json");
        assertThat(dead.getProps().getMessageId()).isEqualTo("id-1");
        assertThat(dead.getProps().getCorrelationId()).isEqualTo("c-1");
        assertThat(dead.getProps().getPriority()).isEqualTo(3);
        assertThat(header(dead, "app")).isEqualTo("kept");
    }

    @Test
    void expiredMessageIsDeadLetteredWithItsExpirationRemoved() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", expiring("50"), utf8("late"));
        GetResponse dead = awaitMessage(ch, "dlq");
        assertThat(body(dead)).isEqualTo("late");
        assertThat(dead.getProps().getExpiration()).as("expiration removed").isNull();
        Map<String, Object> death = deaths(dead).get(0);
        assertThat(str(death.get("reason"))).isEqualTo("expired");
        assertThat(str(death.get("original-expiration"))).isEqualTo("50");
        assertThat(header(dead, "x-first-death-reason")).isEqualTo("expired");
    }

    @Test
    void messagesExpiredByQueueTtlAreDeadLettered() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false,
                args("x-message-ttl", 100, "x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", null, utf8("a"));
        ch.basicPublish("", "work", null, utf8("b"));
        waitUntil("both are dead-lettered", () -> messageCount(ch, "dlq") == 2);
        assertThat(messageCount(ch, "work")).isZero();
        GetResponse first = ch.basicGet("dlq", true);
        assertThat(body(first)).isEqualTo("a");
        assertThat(str(deaths(first).get(0).get("reason"))).isEqualTo("expired");
        assertThat(deaths(first).get(0)).doesNotContainKey("original-expiration");
    }

    @Test
    void ttlZeroMessageNobodyCanTakeIsDeadLettered() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-message-ttl", 0, "x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", null, utf8("nobody home"));
        GetResponse dead = awaitMessage(ch, "dlq");
        assertThat(body(dead)).isEqualTo("nobody home");
        assertThat(str(deaths(dead).get(0).get("reason"))).isEqualTo("expired");
    }

    @Test
    void messagesDroppedOverTheLengthLimitAreDeadLetteredOldestFirst() throws Exception {
        Channel ch = openChannel();
        declareDeadLetterQueue(ch, "work");
        ch.queueDeclare("work", false, false, false, args("x-max-length", 2, "x-dead-letter-exchange", "dlx"));
        for (String m : List.of("1", "2", "3", "4")) {
            ch.basicPublish("", "work", null, utf8(m));
        }
        waitUntil("two are dead-lettered", () -> messageCount(ch, "dlq") == 2);
        GetResponse first = ch.basicGet("dlq", true);
        assertThat(body(first)).isEqualTo("1");
        assertThat(str(deaths(first).get(0).get("reason"))).isEqualTo("maxlen");
        assertThat(body(ch.basicGet("dlq", true))).isEqualTo("2");
        assertThat(FeatureSupport.drain(ch, "work")).containsExactly("3", "4");
    }

    @Test
    void rejectCycleIsAllowedAndMergesTheCountOfTheSameQueueAndReason() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("retry", false, false, false,
                args("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "retry"));
        ch.basicPublish("", "retry", null, utf8("m"));
        GetResponse r = ch.basicGet("retry", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("the message is back", () -> messageCount(ch, "retry") == 1);
        r = ch.basicGet("retry", false);
        assertThat(deaths(r)).hasSize(1);
        assertThat(deaths(r).get(0).get("count")).isEqualTo(1L);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("the message is back again", () -> messageCount(ch, "retry") == 1);
        r = ch.basicGet("retry", true);
        assertThat(deaths(r)).as("one entry per queue and reason").hasSize(1);
        assertThat(deaths(r).get(0).get("count")).isEqualTo(2L);
        assertThat(str(deaths(r).get(0).get("queue"))).isEqualTo("retry");
    }

    @Test
    void mergedXDeathEntryKeepsTheTimeOfTheFirstDeath() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("retry", false, false, false,
                args("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "retry"));
        ch.basicPublish("", "retry", null, utf8("m"));
        GetResponse r = ch.basicGet("retry", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("the message is back", () -> messageCount(ch, "retry") == 1);
        r = ch.basicGet("retry", false);
        Date firstTime = (Date) deaths(r).get(0).get("time");
        long next = (firstTime.getTime() / 1000 + 1) * 1000;
        waitUntil("the AMQP timestamp (seconds) moves on", () -> System.currentTimeMillis() >= next + 50);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("the message is back again", () -> messageCount(ch, "retry") == 1);
        r = ch.basicGet("retry", true);
        assertThat(deaths(r).get(0).get("count")).isEqualTo(2L);
        assertThat(deaths(r).get(0).get("time")).isEqualTo(firstTime);
    }

    @Test
    void aMessageDyingInTwoQueuesHasTwoEntriesNewestFirst() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("final", false, false, false, null);
        ch.queueDeclare("second", false, false, false,
                args("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "final"));
        ch.queueDeclare("first", false, false, false, args("x-message-ttl", 50,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "second"));
        ch.basicPublish("", "first", null, utf8("m"));
        waitUntil("the message reaches the second queue", () -> messageCount(ch, "second") == 1);
        GetResponse r = ch.basicGet("second", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        GetResponse dead = awaitMessage(ch, "final");
        List<Map<String, Object>> deaths = deaths(dead);
        assertThat(deaths).hasSize(2);
        assertThat(str(deaths.get(0).get("queue"))).isEqualTo("second");
        assertThat(str(deaths.get(0).get("reason"))).isEqualTo("rejected");
        assertThat(str(deaths.get(0).get("exchange"))).as("it was published to the first dead-letter exchange")
                .isEqualTo("");
        assertThat(((List<?>) deaths.get(0).get("routing-keys")).stream().map(Object::toString))
                .containsExactly("second");
        assertThat(str(deaths.get(1).get("queue"))).isEqualTo("first");
        assertThat(str(deaths.get(1).get("reason"))).isEqualTo("expired");
        assertThat(header(dead, "x-first-death-queue")).isEqualTo("first");
        assertThat(header(dead, "x-first-death-reason")).isEqualTo("expired");
        assertThat(header(dead, "x-last-death-queue")).isEqualTo("second");
        assertThat(header(dead, "x-last-death-reason")).isEqualTo("rejected");
    }

    @Test
    void expiryCycleBetweenTwoQueuesIsDropped() throws Exception {
        Channel ch = openChannel();
        // "a" expires into "b"; "b" expires into fanout "back", which feeds "a" again and a tap queue.
        ch.exchangeDeclare("back", "fanout");
        ch.queueDeclare("tap", false, false, false, null);
        ch.queueDeclare("a", false, false, false, args("x-message-ttl", 50,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "b"));
        ch.queueDeclare("b", false, false, false, args("x-message-ttl", 50, "x-dead-letter-exchange", "back"));
        ch.queueBind("tap", "back", "");
        ch.queueBind("a", "back", "");
        ch.basicPublish("", "a", null, utf8("round and round"));
        GetResponse tapped = awaitMessage(ch, "tap");
        assertThat(str(deaths(tapped).get(0).get("queue"))).isEqualTo("b");
        assertThat(messageCount(ch, "a")).as("the copy for 'a' closes a cycle and is dropped").isZero();
        assertThat(messageCount(ch, "b")).isZero();
        long until = System.currentTimeMillis() + 300;
        waitUntil("a few TTL periods have passed", () -> System.currentTimeMillis() >= until);
        assertThat(messageCount(ch, "tap")).as("nothing came round a second time").isZero();
        assertThat(messageCount(ch, "a") + messageCount(ch, "b")).isZero();
    }

    @Test
    void expiryCycleIsDroppedEvenIfTheMessageWasRejectedBeforeTheCycle() throws Exception {
        Channel ch = openChannel();
        // rejected in "work" into "b"; then "b" and "c" expire into each other: a cycle with no rejection in it
        ch.exchangeDeclare("back", "fanout");
        ch.queueDeclare("tap", false, false, false, null);
        ch.queueDeclare("work", false, false, false,
                args("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "b"));
        ch.queueDeclare("b", false, false, false, args("x-message-ttl", 50,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "c"));
        ch.queueDeclare("c", false, false, false, args("x-message-ttl", 50, "x-dead-letter-exchange", "back"));
        ch.queueBind("tap", "back", "");
        ch.queueBind("b", "back", "");
        ch.basicPublish("", "work", null, utf8("m"));
        ch.basicReject(ch.basicGet("work", false).getEnvelope().getDeliveryTag(), false);
        GetResponse tapped = awaitMessage(ch, "tap");
        assertThat(deaths(tapped)).extracting(d -> str(d.get("queue"))).containsExactly("c", "b", "work");
        long until = System.currentTimeMillis() + 400;
        waitUntil("a few TTL periods have passed", () -> System.currentTimeMillis() >= until);
        assertThat(messageCount(ch, "tap")).as("the message did not go round again").isZero();
        assertThat(messageCount(ch, "b") + messageCount(ch, "c")).isZero();
    }

    @Test
    void retryLoopThroughARejectionIsNotACycle() throws Exception {
        Channel ch = openChannel();
        // the usual retry pattern: rejected in "work" into "wait", which expires back into "work"
        ch.queueDeclare("work", false, false, false,
                args("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "wait"));
        ch.queueDeclare("wait", false, false, false, args("x-message-ttl", 50,
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "work"));
        ch.basicPublish("", "work", null, utf8("job"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            waitUntil("the job is back in work", () -> messageCount(ch, "work") == 1);
            GetResponse r = ch.basicGet("work", false);
            if (attempt > 1) {
                Map<String, Object> rejected = deaths(r).stream()
                        .filter(d -> "rejected".equals(str(d.get("reason")))).findFirst().orElseThrow();
                assertThat(rejected.get("count")).isEqualTo((long) attempt - 1);
            }
            ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void queueExpiringIntoTheDefaultExchangeWithoutRoutingKeyDropsTheMessage() throws Exception {
        Channel ch = openChannel();
        // RabbitMQ's own example of a cycle: the message would come straight back to the queue it expired in
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 50, "x-dead-letter-exchange", ""));
        ch.basicPublish("", "q", null, utf8("m"));
        waitUntil("expired", () -> messageCount(ch, "q") == 0);
        // a later dead letter (same dead-lettering thread) arriving proves the first one was handled
        declareDeadLetterQueue(ch, "marker");
        ch.queueDeclare("marker", false, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "marker", null, utf8("marker"));
        ch.basicReject(ch.basicGet("marker", false).getEnvelope().getDeliveryTag(), false);
        waitUntil("the marker is dead-lettered", () -> messageCount(ch, "dlq") == 1);
        assertThat(messageCount(ch, "q")).as("the expired message did not come back").isZero();
    }

    @Test
    void internalExchangeCanServeAsDeadLetterExchange() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("dlx", "fanout", false, false, true, null);
        ch.queueDeclare("dlq", false, false, false, null);
        ch.queueBind("dlq", "dlx", "");
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "dlx"));
        ch.basicPublish("", "work", null, utf8("m"));
        ch.basicReject(ch.basicGet("work", false).getEnvelope().getDeliveryTag(), false);
        assertThat(body(awaitMessage(ch, "dlq"))).isEqualTo("m");
    }

    @Test
    void underConcurrentLoadEveryMessageIsConsumedOrDeadLetteredExactlyOnce() throws Exception {
        Channel setup = openChannel();
        setup.exchangeDeclare("dlx", "fanout");
        setup.queueDeclare("dlq", false, false, false, null);
        setup.queueBind("dlq", "dlx", "");
        setup.queueDeclare("work", false, false, false, args("x-max-length", 50, "x-dead-letter-exchange", "dlx"));
        java.util.Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> rejected = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int c = 0; c < 2; c++) {
            Channel ch = connect().createChannel();
            ch.basicQos(10);
            ch.basicConsume("work", false, new com.rabbitmq.client.DefaultConsumer(ch) {
                @Override
                public void handleDelivery(String tag, com.rabbitmq.client.Envelope env, AMQP.BasicProperties p,
                                           byte[] bytes) throws IOException {
                    String b = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                    if (Integer.parseInt(b.substring(b.indexOf('-') + 1)) % 2 == 0) {
                        acked.add(b);
                        getChannel().basicAck(env.getDeliveryTag(), false);
                    } else {
                        rejected.add(b);
                        getChannel().basicReject(env.getDeliveryTag(), false);
                    }
                }
            });
        }
        int perPublisher = 1000;
        List<Thread> publishers = new java.util.ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int p = 0; p < 2; p++) {
            Channel ch = connect().createChannel();
            ch.confirmSelect();
            String prefix = "p" + p + "-";
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < perPublisher; i++) {
                        ch.basicPublish("", "work", null, utf8(prefix + i));
                    }
                    ch.waitForConfirmsOrDie(30_000);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            publishers.add(t);
            t.start();
        }
        for (Thread t : publishers) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        int total = 2 * perPublisher;
        waitUntil("every message is settled", () -> messageCount(setup, "work") == 0
                && acked.size() + messageCount(setup, "dlq") == total);
        java.util.Set<String> dead = new java.util.HashSet<>();
        GetResponse r;
        while ((r = setup.basicGet("dlq", true)) != null) {
            String b = body(r);
            String reason = str(deaths(r).get(0).get("reason"));
            assertThat(dead.add(b)).as("dead-lettered once: " + b).isTrue();
            if (reason.equals("rejected")) {
                assertThat(rejected).contains(b);
            } else {
                assertThat(reason).isEqualTo("maxlen");
            }
        }
        assertThat(dead).doesNotContainAnyElementsOf(acked);
        assertThat(dead.size() + acked.size()).isEqualTo(total);
        assertThat(dead).containsAll(rejected);
    }

    @Test
    void deadLetterExchangeThatDoesNotExistDropsTheMessage() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("work", false, false, false, args("x-dead-letter-exchange", "missing"));
        ch.basicPublish("", "work", null, utf8("m"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        assertThat(messageCount(ch, "work")).isZero();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void queueWithoutDeadLetterExchangeJustDropsRejectedMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("work", false, false, false, null);
        ch.basicPublish("", "work", null, utf8("m"));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        assertThat(messageCount(ch, "work")).isZero();
        assertThat(ch.basicGet("work", true)).isNull();
    }
}
