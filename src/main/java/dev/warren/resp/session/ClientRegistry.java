package dev.warren.resp.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** The connected clients by id (CLIENT ID/LIST/KILL, INFO clients). */
public final class ClientRegistry {
    private final AtomicLong nextId = new AtomicLong();
    private final ConcurrentSkipListMap<Long, RespClient> clients = new ConcurrentSkipListMap<>();

    long nextId() {
        return nextId.incrementAndGet();
    }

    void add(RespClient c) {
        clients.put(c.id(), c);
    }

    void remove(RespClient c) {
        clients.remove(c.id());
    }

    public int size() {
        return clients.size();
    }

    public List<RespClient> all() {
        return new ArrayList<>(clients.values());
    }

    public RespClient byId(long id) {
        return clients.get(id);
    }
}
