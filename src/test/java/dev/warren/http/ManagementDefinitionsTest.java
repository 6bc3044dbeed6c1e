package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.config.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagementDefinitionsTest extends ManagementTestBase {

    @Test
    void exportHasRabbitMqShape() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("orders", "topic", true);
        ch.queueDeclare("billing", true, false, false, null);
        ch.queueBind("billing", "orders", "order.*");
        ch.queueDeclare("", false, true, true, null); // exclusive: not exported

        JsonNode defs = getJson("/api/definitions");
        for (String key : new String[] {"rabbit_version", "users", "vhosts", "permissions", "topic_permissions",
                "parameters", "global_parameters", "policies", "queues", "exchanges", "bindings"}) {
            assertThat(defs.has(key)).as(key).isTrue();
        }
        JsonNode guest = find(defs.get("users"), "name", "guest");
        assertThat(guest.get("hashing_algorithm").asText()).isEqualTo("rabbit_password_hashing_sha256");
        assertThat(defs.get("queues")).hasSize(1);
        JsonNode q = defs.get("queues").get(0);
        assertThat(q.get("name").asText()).isEqualTo("billing");
        assertThat(q.get("vhost").asText()).isEqualTo("/");
        assertThat(q.get("durable").asBoolean()).isTrue();
        assertThat(find(defs.get("exchanges"), "name", "orders").get("type").asText()).isEqualTo("topic");
        JsonNode b = defs.get("bindings").get(0);
        assertThat(b.get("source").asText()).isEqualTo("orders");
        assertThat(b.get("destination").asText()).isEqualTo("billing");
        assertThat(b.get("destination_type").asText()).isEqualTo("queue");
        assertThat(b.get("routing_key").asText()).isEqualTo("order.*");
    }

    @Test
    void importCreatesVhostsUsersWithTheirHashesPermissionsAndTopology() throws Exception {
        String hash = PasswordHash.hash("secret");
        String defs = """
                {"rabbit_version":"3.12.0",
                 "users":[{"name":"erin","password_hash":"%s","hashing_algorithm":"rabbit_password_hashing_sha256",
                           "tags":["management"],"limits":{}},
                          {"name":"old","password_hash":"%s","tags":"monitoring,management"}],
                 "vhosts":[{"name":"shop"}],
                 "permissions":[{"user":"erin","vhost":"shop","configure":".*","write":".*","read":".*"}],
                 "exchanges":[{"name":"cart","vhost":"shop","type":"fanout","durable":true,"auto_delete":false,
                               "internal":false,"arguments":{}}],
                 "queues":[{"name":"checkout","vhost":"shop","durable":true,"auto_delete":false,
                            "arguments":{"x-max-length":10}}],
                 "bindings":[{"source":"cart","vhost":"shop","destination":"checkout","destination_type":"queue",
                              "routing_key":"","arguments":{}}],
                 "policies":[],"parameters":[]}
                """.formatted(hash, hash);
        assertThat(call("POST", "/api/definitions", defs).statusCode()).isEqualTo(204);

        var f = factory();
        f.setUsername("erin");
        f.setPassword("secret");
        f.setVirtualHost("shop");
        Channel ch = track(f.newConnection()).createChannel();
        ch.basicPublish("cart", "", null, "item".getBytes());
        waitUntil("routed through the imported binding", () ->
                warren.broker().virtualHost("shop").queue("checkout").messageCount() == 1);
        assertThat(json(call("GET", "/api/whoami", null, "old", "secret")).get("tags")).hasSize(2);
        assertThat(call("GET", "/api/queues/shop/checkout", null, "erin", "secret").statusCode()).isEqualTo(200);

        JsonNode exported = getJson("/api/definitions");
        assertThat(find(exported.get("users"), "name", "erin").get("password_hash").asText()).isEqualTo(hash);
        assertThat(find(exported.get("queues"), "name", "checkout").get("arguments").get("x-max-length").asInt())
                .isEqualTo(10);
    }

    @Test
    void importOfUnsupportedHashOrBadJsonIs400() {
        assertThat(call("POST", "/api/definitions", "{\"users\":[{\"name\":\"x\",\"password_hash\":\"abc\","
                + "\"hashing_algorithm\":\"rabbit_password_hashing_md5\",\"tags\":[]}]}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/definitions", "[1,2").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/definitions", "{}", "mgmt", "mgmt").statusCode()).isEqualTo(401);
    }

    @Test
    void exportedDefinitionsImportIntoAFreshBrokerUnchanged() throws Exception {
        call("PUT", "/api/vhosts/tenant", null);
        call("PUT", "/api/exchanges/tenant/ex", "{\"type\":\"headers\",\"durable\":true}");
        call("PUT", "/api/queues/tenant/q", "{\"durable\":true}");
        call("POST", "/api/bindings/tenant/e/ex/q/q", "{\"routing_key\":\"\",\"arguments\":{\"x-match\":\"all\",\"a\":\"1\"}}");
        String exported = get("/api/definitions").body();
        warren.close();
        startWarren();
        assertThat(call("POST", "/api/definitions", exported).statusCode()).isEqualTo(204);
        JsonNode again = getJson("/api/definitions");
        JsonNode before = JSON.readTree(exported);
        for (String key : new String[] {"vhosts", "permissions", "queues", "exchanges", "bindings"}) {
            assertThat(again.get(key)).as(key).isEqualTo(before.get(key));
        }
        assertThat(again.get("users").size()).isEqualTo(before.get("users").size());
    }

    @Test
    void loadDefinitionsInTheConfigFileImportsAtStartUp(@TempDir Path dir) throws Exception {
        Path defs = dir.resolve("defs.json");
        Files.writeString(defs, "{\"vhosts\":[{\"name\":\"boot\"}],\"queues\":[{\"name\":\"early\",\"vhost\":\"boot\","
                + "\"durable\":true,\"auto_delete\":false,\"arguments\":{}}]}");
        Path conf = dir.resolve("warren.conf");
        Files.writeString(conf, "load_definitions = " + defs + "\n");
        WarrenConfig config = Warren.builder().bindAddress("127.0.0.1").amqpPort(0).respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF).ioThreads(1);
        ConfigFile.apply(conf, config);
        try (Warren w = config.start()) {
            assertThat(w.broker().virtualHost("boot").queue("early")).isNotNull();
        }
        Files.writeString(defs, "{\"bindings\":[{\"source\":\"nope\",\"vhost\":\"/\",\"destination\":\"q\","
                + "\"destination_type\":\"queue\",\"routing_key\":\"\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(config::start)
                .hasMessageContaining("cannot start Warren").hasMessageContaining(defs.toString());
    }
}
