package dev.warren.resp.session;

import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Glob;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Channel and pattern subscriptions of all clients. Used under the keyspace lock (PUBLISH and
 * (un)subscriptions are commands like any other).
 */
public final class PubSub {
    private final HashMap<Bytes, LinkedHashSet<RespClient>> channels = new HashMap<>();
    private final HashMap<Bytes, LinkedHashSet<RespClient>> patterns = new HashMap<>();

    boolean subscribe(Bytes channel, RespClient c) {
        return channels.computeIfAbsent(channel, k -> new LinkedHashSet<>()).add(c);
    }

    boolean unsubscribe(Bytes channel, RespClient c) {
        return remove(channels, channel, c);
    }

    boolean psubscribe(Bytes pattern, RespClient c) {
        return patterns.computeIfAbsent(pattern, k -> new LinkedHashSet<>()).add(c);
    }

    boolean punsubscribe(Bytes pattern, RespClient c) {
        return remove(patterns, pattern, c);
    }

    private static boolean remove(Map<Bytes, LinkedHashSet<RespClient>> map, Bytes key, RespClient c) {
        LinkedHashSet<RespClient> s = map.get(key);
        if (s == null || !s.remove(c)) {
            return false;
        }
        if (s.isEmpty()) {
            map.remove(key);
        }
        return true;
    }

    /** Sends the message to every subscriber of the channel and matching pattern; returns the count. */
    public int publish(RespClient publisher, byte[] channel, byte[] message) {
        int receivers = 0;
        Set<RespClient> subs = channels.get(new Bytes(channel));
        if (subs != null) {
            for (RespClient c : subs) {
                c.deliver(publisher, null, channel, message);
                receivers++;
            }
        }
        for (Map.Entry<Bytes, LinkedHashSet<RespClient>> e : patterns.entrySet()) {
            if (Glob.matches(e.getKey().bytes, channel)) {
                for (RespClient c : e.getValue()) {
                    c.deliver(publisher, e.getKey().bytes, channel, message);
                    receivers++;
                }
            }
        }
        return receivers;
    }

    public Set<Bytes> channels() {
        return channels.keySet();
    }

    public int subscribers(Bytes channel) {
        Set<RespClient> s = channels.get(channel);
        return s == null ? 0 : s.size();
    }

    public int patternCount() {
        return patterns.size();
    }
}
