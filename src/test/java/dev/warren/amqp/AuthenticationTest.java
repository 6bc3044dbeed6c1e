package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import dev.warren.WarrenConfig;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RawAmqpClient;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Logging in with PLAIN and AMQPLAIN, and every way a login is refused. */
class AuthenticationTest extends AmqpTestBase {
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.user("alice", "s3cret", "/")
                .user("bob", "h\u00e9llo w\u00f6rld", "/");
    }

    private ConnectionFactory as(String user, String password) {
        ConnectionFactory f = factory();
        f.setUsername(user);
        f.setPassword(password);
        return f;
    }

    @Test
    void serverOffersPlainAndAmqplain() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.sendProtocolHeader();
            ConnectionMethods.Start start = raw.expect(ConnectionMethods.Start.class);
            assertThat(start.versionMajor()).isZero();
            assertThat(start.versionMinor()).isEqualTo(9);
            assertThat(new String(start.mechanisms(), StandardCharsets.UTF_8).split(" "))
                    .contains("PLAIN", "AMQPLAIN");
            assertThat(new String(start.locales(), StandardCharsets.UTF_8)).contains("en_US");
        }
    }

    @Test
    void defaultUserLogsInWithPlain() throws Exception {
        ConnectionFactory f = factory();
        f.setSaslConfig(DefaultSaslConfig.PLAIN);
        Connection c = track(f.newConnection());
        assertUsable(c);
    }

    @Test
    void configuredUserLogsInWithPlain() throws Exception {
        assertUsable(track(as("alice", "s3cret").newConnection()));
    }

    @Test
    void passwordsWithNonAsciiCharactersWork() throws Exception {
        assertUsable(track(as("bob", "h\u00e9llo w\u00f6rld").newConnection()));
    }

    @Test
    void wrongPasswordIsRefusedWithAccessRefused() throws Exception {
        Connection bystander = connect();

        assertThatThrownBy(() -> as("alice", "wrong").newConnection())
                .isInstanceOf(AuthenticationFailureException.class)
                .hasMessageContaining("ACCESS_REFUSED")
                .hasMessageContaining("PLAIN");

        assertUsable(bystander);
    }

    @Test
    void unknownUserIsRefusedWithAccessRefused() {
        assertThatThrownBy(() -> as("mallory", "s3cret").newConnection())
                .isInstanceOf(AuthenticationFailureException.class)
                .hasMessageContaining("ACCESS_REFUSED");
    }

    @Test
    void emptyPasswordIsRefused() {
        assertThatThrownBy(() -> as("alice", "").newConnection())
                .isInstanceOf(AuthenticationFailureException.class);
    }

    @Test
    void refusedLoginIsAnsweredWithConnectionClose403WhenTheClientAnnouncesAuthenticationFailureClose()
            throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.startAndLogin("PLAIN", RawAmqpClient.plainResponse("alice", "wrong"));
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(403);
            assertThat(close.replyText()).startsWith("ACCESS_REFUSED - Login was refused using authentication"
                    + " mechanism PLAIN");
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void refusedLoginOfAClientWithoutAuthenticationFailureCloseJustClosesTheSocket() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.sendProtocolHeader();
            raw.expect(ConnectionMethods.Start.class);
            raw.sendMethod(0, new ConnectionMethods.StartOk(RawAmqpClient.clientProperties(false), "PLAIN",
                    RawAmqpClient.plainResponse("alice", "wrong"), "en_US"));
            // No connection.close, no tune: the server hangs up (a pre-capability client cannot tell why).
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void amqplainLoginSucceeds() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake("AMQPLAIN", RawAmqpClient.amqplainResponse("alice", "s3cret"), "/", 0);
            raw.openChannel(1);
        }
    }

    @Test
    void amqplainWithWrongPasswordIsRefusedWithAccessRefused() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.startAndLogin("AMQPLAIN", RawAmqpClient.amqplainResponse("alice", "wrong"));
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(403);
            assertThat(close.replyText()).contains("AMQPLAIN");
        }
    }

    @Test
    void plainResponseWithoutSeparatorsIsRefused() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.startAndLogin("PLAIN", "guestguest".getBytes(StandardCharsets.UTF_8));
            ConnectionMethods.Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(403);
        }
    }

    @Test
    void plainResponseWithAuthorizationIdentityIsAccepted() throws Exception {
        // SASL PLAIN is authzid NUL authcid NUL passwd; RabbitMQ ignores the authzid.
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.handshake("PLAIN", "someone\0alice\0s3cret".getBytes(StandardCharsets.UTF_8), "/", 0);
            raw.openChannel(1);
        }
    }

    @Test
    void unknownMechanismIsRefused() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.startAndLogin("EXTERNAL", new byte[0]);
            // RabbitMQ drops the socket here; Warren also says why (503 COMMAND_INVALID). Either way: no tune.
            RawAmqpClient.RawFrame reply;
            try {
                reply = raw.readMethodFrame();
            } catch (java.io.EOFException closedWithoutReason) {
                reply = null;
            }
            if (reply != null) {
                assertThat(reply.method()).isInstanceOf(ConnectionMethods.Close.class);
                ConnectionMethods.Close close = (ConnectionMethods.Close) reply.method();
                assertThat(close.replyCode()).isEqualTo(503);
                assertThat(close.replyText()).contains("EXTERNAL");
            }
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void clientThatNeverFinishesTheHandshakeIsDisconnected() throws Exception {
        warren.close();
        warren = dev.warren.Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(1).handshakeTimeoutMillis(300).start();
        try (RawAmqpClient raw = new RawAmqpClient(warren.amqpPort())) {
            raw.sendProtocolHeader();
            raw.expect(ConnectionMethods.Start.class);
            // ... and then nothing.
            assertThat(raw.awaitServerClose(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void guestMayOnlyConnectFromLoopback() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        warren.close();
        warren = dev.warren.Warren.builder().bindAddress("0.0.0.0").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(1).user("alice", "s3cret", "/").start();
        ConnectionFactory guest = factory();
        guest.setHost(external.get().getHostAddress());
        assertThatThrownBy(guest::newConnection)
                .isInstanceOf(AuthenticationFailureException.class)
                .hasMessageContaining("ACCESS_REFUSED");

        ConnectionFactory alice = as("alice", "s3cret");
        alice.setHost(external.get().getHostAddress());
        assertUsable(track(alice.newConnection()));
    }

    @Test
    void loopbackRestrictionCanBeLiftedForGuest() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
        warren.close();
        warren = dev.warren.Warren.builder().bindAddress("0.0.0.0").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(1).loopbackUsers(Set.of()).start();
        ConnectionFactory guest = factory();
        guest.setHost(external.get().getHostAddress());
        assertUsable(track(guest.newConnection()));
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
