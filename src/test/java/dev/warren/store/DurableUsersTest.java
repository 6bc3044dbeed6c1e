package dev.warren.store;

import dev.warren.testing.InProcessCli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.warren.WarrenConfig;
import dev.warren.broker.auth.PasswordHash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Users, permissions, topic permissions and global parameters are kept in definitions.json and come
 * back after a restart; what was kept wins over the default user, as in RabbitMQ.
 */
class DurableUsersTest extends DurabilityTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    WarrenConfig config() {
        return super.config().httpPort(0).prometheusPort(WarrenConfig.OFF);
    }

    private HttpResponse<String> call(String method, String path, String body, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + warren.httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("HTTP " + method + " " + path + " failed: " + e, e);
        }
    }

    /** A call as guest/guest that must succeed (2xx). */
    private HttpResponse<String> asGuest(String method, String path, String body) {
        HttpResponse<String> r = call(method, path, body, "guest", "guest");
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private Connection connectAs(String user, String password, String vhost) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(warren.amqpPort());
        f.setUsername(user);
        f.setPassword(password);
        f.setVirtualHost(vhost);
        f.setAutomaticRecoveryEnabled(false);
        return f.newConnection();
    }

    private boolean canConnect(String user, String password, String vhost) throws Exception {
        try (Connection c = connectAs(user, password, vhost)) {
            return c.isOpen();
        } catch (AuthenticationFailureException e) {
            return false;
        }
    }

    private List<String> names(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    private int cli(String... args) {
        return new InProcessCli(warren.httpPort()).run(args);
    }

    @Test
    void aUserAndItsPermissionsMadeThroughTheApiSurviveARestart() throws Exception {
        start();
        asGuest("PUT", "/api/vhosts/dev", "{}");
        asGuest("PUT", "/api/users/alice", "{\"password\":\"a-secret\",\"tags\":\"management\"}");
        asGuest("PUT", "/api/permissions/dev/alice", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");

        restart();

        try (Connection c = connectAs("alice", "a-secret", "dev")) {
            Channel ch = c.createChannel();
            ch.queueDeclare("work", true, false, false, null);
        }
        assertThatThrownBy(() -> connectAs("alice", "a-secret", "/")).isInstanceOf(IOException.class);
        JsonNode permissions = json(asGuest("GET", "/api/users/alice/permissions", null));
        assertThat(names(permissions, "vhost")).containsExactly("dev");
        JsonNode user = json(asGuest("GET", "/api/users/alice", null));
        assertThat(user.get("tags").toString()).isEqualTo("[\"management\"]");
        assertThat(user.get("hashing_algorithm").asText()).isEqualTo("rabbit_password_hashing_sha256");
        assertThat(call("GET", "/api/whoami", null, "alice", "a-secret").statusCode()).isEqualTo(200);
        // the password is kept only as RabbitMQ's salted hash
        assertThat(Files.readString(dataDir.resolve("definitions.json"))).doesNotContain("a-secret")
                .contains("\"hashing_algorithm\" : \"rabbit_password_hashing_sha256\"");
    }

    @Test
    void permissionRegexesSurviveARestartExactly() throws Exception {
        start();
        asGuest("PUT", "/api/users/alice", "{\"password\":\"a-secret\",\"tags\":\"\"}");
        asGuest("PUT", "/api/permissions/%2F/alice", "{\"configure\":\"^alice\\\\.\",\"write\":\"\",\"read\":\".*\"}");

        restart();

        JsonNode p = json(asGuest("GET", "/api/permissions/%2F/alice", null));
        assertThat(p.get("configure").asText()).isEqualTo("^alice\\.");
        assertThat(p.get("write").asText()).isEmpty();
        assertThat(p.get("read").asText()).isEqualTo(".*");
        try (Connection c = connectAs("alice", "a-secret", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare("alice.q", false, false, false, null);
            assertThatThrownBy(() -> ch.queueDeclare("bob.q", false, false, false, null))
                    .hasStackTraceContaining("access to queue 'bob.q' in vhost '/' refused for user 'alice'");
        }
    }

    @Test
    void vhostLimitsSurviveARestart() throws Exception {
        start();
        asGuest("PUT", "/api/vhost-limits/%2F/max-queues", "{\"value\":1}");

        restart();

        assertThat(warren.broker().virtualHost("/").limits()).containsEntry("max-queues", 1L);
        try (Connection c = connectAs("guest", "guest", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare("one", false, false, false, null);
            assertThatThrownBy(() -> ch.queueDeclare("two", false, false, false, null))
                    .hasStackTraceContaining("queue limit in vhost '/' (1) is reached");
        }
    }

    @Test
    void operatorPoliciesSurviveARestart() throws Exception {
        start();
        asGuest("PUT", "/api/operator-policies/%2F/cap", "{\"pattern\":\"^c\",\"definition\":{\"max-length\":3}}");

        restart();

        JsonNode p = json(asGuest("GET", "/api/operator-policies/%2F/cap", null));
        assertThat(p.get("definition").get("max-length").asLong()).isEqualTo(3);
        assertThat(warren.broker().virtualHost("/").operatorPolicies().get("cap")).isNotNull();
    }

    @Test
    void aPasswordChangeSurvivesARestart() throws Exception {
        start();
        asGuest("PUT", "/api/users/bob", "{\"password\":\"old\",\"tags\":\"\"}");
        asGuest("PUT", "/api/permissions/%2F/bob", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        asGuest("PUT", "/api/users/bob", "{\"password\":\"new\",\"tags\":\"\"}");
        asGuest("PUT", "/api/users/guest", "{\"password\":\"changed\",\"tags\":\"administrator\"}");

        restart();

        assertThat(canConnect("bob", "old", "/")).isFalse();
        assertThat(canConnect("bob", "new", "/")).isTrue();
        assertThat(canConnect("guest", "guest", "/")).isFalse();
        assertThat(canConnect("guest", "changed", "/")).isTrue();
    }

    @Test
    void deletedUsersStayDeletedAndGuestIsNotCreatedAgain() throws Exception {
        start();
        asGuest("PUT", "/api/users/root", "{\"password\":\"r00t\",\"tags\":\"administrator\"}");
        asGuest("PUT", "/api/permissions/%2F/root", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        asGuest("PUT", "/api/users/carol", "{\"password\":\"c\",\"tags\":\"\"}");
        asGuest("DELETE", "/api/users/carol", null);
        assertThat(call("DELETE", "/api/users/guest", null, "root", "r00t").statusCode()).isEqualTo(204);

        restart();

        assertThat(canConnect("guest", "guest", "/")).isFalse();
        assertThat(canConnect("carol", "c", "/")).isFalse();
        assertThat(canConnect("root", "r00t", "/")).isTrue();
        HttpResponse<String> users = call("GET", "/api/users", null, "root", "r00t");
        assertThat(names(json(users), "name")).containsExactly("root");

        restart(); // and again: a second boot on the same directory does not bring guest back either
        assertThat(canConnect("guest", "guest", "/")).isFalse();
    }

    @Test
    void topicPermissionsAndGlobalParametersSurviveARestart() throws Exception {
        start();
        asGuest("PUT", "/api/users/dave", "{\"password\":\"d\",\"tags\":\"\"}");
        asGuest("PUT", "/api/permissions/%2F/dave", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        asGuest("PUT", "/api/topic-permissions/%2F/dave", "{\"exchange\":\"amq.topic\",\"write\":\"^{username}\\\\.\",\"read\":\".*\"}");
        asGuest("PUT", "/api/cluster-name", "{\"name\":\"rabbit-warren\"}");
        asGuest("PUT", "/api/global-parameters/limits", "{\"value\":{\"max\":3}}");

        restart();

        JsonNode topic = json(asGuest("GET", "/api/topic-permissions/%2F/dave", null));
        assertThat(topic.get(0).get("exchange").asText()).isEqualTo("amq.topic");
        assertThat(topic.get(0).get("write").asText()).isEqualTo("^{username}\\.");
        assertThat(json(asGuest("GET", "/api/cluster-name", null)).get("name").asText()).isEqualTo("rabbit-warren");
        assertThat(json(asGuest("GET", "/api/global-parameters/limits", null)).get("value").toString())
                .isEqualTo("{\"max\":3}");
        try (Connection c = connectAs("dave", "d", "/")) {
            Channel allowed = c.createChannel();
            allowed.confirmSelect();
            allowed.basicPublish("amq.topic", "dave.news", null, new byte[0]);
            allowed.waitForConfirmsOrDie(5000);
            Channel refused = c.createChannel();
            refused.basicPublish("amq.topic", "erin.news", null, new byte[0]);
            dev.warren.testing.AmqpTestBase.waitUntil("channel closed", () -> !refused.isOpen());
            assertThat(refused.getCloseReason().getMessage()).contains("403");
        }
    }

    @Test
    void aUserAddedWithTheCliSurvivesARestart() throws Exception {
        start();
        assertThat(cli("users", "add", "zoe", "z-pass", "--tags", "management", "--vhost", "/")).isZero();
        assertThat(cli("users", "add", "yann", "y-pass", "--vhost", "/")).isZero();
        assertThat(cli("users", "passwd", "zoe", "z-new")).isZero();
        assertThat(cli("users", "delete", "yann")).isZero();

        restart();

        assertThat(canConnect("zoe", "z-new", "/")).isTrue();
        assertThat(canConnect("zoe", "z-pass", "/")).isFalse();
        assertThat(canConnect("yann", "y-pass", "/")).isFalse();
        assertThat(call("GET", "/api/overview", null, "zoe", "z-new").statusCode()).isEqualTo(200);
    }

    @Test
    void usersImportedFromDefinitionsSurviveARestart() throws Exception {
        start();
        String hash = PasswordHash.hash("imported");
        asGuest("POST", "/api/definitions", """
                {"users":[{"name":"ivan","password_hash":"%s","hashing_algorithm":"rabbit_password_hashing_sha256",
                           "tags":["monitoring"]}],
                 "vhosts":[{"name":"imports"}],
                 "permissions":[{"user":"ivan","vhost":"imports","configure":".*","write":".*","read":".*"}],
                 "global_parameters":[{"name":"cluster_name","value":"imported-cluster"}]}""".formatted(hash));

        restart();

        assertThat(canConnect("ivan", "imported", "imports")).isTrue();
        assertThat(json(asGuest("GET", "/api/users/ivan", null)).get("password_hash").asText()).isEqualTo(hash);
        assertThat(json(asGuest("GET", "/api/cluster-name", null)).get("name").asText()).isEqualTo("imported-cluster");
    }

    @Test
    void configuredUsersAreAppliedAtEveryBootButKeepTheirOtherPermissions() throws Exception {
        warren = config().user("cfg", "from-config", Set.of("management"), Set.of("/")).start();
        asGuest("PUT", "/api/users/cfg", "{\"password\":\"from-api\",\"tags\":\"\"}");
        asGuest("PUT", "/api/vhosts/extra", "{}");
        asGuest("PUT", "/api/permissions/extra/cfg", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        asGuest("DELETE", "/api/users/guest", null);
        stop();

        warren = config().user("cfg", "from-config", Set.of("management"), Set.of("/")).start();

        assertThat(canConnect("cfg", "from-config", "/")).isTrue();
        assertThat(canConnect("cfg", "from-api", "/")).isFalse();
        assertThat(canConnect("cfg", "from-config", "extra")).isTrue();
        assertThat(canConnect("guest", "guest", "/")).isFalse();
        assertThat(warren.broker().users().get("cfg").tags()).containsExactly("management");
    }

    @Test
    void unusableEntriesAreSkippedAndTheRestIsLoaded() throws Exception {
        String hash = PasswordHash.hash("ok");
        Files.writeString(dataDir.resolve("definitions.json"), """
                {"users":[{"name":"good","password_hash":"%s","hashing_algorithm":"rabbit_password_hashing_sha256","tags":[]},
                          {"name":"md5","password_hash":"abc","hashing_algorithm":"rabbit_password_hashing_md5","tags":[]},
                          {"password_hash":"%s","tags":[]}],
                 "permissions":[{"user":"good","vhost":"/","configure":".*","write":".*","read":".*"},
                                {"user":"ghost","vhost":"/","configure":".*","write":".*","read":".*"}],
                 "topic_permissions":[{"user":"good","vhost":"/","exchange":"amq.topic","write":"(","read":".*"},
                                      {"user":"good","vhost":"/","exchange":"t","write":"^a","read":".*"}],
                 "global_parameters":[{"name":"no-value"},{"name":"cluster_name","value":"kept"}],
                 "vhosts":[{"name":"/"}]}""".formatted(hash, hash));

        start();

        assertThat(canConnect("good", "ok", "/")).isTrue();
        assertThat(canConnect("guest", "guest", "/")).isFalse();
        assertThat(warren.broker().users().all()).extracting(u -> u.name()).containsExactly("good");
        assertThat(warren.broker().users().topicPermissions(null, null)).extracting(p -> p.exchange())
                .containsExactly("t");
        assertThat(warren.broker().globalParameters()).containsOnlyKeys("cluster_name");
    }

    @Test
    void aFileWithoutUsersOrWithABrokenUsersSectionGetsTheDefaultUser() throws Exception {
        Files.writeString(dataDir.resolve("definitions.json"), """
                {"vhosts":[{"name":"/"},{"name":"old"}],"exchanges":[],"queues":[],"bindings":[]}""");
        start();
        assertThat(canConnect("guest", "guest", "/")).isTrue();
        assertThat(warren.broker().virtualHost("old")).isNotNull();
        stop();
        // the file now holds guest: it was rewritten after recovery
        assertUsersInFile("guest");

        Files.writeString(dataDir.resolve("definitions.json"), """
                {"users":"garbage","vhosts":[{"name":"/"}]}""");
        start();
        assertThat(canConnect("guest", "guest", "/")).isTrue();
    }

    private void assertUsersInFile(String name) throws IOException {
        JsonNode root = JSON.readTree(dataDir.resolve("definitions.json").toFile());
        assertThat(names(root.path("users"), "name")).contains(name);
    }

    @Test
    void withoutADataDirectoryNothingIsKeptAndGuestIsBack() throws Exception {
        warren = super.config().dataDir(null).httpPort(0).prometheusPort(WarrenConfig.OFF).start();
        asGuest("DELETE", "/api/users/guest", null);
        assertThat(canConnect("guest", "guest", "/")).isFalse();
        stop();
        warren = super.config().dataDir(null).start();
        assertThat(canConnect("guest", "guest", "/")).isTrue();
        assertThat(Files.exists(dataDir.resolve("definitions.json"))).isFalse();
    }

    @Test
    void usersFromLoadDefinitionsReplaceTheDefaultUserAndAreKept(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path defs = dir.resolve("defs.json");
        Files.writeString(defs, """
                {"users":[{"name":"boot-admin","password":"b","tags":"administrator"}],
                 "permissions":[{"user":"boot-admin","vhost":"/","configure":".*","write":".*","read":".*"}]}""");
        warren = config().loadDefinitions(defs).start();
        assertThat(canConnect("boot-admin", "b", "/")).isTrue();
        assertThat(canConnect("guest", "guest", "/")).isFalse();
        stop();

        start(); // without load_definitions: boot-admin was kept, and guest is still not created

        assertThat(canConnect("boot-admin", "b", "/")).isTrue();
        assertThat(canConnect("guest", "guest", "/")).isFalse();
    }
}
