package dev.warren.http;

import static dev.warren.testing.AmqpErrors.awaitChannelClosed;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.warren.WarrenConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ's access control: per vhost configure, write and read regexes, set through
 * /api/permissions, enforced on AMQP methods and on the management API's operations.
 */
class PermissionRegexTest extends ManagementTestBase {
    private static final byte[] BODY = "m".getBytes(StandardCharsets.UTF_8);

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).user("alice", "alice", Set.of("management"), Set.of("/"));
    }

    private void permit(String configure, String write, String read) {
        var r = call("PUT", "/api/permissions/%2F/alice",
                JSON.createObjectNode().put("configure", configure).put("write", write).put("read", read).toString());
        assertThat(r.statusCode()).as(r.body()).isIn(201, 204);
    }

    private Channel aliceChannel() throws Exception {
        var f = factory();
        f.setUsername("alice");
        f.setPassword("alice");
        Connection c = track(f.newConnection());
        return c.createChannel();
    }

    private static String refused(String kind, String name) {
        return "ACCESS_REFUSED - access to " + kind + " '" + name + "' in vhost '/' refused for user 'alice'";
    }

    @Test
    void permissionsAreSetShownAndExportedWithTheirRegexes() {
        var r = call("PUT", "/api/permissions/%2F/mgmt", "{\"configure\":\"^mgmt-\",\"write\":\"\",\"read\":\".*\"}");
        assertThat(r.statusCode()).isEqualTo(204); // mgmt had full permissions in / already
        JsonNode p = getJson("/api/permissions/%2F/mgmt");
        assertThat(p.get("configure").asText()).isEqualTo("^mgmt-");
        assertThat(p.get("write").asText()).isEmpty();
        assertThat(p.get("read").asText()).isEqualTo(".*");
        assertThat(find(getJson("/api/users/mgmt/permissions"), "vhost", "/").get("configure").asText())
                .isEqualTo("^mgmt-");
        JsonNode exported = find(getJson("/api/definitions").get("permissions"), "user", "mgmt");
        assertThat(exported.get("configure").asText()).isEqualTo("^mgmt-");
        assertThat(exported.get("write").asText()).isEmpty();

        assertThat(call("PUT", "/api/permissions/%2F/mgmt", "{\"configure\":\"(\",\"write\":\"\",\"read\":\"\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/permissions/%2F/mgmt", "{\"configure\":\".*\",\"write\":\".*\"}").statusCode())
                .isEqualTo(400);
        assertThat(getJson("/api/permissions/%2F/mgmt").get("configure").asText()).isEqualTo("^mgmt-");

        assertThat(call("DELETE", "/api/permissions/%2F/mgmt", null).statusCode()).isEqualTo(204);
        assertThat(get("/api/permissions/%2F/mgmt").statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/permissions/%2F/mgmt", "{\"configure\":\"\",\"write\":\"\",\"read\":\"\"}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void importedDefinitionsKeepTheRegexesExactly() {
        String defs = """
                {"users":[{"name":"carol","password":"carol","tags":""}],
                 "permissions":[{"user":"carol","vhost":"/","configure":"^carol\\\\.","write":"amq\\\\.default|^carol","read":""}]}""";
        assertThat(call("POST", "/api/definitions", defs).statusCode()).isIn(200, 201, 204);
        JsonNode p = getJson("/api/permissions/%2F/carol");
        assertThat(p.get("configure").asText()).isEqualTo("^carol\\.");
        assertThat(p.get("write").asText()).isEqualTo("amq\\.default|^carol");
        assertThat(p.get("read").asText()).isEmpty();
    }

    @Test
    void queueDeclareAndDeleteNeedConfigureOnTheQueue() throws Exception {
        permit("^alice\\.", ".*", ".*");
        Channel ch = aliceChannel();
        ch.queueDeclare("alice.q", false, false, false, null);
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.queueDeclare("bob.q", false, false, false, null));
        assertThat(close.getReplyText()).isEqualTo(refused("queue", "bob.q"));
        assertThat(warren.broker().virtualHost("/").queue("bob.q")).isNull();

        // a server-named queue is checked under its generated amq.gen-* name
        Channel ch2 = aliceChannel();
        close = expectChannelError(403, () -> ch2.queueDeclare());
        assertThat(close.getReplyText()).startsWith("ACCESS_REFUSED - access to queue 'amq.gen-")
                .endsWith("' in vhost '/' refused for user 'alice'");

        // passive declarations need no permission
        openChannel().queueDeclare("guests", false, false, false, null);
        Channel ch3 = aliceChannel();
        assertThat(ch3.queueDeclarePassive("guests").getQueue()).isEqualTo("guests");
        close = expectChannelError(403, () -> ch3.queueDelete("guests"));
        assertThat(close.getReplyText()).isEqualTo(refused("queue", "guests"));
        assertThat(warren.broker().virtualHost("/").queue("guests")).isNotNull();
        aliceChannel().queueDelete("alice.q");
        assertThat(warren.broker().virtualHost("/").queue("alice.q")).isNull();
    }

    @Test
    void aNewQueueWithADeadLetterExchangeNeedsWriteOnIt() throws Exception {
        permit(".*", "^alice\\.", ".*");
        Channel ch = aliceChannel();
        ch.queueDeclare("alice.ok", false, false, false, Map.of("x-dead-letter-exchange", "alice.dlx"));
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.queueDeclare("q-dlx", false, false, false,
                Map.of("x-dead-letter-exchange", "amq.fanout")));
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.fanout"));
    }

    @Test
    void exchangeDeclareNeedsConfigureAndAnAlternateExchangeWrite() throws Exception {
        permit("^alice\\.", "^alice\\.", ".*");
        Channel ch = aliceChannel();
        ch.exchangeDeclare("alice.x", "direct");
        ch.exchangeDeclare("alice.ae", "fanout", false, false, Map.of("alternate-exchange", "alice.x"));
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.exchangeDeclare("bob.x", "direct"));
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "bob.x"));
        Channel ch2 = aliceChannel();
        close = expectChannelError(403, () -> ch2.exchangeDeclare("alice.ae2", "fanout", false, false,
                Map.of("alternate-exchange", "amq.direct")));
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.direct"));
        Channel ch3 = aliceChannel();
        openChannel().exchangeDeclare("guest.x", "direct");
        close = expectChannelError(403, () -> ch3.exchangeDelete("guest.x"));
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "guest.x"));
    }

    @Test
    void publishNeedsWriteOnTheExchangeWithTheDefaultExchangeAsAmqDefault() throws Exception {
        openChannel().queueDeclare("inbox", false, false, false, null);
        permit("", "^amq\\.default$", "");
        Channel ch = aliceChannel();
        ch.confirmSelect();
        ch.basicPublish("", "inbox", null, BODY);
        ch.waitForConfirmsOrDie(5000);
        assertThat(warren.broker().virtualHost("/").queue("inbox").messageCount()).isEqualTo(1);
        ch.basicPublish("amq.direct", "inbox", null, BODY);
        AMQP.Channel.Close close = awaitChannelClosed(ch, 403);
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.direct"));

        permit("", "^amq\\.direct$", "");
        Channel ch2 = aliceChannel();
        ch2.basicPublish("", "inbox", null, BODY);
        close = awaitChannelClosed(ch2, 403);
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.default"));
    }

    @Test
    void aPermissionChangeAppliesToTheNextPublishOnAnOpenChannel() throws Exception {
        openChannel().queueDeclare("inbox", false, false, false, null);
        permit("", ".*", "");
        Channel ch = aliceChannel();
        ch.confirmSelect();
        ch.basicPublish("", "inbox", null, BODY);
        ch.waitForConfirmsOrDie(5000);
        permit("", "^nothing$", "");
        ch.basicPublish("", "inbox", null, BODY);
        AMQP.Channel.Close close = awaitChannelClosed(ch, 403);
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.default"));
        assertThat(warren.broker().virtualHost("/").queue("inbox").messageCount()).isEqualTo(1);
    }

    @Test
    void getConsumeAndPurgeNeedReadOnTheQueue() throws Exception {
        Channel guest = openChannel();
        guest.queueDeclare("readable", false, false, false, null);
        guest.queueDeclare("secret", false, false, false, null);
        guest.basicPublish("", "readable", null, BODY);
        guest.basicPublish("", "secret", null, BODY);
        permit("", "", "^readable$");
        Channel ch = aliceChannel();
        assertThat(ch.basicGet("readable", true)).isNotNull();
        ch.queuePurge("readable"); // purge is a read, as in RabbitMQ
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.basicGet("secret", true));
        assertThat(close.getReplyText()).isEqualTo(refused("queue", "secret"));
        Channel ch2 = aliceChannel();
        close = expectChannelError(403, () -> ch2.basicConsume("secret", true, (t, d) -> { }, t -> { }));
        assertThat(close.getReplyText()).isEqualTo(refused("queue", "secret"));
        Channel ch3 = aliceChannel();
        close = expectChannelError(403, () -> ch3.queuePurge("secret"));
        assertThat(close.getReplyText()).isEqualTo(refused("queue", "secret"));
        assertThat(warren.broker().virtualHost("/").queue("secret").messageCount()).isEqualTo(1);
    }

    @Test
    void bindingWritesToTheDestinationAndReadsFromTheSource() throws Exception {
        Channel guest = openChannel();
        guest.queueDeclare("alice.q", false, false, false, null);
        guest.exchangeDeclare("alice.x", "fanout");
        permit("", "^alice\\.", "^alice\\.|^amq\\.fanout$");
        Channel ch = aliceChannel();
        ch.queueBind("alice.q", "amq.fanout", "");
        ch.exchangeBind("alice.x", "amq.fanout", "");
        AMQP.Channel.Close close = expectChannelError(403, () -> ch.queueBind("alice.q", "amq.direct", "k"));
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.direct"));
        guest.queueDeclare("other", false, false, false, null);
        Channel ch2 = aliceChannel();
        close = expectChannelError(403, () -> ch2.queueBind("other", "amq.fanout", ""));
        assertThat(close.getReplyText()).isEqualTo(refused("queue", "other"));
        Channel ch3 = aliceChannel();
        close = expectChannelError(403, () -> ch3.exchangeBind("amq.direct", "alice.x", ""));
        assertThat(close.getReplyText()).isEqualTo(refused("exchange", "amq.direct"));
    }

    @Test
    void managementOperationsAreCheckedAsTheRequestingUser() throws Exception {
        Channel guest = openChannel();
        guest.queueDeclare("secret", false, false, false, null);
        guest.basicPublish("", "secret", null, BODY);
        permit("^alice\\.", "^alice\\.", "^alice\\.");
        var r = call("PUT", "/api/queues/%2F/bob.q", "{\"durable\":false}", "alice", "alice");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("access to queue 'bob.q' in vhost '/' refused for user 'alice'");
        assertThat(call("PUT", "/api/queues/%2F/alice.q", "{\"durable\":false}", "alice", "alice").statusCode())
                .isEqualTo(201);
        assertThat(call("POST", "/api/queues/%2F/secret/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}", "alice", "alice").statusCode())
                .isEqualTo(401);
        assertThat(call("DELETE", "/api/queues/%2F/secret/contents", null, "alice", "alice").statusCode())
                .isEqualTo(401);
        assertThat(call("DELETE", "/api/queues/%2F/secret", null, "alice", "alice").statusCode()).isEqualTo(401);
        assertThat(warren.broker().virtualHost("/").queue("secret").messageCount()).isEqualTo(1);
        assertThat(call("POST", "/api/exchanges/%2F/amq.default/publish",
                "{\"properties\":{},\"routing_key\":\"secret\",\"payload\":\"x\",\"payload_encoding\":\"string\"}",
                "alice", "alice").statusCode()).isEqualTo(401);
        assertThat(call("PUT", "/api/exchanges/%2F/bob.x", "{\"type\":\"direct\"}", "alice", "alice").statusCode())
                .isEqualTo(401);
        assertThat(call("POST", "/api/bindings/%2F/e/amq.direct/q/alice.q", "{\"routing_key\":\"k\"}", "alice", "alice")
                .statusCode()).isEqualTo(401);
        assertThat(warren.broker().virtualHost("/").queue("secret").messageCount()).isEqualTo(1);
        assertThat(warren.broker().virtualHost("/").exchange("bob.x")).isNull();
    }
}
