package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Policies are durable (kept in definitions.json) and apply again to recovered queues and exchanges. */
class DurablePoliciesTest extends DurabilityTestBase {

    private VirtualHost vhost() {
        return warren.broker().virtualHost("/");
    }

    private static void publish(Channel ch, String exchange, String key, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            ch.basicPublish(exchange, key, PERSISTENT, String.valueOf(i).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void policiesSurviveARestartAndApplyToRecoveredObjects() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("orders", true, false, false, null);
        ch.exchangeDeclare("in", "direct", true);
        ch.exchangeDeclare("lost", "fanout", true);
        ch.queueDeclare("lost-q", true, false, false, null);
        ch.queueBind("lost-q", "lost", "");
        vhost().setPolicy(Policy.of("/", "limit", "^orders$", "queues", 2, Map.of("max-length", 2)));
        vhost().setPolicy(Policy.of("/", "ae", "^in$", "exchanges", 0, Map.of("alternate-exchange", "lost")));
        vhost().setPolicy(Policy.of("/", "cleared", ".*", "all", 0, Map.of("message-ttl", 1)));
        vhost().clearPolicy("cleared");

        restart();

        assertThat(vhost().policies().list()).extracting(Policy::name).containsExactly("ae", "limit");
        assertThat(vhost().policies().get("limit").definition()).isEqualTo(Map.of("max-length", 2));
        assertThat(vhost().queue("orders").policy().name()).isEqualTo("limit");
        Channel after = connect().createChannel();
        publish(after, "", "orders", 5);
        publish(after, "in", "nowhere", 1);
        assertThat(after.queueDeclarePassive("orders").getMessageCount()).isEqualTo(2);
        assertThat(after.queueDeclarePassive("lost-q").getMessageCount()).isEqualTo(1);
    }

    @Test
    void loadDefinitionsAtBootImportsPolicies(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path defs = dir.resolve("defs.json");
        Files.writeString(defs, """
                {"vhosts":[{"name":"/"}],
                 "policies":[{"vhost":"/","name":"ttl","pattern":"^t\\\\.","apply-to":"queues",
                              "definition":{"message-ttl":60000},"priority":1}],
                 "queues":[{"name":"t.one","vhost":"/","durable":true,"auto_delete":false,"arguments":{}}]}""");
        warren = config().loadDefinitions(defs).start();
        assertThat(vhost().queue("t.one").policy().name()).isEqualTo("ttl");
        assertThat(vhost().queue("t.one").parsedArguments().messageTtl()).isEqualTo(60_000L);
    }
}
