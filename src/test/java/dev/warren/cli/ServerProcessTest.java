package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.warren.testing.WarrenProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher, {@code warren [server] OPTIONS}, run as a separate JVM as a user would run it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerProcessTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final List<WarrenProcess> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(WarrenProcess::close);
    }

    @Test
    void serverCommandServesAmqpUntilStoppedGracefully() throws Exception {
        int port = WarrenProcess.freePort();
        WarrenProcess warren = start(serverArgs("server", port)).awaitPort(port, START);

        try (Connection connection = factory(port).newConnection()) {
            assertRoundTrip(connection.createChannel(), "through the launcher");
        }

        warren.stop();
        assertThat(warren.isAlive()).isFalse();
        assertThat(warren.output()).as("the shutdown hook closed Warren").contains("Warren stopped");
        assertThat(WarrenProcess.accepts(port)).as("port %d still accepts connections", port).isFalse();
    }

    @Test
    void serverIsTheDefaultCommand() throws Exception {
        int port = WarrenProcess.freePort();
        WarrenProcess warren = start(serverArgs(null, port)).awaitPort(port, START);

        try (Connection connection = factory(port).newConnection()) {
            assertRoundTrip(connection.createChannel(), "without the word server");
        }

        assertThat(warren.kill()).as("exit code after kill -9").isEqualTo(137);
        assertThat(WarrenProcess.accepts(port)).isFalse();
    }

    @Test
    void persistentMessageSurvivesAStopAndRestartOnTheSameDataDirectory() throws Exception {
        int port = WarrenProcess.freePort();
        WarrenProcess first = start(serverArgs("server", port)).awaitPort(port, START);
        try (Connection connection = factory(port).newConnection()) {
            Channel ch = connection.createChannel();
            ch.queueDeclare("kept", true, false, false, null);
            ch.confirmSelect();
            ch.basicPublish("", "kept", MessageProperties.PERSISTENT_TEXT_PLAIN, "still here".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(10_000);
        }
        first.stop();

        start(serverArgs("server", port)).awaitPort(port, START);
        try (Connection connection = factory(port).newConnection()) {
            GetResponse r = connection.createChannel().basicGet("kept", true);
            assertThat(r).as("message after restart").isNotNull();
            assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("still here");
        }
    }

    @Test
    void secondServerOnTheSameDataDirectoryRefusesToStart() {
        int port = WarrenProcess.freePort();
        start(serverArgs("server", port)).awaitPort(port, START);
        WarrenProcess second = start(serverArgs("server", WarrenProcess.freePort()));
        assertThat(second.awaitExit(START)).isNotZero();
        assertThat(second.output()).contains("is in use by another Warren");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        WarrenProcess help = start("--help");
        assertThat(help.awaitExit(START)).isZero();
        assertThat(help.output()).contains("Usage: warren").contains("server");

        WarrenProcess serverHelp = start("server", "--help");
        assertThat(serverHelp.awaitExit(START)).isZero();
        assertThat(serverHelp.output()).contains("Usage: warren server")
                .contains("--amqp-port").contains("--config").contains("--data-dir").contains("--bind");
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        WarrenProcess version = start("--version");
        assertThat(version.awaitExit(START)).isZero();
        assertThat(version.output()).startsWith("warren ");
    }

    @Test
    void invalidPortStopsWithAMessage() {
        WarrenProcess warren = start("--amqp-port", "banana", "--resp-port", "off", "--http-port", "off");
        assertThat(warren.awaitExit(START)).isNotZero();
        assertThat(warren.output()).contains("--amqp-port").contains("'banana' is not a port number");
    }

    @Test
    void unknownConfigKeyStopsStartUpNamingKeyAndLine() throws IOException {
        Path config = tmp.resolve("warren.conf");
        Files.writeString(config, "# Warren test configuration\nheartbeat = 30\nno_such.key = 1\n");
        int port = WarrenProcess.freePort();
        WarrenProcess warren = start(serverArgs("server", port, "--config", config.toString()));
        assertThat(warren.awaitExit(START)).isNotZero();
        assertThat(warren.output()).contains("unknown key 'no_such.key'").contains("line 3");
        assertThat(WarrenProcess.accepts(port)).isFalse();
    }

    @Test
    void logConsoleLevelFromTheConfigFileQuietensTheLog() throws Exception {
        Path config = tmp.resolve("warren.conf");
        Files.writeString(config, "log.console.level = warning\n");
        int port = WarrenProcess.freePort();
        WarrenProcess warren = start(serverArgs("server", port, "--config", config.toString())).awaitPort(port, START);
        try (Connection connection = factory(port).newConnection()) {
            assertRoundTrip(connection.createChannel(), "quiet");
        }
        warren.stop();
        assertThat(warren.output()).doesNotContain("listener started").doesNotContain("[INFO]");

        Files.writeString(config, "log.console.level = loud\n");
        WarrenProcess invalid = start(serverArgs("server", WarrenProcess.freePort(), "--config", config.toString()));
        assertThat(invalid.awaitExit(START)).isNotZero();
        assertThat(invalid.output()).contains("invalid value 'loud' for key 'log.console.level'").contains("line 1");
    }

    @Test
    void portAlreadyInUseStopsStartUpNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            WarrenProcess warren = start(serverArgs("server", port));
            assertThat(warren.awaitExit(START)).isNotZero();
            assertThat(warren.output()).contains("AMQP listener on 127.0.0.1:" + port)
                    .contains("Address already in use");
        }
    }

    @Test
    void userFromTheConfigFileConnectsToHerVhost() throws Exception {
        Path config = tmp.resolve("warren.conf");
        Files.writeString(config, String.join("\n",
                "users.alice.password = s3cret",
                "users.alice.vhosts = dev",
                ""));
        int port = WarrenProcess.freePort();
        start(serverArgs("server", port, "--config", config.toString())).awaitPort(port, START);

        ConnectionFactory alice = factory(port);
        alice.setUsername("alice");
        alice.setPassword("s3cret");
        alice.setVirtualHost("dev");
        try (Connection connection = alice.newConnection()) {
            assertRoundTrip(connection.createChannel(), "alice in dev");
        }

        alice.setVirtualHost("/");
        assertThatThrownBy(alice::newConnection).as("alice has no access to vhost /").isInstanceOf(IOException.class);
        alice.setVirtualHost("dev");
        alice.setPassword("wrong");
        assertThatThrownBy(alice::newConnection).as("wrong password").isInstanceOf(Exception.class);
    }

    // --- helpers ------------------------------------------------------------------------------

    /** {@code [command] --amqp-port PORT --resp-port off --http-port off --bind 127.0.0.1 --data-dir DIR [more]}. */
    private String[] serverArgs(String command, int port, String... more) {
        List<String> args = new ArrayList<>();
        if (command != null) {
            args.add(command);
        }
        args.addAll(List.of("--amqp-port", String.valueOf(port), "--resp-port", "off", "--http-port", "off",
                "--bind", "127.0.0.1", "--data-dir", tmp.resolve("data").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private WarrenProcess start(String... args) {
        WarrenProcess p = WarrenProcess.start(tmp.resolve("warren-" + processes.size() + ".log"), args);
        processes.add(p);
        return p;
    }

    private static ConnectionFactory factory(int port) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        f.setConnectionTimeout(10_000);
        return f;
    }

    private static void assertRoundTrip(Channel ch, String body) throws IOException {
        String queue = ch.queueDeclare().getQueue();
        ch.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
        GetResponse r = ch.basicGet(queue, true);
        assertThat(r).as("message in %s", queue).isNotNull();
        assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo(body);
    }
}
