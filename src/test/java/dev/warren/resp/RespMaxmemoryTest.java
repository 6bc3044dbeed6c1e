package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RespMaxmemoryTest extends RespTestBase {
    private static final String KB = "x".repeat(1024);

    private long usedMemory() {
        String line = jedis.info("memory").lines().filter(l -> l.startsWith("used_memory:")).findFirst().orElseThrow();
        return Long.parseLong(line.substring("used_memory:".length()));
    }

    @Test
    void noevictionRefusesWritesAboveTheLimitButAllowsDeletes() {
        jedis.configSet("maxmemory", "100kb");
        for (int i = 0; i < 90; i++) {
            jedis.set("k" + i, KB);
        }
        assertError("OOM command not allowed when used memory > 'maxmemory'.", () -> {
            for (int i = 90; i < 200; i++) {
                jedis.set("k" + i, KB);
            }
        });
        assertThat(jedis.get("k0")).isEqualTo(KB);
        assertThat(jedis.del("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9")).isEqualTo(10);
        assertThat(jedis.set("again", "v")).isEqualTo("OK");
    }

    @Test
    void allkeysRandomEvictsToStayUnderTheLimit() {
        jedis.configSet("maxmemory-policy", "allkeys-random");
        jedis.configSet("maxmemory", "100kb");
        for (int i = 0; i < 500; i++) {
            jedis.set("k" + i, KB);
        }
        assertThat(jedis.dbSize()).isBetween(50L, 100L);
        assertThat(usedMemory()).isLessThanOrEqualTo(100 * 1024 + 2048);
        assertThat(jedis.info("stats")).containsPattern("evicted_keys:[1-9]");
    }

    @Test
    void allkeysLruKeepsRecentlyUsedKeys() {
        jedis.configSet("maxmemory-policy", "allkeys-lru");
        jedis.configSet("maxmemory-samples", "10");
        jedis.configSet("maxmemory", "200kb");
        jedis.set("hot", KB);
        for (int i = 0; i < 600; i++) {
            jedis.set("k" + i, KB);
            jedis.get("hot");
        }
        assertThat(jedis.exists("hot")).isTrue();
    }

    @Test
    void volatileTtlEvictsKeysThatExpireSoonestAndNeverPersistentOnes() {
        jedis.configSet("maxmemory-policy", "volatile-ttl");
        jedis.configSet("maxmemory", "100kb");
        for (int i = 0; i < 40; i++) {
            jedis.set("persistent" + i, KB);
        }
        for (int i = 0; i < 300; i++) {
            jedis.setex("volatile" + i, 1000 + i, KB);
        }
        for (int i = 0; i < 40; i++) {
            assertThat(jedis.exists("persistent" + i)).isTrue();
        }
        assertThat(jedis.exists("volatile299")).isTrue();
    }

    @Test
    void volatilePolicyWithoutVolatileKeysRefusesWrites() {
        jedis.configSet("maxmemory-policy", "volatile-lru");
        jedis.configSet("maxmemory", "50kb");
        assertError("OOM command not allowed when used memory > 'maxmemory'.", () -> {
            for (int i = 0; i < 100; i++) {
                jedis.set("k" + i, KB);
            }
        });
    }

    @Test
    void invalidPolicyIsRejected() {
        assertError("ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one"
                + " of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, "
                + "allkeys-lfu, allkeys-random, noeviction", () -> jedis.configSet("maxmemory-policy", "nope"));
    }
}
