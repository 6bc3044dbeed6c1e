package dev.warren.keyspace;

import java.util.function.BiConsumer;

/**
 * maxmemory: evicts keys until the estimated memory is below the limit, with Redis's policies
 * (noeviction, allkeys-lru, volatile-lru, allkeys-random, volatile-random, volatile-ttl; the LFU policies
 * are treated as LRU). LRU and TTL are approximated by sampling, as Redis does. Call under the lock.
 */
public final class Eviction {
    private Eviction() {
    }

    /** Returns false when memory is over the limit and the policy cannot free any more (OOM). */
    public static boolean makeRoom(Keyspace ks, long maxmemory, String policy, int samples,
                                   BiConsumer<Database, Bytes> onEvict) {
        if (maxmemory <= 0 || ks.usedBytes() <= maxmemory) {
            return true;
        }
        if (policy.equals("noeviction")) {
            return false;
        }
        boolean volatileOnly = policy.startsWith("volatile");
        while (ks.usedBytes() > maxmemory) {
            Database victimDb = null;
            Entry victim = null;
            for (int i = 0; i < Keyspace.DATABASES; i++) {
                Database db = ks.db(i);
                if (volatileOnly ? db.volatileSize() == 0 : db.size() == 0) {
                    continue;
                }
                Entry candidate = switch (policy) {
                    case "allkeys-random", "volatile-random" -> db.sample(volatileOnly);
                    case "volatile-ttl" -> db.sampleSoonestExpiry(samples);
                    default -> db.sampleOldest(samples, volatileOnly);
                };
                if (candidate == null) {
                    continue;
                }
                if (victim == null || better(policy, candidate, victim)) {
                    victim = candidate;
                    victimDb = db;
                }
            }
            if (victim == null) {
                return false;
            }
            victimDb.remove(victim);
            victimDb.touch(victim.key);
            ks.evictedKeys++;
            onEvict.accept(victimDb, victim.key);
        }
        return true;
    }

    private static boolean better(String policy, Entry a, Entry b) {
        return switch (policy) {
            case "allkeys-random", "volatile-random" -> false;
            case "volatile-ttl" -> a.expireAt < b.expireAt;
            default -> a.lastAccess < b.lastAccess;
        };
    }
}
