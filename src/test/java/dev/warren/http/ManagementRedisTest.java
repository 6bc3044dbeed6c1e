package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.WarrenConfig;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class ManagementRedisTest extends ManagementTestBase {

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).respPort(0);
    }

    @Test
    void statsShowClientsCommandsMemoryAndKeysPerDatabase() {
        try (Jedis jedis = new Jedis("127.0.0.1", warren.respPort())) {
            getJson("/api/warren/redis"); // a first look: ops/sec is the change since earlier looks
            jedis.set("a", "1");
            jedis.set("b", "2");
            jedis.setex("session:1", 100, "x");
            jedis.select(3);
            jedis.hset("h", "f", "v");

            JsonNode s = getJson("/api/warren/redis", "monitor");
            assertThat(s.get("enabled").asBoolean()).isTrue();
            assertThat(s.get("port").asInt()).isEqualTo(warren.respPort());
            assertThat(s.get("clients").get("connected").asInt()).isEqualTo(1);
            assertThat(s.get("commands_processed").asLong()).isGreaterThanOrEqualTo(5);
            assertThat(s.get("ops_per_sec").asDouble()).isGreaterThan(0);
            assertThat(s.get("keys").asInt()).isEqualTo(4);
            assertThat(s.get("expires").asInt()).isEqualTo(1);
            assertThat(s.get("memory").get("used_bytes").asLong()).isGreaterThan(0);
            JsonNode dbs = s.get("databases");
            assertThat(dbs).hasSize(2);
            assertThat(dbs.get(0).get("db").asInt()).isZero();
            assertThat(dbs.get(0).get("keys").asInt()).isEqualTo(3);
            assertThat(dbs.get(1).get("db").asInt()).isEqualTo(3);
            assertThat(call("GET", "/api/warren/redis", null, "mgmt", "mgmt").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void keysListsNamesTypesAndTtlsMatchingAPattern() {
        try (Jedis jedis = new Jedis("127.0.0.1", warren.respPort())) {
            jedis.set("user:1", "a");
            jedis.setex("user:2", 100, "b");
            jedis.rpush("jobs", "j");
            JsonNode r = getJson("/api/warren/redis/keys?db=0&pattern=user:*");
            assertThat(r.get("keys")).hasSize(2);
            JsonNode two = find(r.get("keys"), "key", "user:2");
            assertThat(two.get("type").asText()).isEqualTo("string");
            assertThat(two.get("ttl").asInt()).isBetween(1, 100);
            assertThat(find(r.get("keys"), "key", "user:1").get("ttl").asInt()).isEqualTo(-1);
            JsonNode all = getJson("/api/warren/redis/keys");
            assertThat(find(all.get("keys"), "key", "jobs").get("type").asText()).isEqualTo("list");
            assertThat(all.get("cursor").asLong()).isZero();
            assertThat(get("/api/warren/redis/keys?db=16").statusCode()).isEqualTo(400);
            assertThat(call("GET", "/api/warren/redis/keys", null, "monitor", "monitor").statusCode()).isEqualTo(401);
        }
    }
}
