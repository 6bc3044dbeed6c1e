package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code warren topic-permissions set|clear} and {@code warren list topic-permissions} against a running Warren. */
class TopicPermissionsCliTest extends ManagementTestBase {

    private Channel channelAs(String user, String password) throws Exception {
        ConnectionFactory f = factory();
        f.setUsername(user);
        f.setPassword(password);
        return track(f.newConnection()).createChannel();
    }

    @Test
    void setRestrictsRoutingKeysOnTheExchangeAndClearLiftsIt() throws Exception {
        assertThat(cli("users", "add", "zoe", "pw", "--vhost", "/")).isZero();
        assertThat(cli("topic-permissions", "set", "zoe", "amq.topic", "^{username}\\.", ".*")).isZero();
        assertThat(cliOut()).contains("Set topic permission for user zoe on exchange amq.topic in vhost /:"
                + " write '^{username}\\.', read '.*'");
        JsonNode tp = getJson("/api/topic-permissions/%2F/zoe").get(0);
        assertThat(tp.get("exchange").asText()).isEqualTo("amq.topic");
        assertThat(tp.get("write").asText()).isEqualTo("^{username}\\.");

        Channel ch = channelAs("zoe", "pw");
        ch.confirmSelect();
        ch.basicPublish("amq.topic", "zoe.news", null, "ok".getBytes(StandardCharsets.UTF_8));
        ch.waitForConfirmsOrDie(5000);
        assertThatThrownBy(() -> {
            ch.basicPublish("amq.topic", "bob.news", null, "no".getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(5000);
        }).hasStackTraceContaining("ACCESS_REFUSED");

        assertThat(cli("topic-permissions", "clear", "zoe", "amq.topic")).isZero();
        assertThat(cliOut()).contains("Cleared topic permissions for user zoe on exchange amq.topic in vhost /");
        assertThat(get("/api/topic-permissions/%2F/zoe").statusCode()).isEqualTo(404);
        Channel again = channelAs("zoe", "pw");
        again.confirmSelect();
        again.basicPublish("amq.topic", "bob.news", null, "now ok".getBytes(StandardCharsets.UTF_8));
        again.waitForConfirmsOrDie(5000);
    }

    @Test
    void listShowsEveryTopicPermissionAndClearWithoutExchangeRemovesAllOfAUsers() throws Exception {
        assertThat(cli("users", "add", "zoe", "pw", "--vhost", "/")).isZero();
        call("PUT", "/api/exchanges/%2F/events", "{\"type\":\"topic\"}");
        assertThat(cli("topic-permissions", "set", "zoe", "amq.topic", "^a", "^b")).isZero();
        assertThat(cli("topic-permissions", "set", "zoe", "events", ".*", "")).isZero();

        int mark = cliOut().length();
        assertThat(cli("list", "topic-permissions", "--vhost", "/")).isZero();
        assertThat(cliOut().substring(mark).split("\\R")).containsExactly(
                "vhost  user  exchange   write  read",
                "/      zoe   amq.topic  ^a     ^b",
                "/      zoe   events     .*");
        mark = cliOut().length();
        assertThat(cli("list", "topic-permissions", "--format", "json")).isZero();
        assertThat(JSON.readTree(cliOut().substring(mark))).hasSize(2);

        assertThat(cli("topic-permissions", "clear", "zoe")).isZero();
        assertThat(cliOut()).contains("Cleared topic permissions for user zoe in vhost /");
        assertThat(getJson("/api/topic-permissions")).isEmpty();
        assertThat(cli("topic-permissions", "clear", "zoe")).isEqualTo(1);
        assertThat(cliErr()).contains("404");
    }
}
