package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code warren permissions set|clear} and {@code warren list permissions} against a running Warren. */
class PermissionsCliTest extends ManagementTestBase {

    private Connection connectAs(String user, String password) throws Exception {
        ConnectionFactory f = factory();
        f.setUsername(user);
        f.setPassword(password);
        return track(f.newConnection());
    }

    @Test
    void setGrantsTheRegexesThatAmqpThenEnforces() throws Exception {
        assertThat(cli("users", "add", "zoe", "pw")).isZero();
        assertThat(cli("permissions", "set", "zoe", "^zoe\\.", ".*", ".*")).isZero();
        assertThat(cliOut()).contains("Set permissions for user zoe in vhost /: configure '^zoe\\.', write '.*',"
                + " read '.*'");
        JsonNode p = getJson("/api/permissions/%2F/zoe");
        assertThat(p.get("configure").asText()).isEqualTo("^zoe\\.");
        assertThat(p.get("write").asText()).isEqualTo(".*");

        Channel ch = connectAs("zoe", "pw").createChannel();
        ch.queueDeclare("zoe.inbox", false, false, false, null); // matches the configure regex
        assertThatThrownBy(() -> ch.queueDeclare("orders", false, false, false, null))
                .isInstanceOf(IOException.class).hasStackTraceContaining("ACCESS_REFUSED");
    }

    @Test
    void setReplacesAndClearRevokesAccessToTheVhost() throws Exception {
        call("PUT", "/api/vhosts/staging", null);
        assertThat(cli("users", "add", "zoe", "pw")).isZero();
        assertThat(cli("permissions", "set", "zoe", "", "", "", "--vhost", "staging")).isZero();
        assertThat(getJson("/api/permissions/staging/zoe").get("read").asText()).isEmpty();
        assertThat(cli("permissions", "set", "--vhost", "staging", "zoe", ".*", ".*", ".*")).isZero();
        assertThat(getJson("/api/permissions/staging/zoe").get("read").asText()).isEqualTo(".*");

        ConnectionFactory f = factory();
        f.setUsername("zoe");
        f.setPassword("pw");
        f.setVirtualHost("staging");
        track(f.newConnection()).close();

        assertThat(cli("permissions", "clear", "zoe", "--vhost", "staging")).isZero();
        assertThat(cliOut()).contains("Cleared permissions for user zoe in vhost staging");
        assertThat(get("/api/permissions/staging/zoe").statusCode()).isEqualTo(404);
        assertThatThrownBy(f::newConnection).hasStackTraceContaining("NOT_ALLOWED");
    }

    @Test
    void listPermissionsPrintsAnAlignedTableAndJson() throws Exception {
        call("PUT", "/api/vhosts/staging", null);
        assertThat(cli("users", "add", "zoe", "pw")).isZero();
        assertThat(cli("permissions", "set", "zoe", "^zoe\\.", "^zoe\\.", ".*", "--vhost", "staging")).isZero();

        int mark = cliOut().length();
        assertThat(cli("list", "permissions", "--vhost", "staging")).isZero();
        String[] lines = cliOut().substring(mark).split("\\R");
        // only the staging vhost's: its creator's (guest, granted by the API) and zoe's
        assertThat(lines).containsExactly(
                "vhost    user   configure  write   read",
                "staging  guest  .*         .*      .*",
                "staging  zoe    ^zoe\\.     ^zoe\\.  .*");

        mark = cliOut().length();
        assertThat(cli("list", "permissions", "--format", "json")).isZero();
        JsonNode all = JSON.readTree(cliOut().substring(mark));
        JsonNode zoe = find(all, "user", "zoe");
        assertThat(zoe.get("vhost").asText()).isEqualTo("staging");
        assertThat(zoe.get("configure").asText()).isEqualTo("^zoe\\.");
        assertThat(find(all, "user", "guest").get("vhost").asText()).isEqualTo("/");
    }

    @Test
    void unknownUsersBadRegexesAndMissingPermissionsFailWithTheApiReason() {
        assertThat(cli("permissions", "set", "nobody", ".*", ".*", ".*")).isEqualTo(1);
        assertThat(cliErr()).contains("404");
        assertThat(cli("users", "add", "zoe", "pw")).isZero();
        assertThat(cli("permissions", "set", "zoe", "(", ".*", ".*")).isEqualTo(1);
        assertThat(cliErr()).contains("400");
        assertThat(get("/api/permissions/%2F/zoe").statusCode()).isEqualTo(404);
        assertThat(cli("permissions", "clear", "zoe")).isEqualTo(1);
        assertThat(cliErr()).contains("404");
        assertThat(cli("permissions", "set", "zoe", ".*", ".*")).isEqualTo(2); // READ is missing
    }
}
