package dev.warren.resp.session;

import dev.warren.keyspace.persistence.AppendOnlyFile;
import dev.warren.resp.RespServer;
import java.util.ArrayList;

/**
 * Group commit per event loop iteration, like Redis's beforeSleep: the clients whose commands wrote to
 * the append-only file in this iteration wait here with their replies written but not flushed; a task
 * queued on the loop (it runs once the loop has processed the ready connections) writes the file once
 * for all of them, then flushes their replies. One file write per iteration instead of one per client
 * and read. One batch per event loop thread; used only on that thread.
 */
final class FlushBatch implements Runnable {
    private static final ThreadLocal<FlushBatch> PER_THREAD = new ThreadLocal<>();

    private final RespServer server;
    private final ArrayList<RespClient> clients = new ArrayList<>();
    private boolean scheduled;

    private FlushBatch(RespServer server) {
        this.server = server;
    }

    /** The calling event loop thread's batch for this server. */
    static FlushBatch current(RespServer server) {
        FlushBatch b = PER_THREAD.get();
        if (b == null || b.server != server) {
            // a thread serves one server's RESP clients (a test may start several servers in one JVM,
            // each with its own event loops); a stale batch of another server is replaced once drained
            b = new FlushBatch(server);
            PER_THREAD.set(b);
        }
        return b;
    }

    /** Queues a client's flush after the file write; call on its event loop thread. */
    void add(RespClient c) {
        clients.add(c);
        if (!scheduled) {
            scheduled = true;
            c.channel().eventLoop().execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        AppendOnlyFile aof = server.aof();
        if (aof != null) {
            aof.flush();
        }
        // a client's flush may not add to this batch again (its file write is done), but be safe with
        // an index loop over a list that could grow
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).flushReplies();
        }
        clients.clear();
    }
}
