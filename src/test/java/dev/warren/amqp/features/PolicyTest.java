package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.amqp.features.FeatureSupport.drain;
import static dev.warren.amqp.features.FeatureSupport.messageCount;
import static dev.warren.amqp.features.FeatureSupport.queueExists;
import static dev.warren.amqp.features.FeatureSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.policy.Policy;
import dev.warren.testing.AmqpTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policies as RabbitMQ's "Policies" guide describes them, seen by a real client: they apply to existing
 * and new queues and exchanges whose names match, the highest priority wins, clearing one removes its
 * effect, and the queue's own x-arguments take precedence as RabbitMQ documents (lower value wins for
 * limits and TTLs, the argument wins for dead-lettering and overflow).
 */
class PolicyTest extends AmqpTestBase {

    private VirtualHost vhost() {
        return warren.broker().virtualHost("/");
    }

    private void setPolicy(String name, String pattern, String applyTo, int priority, Map<String, Object> definition) {
        vhost().setPolicy(Policy.of("/", name, pattern, applyTo, priority, definition));
    }

    private static void publish(Channel ch, String queue, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            ch.basicPublish("", queue, null, utf8(String.valueOf(i)));
        }
    }

    @Test
    void maxLengthPolicyTrimsAnExistingQueueAndLimitsNewOnes() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("limited.old", false, false, false, null);
        ch.queueDeclare("other", false, false, false, null);
        publish(ch, "limited.old", 5);
        publish(ch, "other", 5);
        setPolicy("limit", "^limited\\.", "queues", 0, Map.of("max-length", 2));
        assertThat(messageCount(ch, "limited.old")).isEqualTo(2);
        assertThat(messageCount(ch, "other")).isEqualTo(5);

        ch.queueDeclare("limited.new", false, false, false, null);
        publish(ch, "limited.new", 4);
        assertThat(drain(ch, "limited.new")).containsExactly("3", "4");
        assertThat(drain(ch, "limited.old")).containsExactly("4", "5");
    }

    @Test
    void aLimitWithRejectPublishKeepsWhatIsQueuedAndRefusesNewMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        publish(ch, "q", 3);
        assertThat(messageCount(ch, "q")).isEqualTo(3);
        setPolicy("full", "^q$", "queues", 0, Map.of("max-length", 1, "overflow", "reject-publish"));
        assertThat(messageCount(ch, "q")).isEqualTo(3);
        publish(ch, "q", 1);
        assertThat(drain(ch, "q")).containsExactly("1", "2", "3");
    }

    @Test
    void theMatchingPolicyWithTheHighestPriorityApplies() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("jobs", false, false, false, null);
        setPolicy("low", "^jobs$", "all", 1, Map.of("max-length", 3));
        setPolicy("high", "^jo", "queues", 5, Map.of("max-length", 1));
        setPolicy("exchanges-only", ".*", "exchanges", 9, Map.of("alternate-exchange", "ae"));
        publish(ch, "jobs", 4);
        assertThat(vhost().queue("jobs").policy().name()).isEqualTo("high");
        assertThat(drain(ch, "jobs")).containsExactly("4");

        vhost().clearPolicy("high");
        assertThat(vhost().queue("jobs").policy().name()).isEqualTo("low");
        publish(ch, "jobs", 4);
        assertThat(drain(ch, "jobs")).containsExactly("2", "3", "4");
    }

    @Test
    void betweenEqualPrioritiesThePolicyWhoseNameSortsFirstApplies() throws Exception {
        Channel ch = openChannel();
        setPolicy("b", "^q$", "queues", 0, Map.of("max-length", 1));
        setPolicy("a", "^q$", "queues", 0, Map.of("max-length", 2));
        ch.queueDeclare("q", false, false, false, null);
        assertThat(vhost().queue("q").policy().name()).isEqualTo("a");
    }

    @Test
    void clearingAPolicyRemovesItsEffect() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        setPolicy("limit", "^q$", "queues", 0, Map.of("max-length", 1));
        publish(ch, "q", 3);
        assertThat(messageCount(ch, "q")).isEqualTo(1);
        assertThat(vhost().clearPolicy("limit")).isTrue();
        assertThat(vhost().queue("q").policy()).isNull();
        publish(ch, "q", 3);
        assertThat(messageCount(ch, "q")).isEqualTo(4);
        assertThat(vhost().clearPolicy("limit")).isFalse();
    }

    @Test
    void forLimitsTheLowerOfArgumentAndPolicyWins() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("arg-lower", false, false, false, args("x-max-length", 2));
        ch.queueDeclare("policy-lower", false, false, false, args("x-max-length", 5));
        setPolicy("limit", "lower$", "queues", 0, Map.of("max-length", 3, "message-ttl", 60_000));
        publish(ch, "arg-lower", 6);
        publish(ch, "policy-lower", 6);
        assertThat(messageCount(ch, "arg-lower")).isEqualTo(2);
        assertThat(messageCount(ch, "policy-lower")).isEqualTo(3);
        assertThat(vhost().queue("arg-lower").parsedArguments().messageTtl()).isEqualTo(60_000L);
    }

    @Test
    void forDeadLetteringAndOverflowTheArgumentWins() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("by-arg", "fanout");
        ch.exchangeDeclare("by-policy", "fanout");
        ch.queueDeclare("dead-by-arg", false, false, false, null);
        ch.queueDeclare("dead-by-policy", false, false, false, null);
        ch.queueBind("dead-by-arg", "by-arg", "");
        ch.queueBind("dead-by-policy", "by-policy", "");
        ch.queueDeclare("work", false, false, false,
                args("x-dead-letter-exchange", "by-arg", "x-overflow", "reject-publish"));
        setPolicy("p", "^work$", "queues", 0,
                Map.of("dead-letter-exchange", "by-policy", "overflow", "drop-head", "max-length", 1));
        publish(ch, "work", 2); // reject-publish (the argument) refuses the second one
        assertThat(drain(ch, "work")).containsExactly("1");
        publish(ch, "work", 1);
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("dead-lettered", () -> vhost().queue("dead-by-arg").messageCount() == 1);
        assertThat(messageCount(ch, "dead-by-policy")).isZero();
    }

    @Test
    void deadLetterExchangeAndMessageTtlByPolicy() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("dlx", "fanout");
        ch.queueDeclare("dead", false, false, false, null);
        ch.queueBind("dead", "dlx", "");
        ch.queueDeclare("work", false, false, false, null);
        ch.basicPublish("", "work", null, utf8("before"));
        setPolicy("dl", "^work$", "queues", 0, Map.of("dead-letter-exchange", "dlx", "message-ttl", 20));
        GetResponse r = ch.basicGet("work", false);
        ch.basicReject(r.getEnvelope().getDeliveryTag(), false);
        waitUntil("rejected message dead-lettered", () -> vhost().queue("dead").messageCount() == 1);

        ch.basicPublish("", "work", null, utf8("expiring"));
        waitUntil("expired message dead-lettered", () -> vhost().queue("dead").messageCount() == 2);
        assertThat(drain(ch, "dead")).containsExactly("before", "expiring");
        assertThat(messageCount(ch, "work")).isZero();
    }

    @Test
    void expiresByPolicyDeletesAnUnusedQueue() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        ch.queueDeclare("temp", false, false, false, null);
        setPolicy("exp", "^temp$", "queues", 0, Map.of("expires", 50));
        waitUntil("queue expired", () -> vhost().queue("temp") == null);
        assertThat(queueExists(c, "temp")).isFalse();
    }

    @Test
    void alternateExchangeByPolicyCatchesUnroutableMessagesAndTheArgumentWins() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("orders", "direct");
        ch.exchangeDeclare("own-ae", "fanout");
        ch.exchangeDeclare("with-own-ae", "direct", false, false, args("alternate-exchange", "own-ae"));
        ch.exchangeDeclare("unrouted", "fanout");
        ch.queueDeclare("lost", false, false, false, null);
        ch.queueDeclare("own-lost", false, false, false, null);
        ch.queueBind("lost", "unrouted", "");
        ch.queueBind("own-lost", "own-ae", "");
        ch.basicPublish("orders", "nowhere", null, utf8("before"));
        assertThat(messageCount(ch, "lost")).isZero(); // a round trip: "before" has been routed (dropped)
        setPolicy("ae", "^(orders|with-own-ae)$", "exchanges", 0, Map.of("alternate-exchange", "unrouted"));
        ch.basicPublish("orders", "nowhere", null, utf8("after"));
        ch.basicPublish("with-own-ae", "nowhere", null, utf8("own"));
        assertThat(drain(ch, "lost")).containsExactly("after");
        assertThat(drain(ch, "own-lost")).containsExactly("own");
        assertThat(vhost().exchange("orders").policy().name()).isEqualTo("ae");
    }

    @Test
    void applyToLimitsWhichObjectsAPolicyApplyTo() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("x", false, false, false, null);
        ch.queueDeclare("xq", true, false, false, args("x-queue-type", "quorum"));
        ch.exchangeDeclare("x-ex", "direct");
        setPolicy("ex-only", "^x", "exchanges", 0, Map.of("alternate-exchange", "ae"));
        assertThat(vhost().queue("x").policy()).isNull();
        assertThat(vhost().exchange("x-ex").policy().name()).isEqualTo("ex-only");
        setPolicy("quorum", "^x", "quorum_queues", 1, Map.of("max-length", 1));
        assertThat(vhost().queue("x").policy()).isNull();
        assertThat(vhost().queue("xq").policy().name()).isEqualTo("quorum");
        setPolicy("classic", "^x", "classic_queues", 1, Map.of("max-length", 1));
        assertThat(vhost().queue("x").policy().name()).isEqualTo("classic");
    }

    @Test
    void invalidPoliciesAreRefusedAsRabbitMqRefusesThem() {
        assertThatThrownBy(() -> setPolicy("p", ".*", "all", 0, Map.of("max-priority", 10)))
                .hasMessageContaining("are not recognised policy settings");
        assertThatThrownBy(() -> setPolicy("p", ".*", "all", 0, Map.of("message-ttl", -1)))
                .hasMessageContaining("-1 is not a valid message TTL");
        assertThatThrownBy(() -> setPolicy("p", ".*", "all", 0, Map.of("overflow", "nope")))
                .hasMessageContaining("is not a valid overflow value");
        assertThatThrownBy(() -> setPolicy("p", "(", "all", 0, Map.of("max-length", 1)))
                .hasMessageContaining("is not a valid regex");
        assertThatThrownBy(() -> setPolicy("p", ".*", "everything", 0, Map.of("max-length", 1)))
                .hasMessageContaining("is not a valid apply-to value");
        assertThat(vhost().policies().list()).isEmpty();
    }
}
