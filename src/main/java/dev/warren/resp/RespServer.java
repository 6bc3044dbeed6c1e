package dev.warren.resp;

import dev.warren.keyspace.Keyspace;
import dev.warren.keyspace.command.CommandTable;
import dev.warren.keyspace.persistence.AppendOnlyFile;
import dev.warren.resp.acl.Acl;
import dev.warren.resp.session.ClientPause;
import dev.warren.resp.session.ClientRegistry;
import dev.warren.resp.session.PubSub;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** What every RESP client of one Warren instance shares: the keyspace, commands, clients, pub/sub, settings. */
public final class RespServer {
    public final Keyspace keyspace = new Keyspace();
    public final CommandTable commands = new CommandTable();
    public final ClientRegistry clients = new ClientRegistry();
    public final PubSub pubsub = new PubSub();
    public final ClientPause pause = new ClientPause();
    public final Acl acl;
    public final RespSettings settings;
    public final long startMillis = System.currentTimeMillis();
    public final String runId;
    public final java.util.concurrent.atomic.LongAdder totalCommands = new java.util.concurrent.atomic.LongAdder();
    public final AtomicLong totalConnections = new AtomicLong();
    public volatile long lastSaveSeconds = System.currentTimeMillis() / 1000;
    private volatile int port;
    private volatile AppendOnlyFile aof;
    private volatile RespPersistence persistence;

    public RespServer(RespSettings settings) {
        this.settings = settings;
        this.acl = new Acl(commands, settings.get("requirepass"));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        this.runId = sb.toString();
    }

    public int port() {
        return port;
    }

    void port(int port) {
        this.port = port;
    }

    /** The append-only file, or null when persistence is off (no data directory) or while loading. */
    public AppendOnlyFile aof() {
        return aof;
    }

    void aof(AppendOnlyFile aof) {
        this.aof = aof;
    }

    /** Persistence (append-only file, snapshots), or null without a data directory. */
    public RespPersistence persistence() {
        return persistence;
    }

    void persistence(RespPersistence p) {
        this.persistence = p;
    }
}
