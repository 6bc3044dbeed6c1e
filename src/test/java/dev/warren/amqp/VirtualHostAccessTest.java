package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static dev.warren.testing.AmqpErrors.expectConnectionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RawAmqpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** connection.open: which users may use which virtual hosts, and that virtual hosts are separate. */
class VirtualHostAccessTest extends AmqpTestBase {
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.vhost("shared")
                .user("alice", "a-pass", "dev", "test")
                .user("bob", "b-pass", "test");
    }

    private ConnectionFactory as(String user, String password, String vhost) {
        ConnectionFactory f = factory();
        f.setUsername(user);
        f.setPassword(password);
        f.setVirtualHost(vhost);
        return f;
    }

    @Test
    void userConnectsToEachVirtualHostItWasGranted() throws Exception {
        assertUsable(track(as("alice", "a-pass", "dev").newConnection()));
        assertUsable(track(as("alice", "a-pass", "test").newConnection()));
        assertUsable(track(as("bob", "b-pass", "test").newConnection()));
    }

    @Test
    void defaultUserMayUseEveryConfiguredVirtualHost() throws Exception {
        for (String vhost : new String[] {"/", "shared", "dev", "test"}) {
            assertUsable(track(as("guest", "guest", vhost).newConnection()));
        }
    }

    @Test
    void unknownVirtualHostIsRefusedWithNotAllowed() {
        AMQP.Connection.Close close = expectConnectionError(530,
                () -> track(as("guest", "guest", "nowhere").newConnection()));
        assertThat(close.getReplyText()).startsWith("NOT_ALLOWED - ").contains("nowhere");
    }

    @Test
    void userWithoutAccessToTheVirtualHostIsRefusedWithNotAllowed() throws Exception {
        Connection bystander = track(as("bob", "b-pass", "test").newConnection());

        AMQP.Connection.Close close = expectConnectionError(530,
                () -> track(as("bob", "b-pass", "dev").newConnection()));
        assertThat(close.getReplyText()).startsWith("NOT_ALLOWED - ").contains("dev").contains("bob");
        expectConnectionError(530, () -> track(as("alice", "a-pass", "/").newConnection()));
        expectConnectionError(530, () -> track(as("alice", "a-pass", "shared").newConnection()));

        assertUsable(bystander);
    }

    @Test
    void refusedVirtualHostIsAnsweredWithConnectionCloseAndTheSocketIsClosed() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("bob", "b-pass"));
            ConnectionMethods.Tune tune = raw.expect(ConnectionMethods.Tune.class);
            raw.sendMethod(0, new ConnectionMethods.TuneOk(tune.channelMax(), tune.frameMax(), 0));
            raw.sendMethod(0, new ConnectionMethods.Open("dev", "", false));
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(530);
            assertThat(close.classId()).isEqualTo(10);
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void virtualHostsKeepSeparateQueuesAndExchanges() throws Exception {
        Channel dev = track(as("alice", "a-pass", "dev").newConnection()).createChannel();
        Channel test = track(as("alice", "a-pass", "test").newConnection()).createChannel();
        dev.exchangeDeclare("orders", "fanout");
        dev.queueDeclare("work", false, false, false, null);
        dev.queueBind("work", "orders", "");

        // The same names in another vhost are free, and what exists in "dev" is invisible from "test".
        expectChannelError(404, () -> test.queueDeclarePassive("work"));
        Channel test2 = test.getConnection().createChannel();
        expectChannelError(404, () -> test2.exchangeDeclarePassive("orders"));
        Channel test3 = test.getConnection().createChannel();
        test3.exchangeDeclare("orders", "direct");
        test3.queueDeclare("work", false, false, false, null);
        test3.queueBind("work", "orders", "k");

        dev.basicPublish("orders", "any", null, "to dev".getBytes());
        test3.basicPublish("orders", "k", null, "to test".getBytes());
        assertThat(new String(dev.basicGet("work", true).getBody())).isEqualTo("to dev");
        assertThat(dev.basicGet("work", true)).isNull();
        assertThat(new String(test3.basicGet("work", true).getBody())).isEqualTo("to test");
        assertThat(test3.basicGet("work", true)).isNull();
    }

    @Test
    void eachVirtualHostHasItsOwnPredeclaredExchanges() throws Exception {
        Channel dev = track(as("alice", "a-pass", "dev").newConnection()).createChannel();
        for (String name : new String[] {"amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"}) {
            dev.exchangeDeclarePassive(name);
        }
        dev.queueDeclare("q", false, false, false, null);
        dev.queueBind("q", "amq.fanout", "");

        Channel root = connect().createChannel();
        root.queueDeclare("q", false, false, false, null);
        root.basicPublish("amq.fanout", "", null, new byte[] {1});
        assertThat(root.basicGet("q", true)).as("root vhost's amq.fanout has no bindings").isNull();
        assertThat(dev.basicGet("q", true)).isNull();
    }
}
