package dev.warren.resp.session;

import dev.warren.keyspace.command.Command;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT PAUSE / UNPAUSE: while paused, commands of every client (ALL) or only the commands that may
 * write (WRITE: write commands, PUBLISH, EXEC of a transaction that writes) wait, in order, until the
 * pause ends by its timeout or CLIENT UNPAUSE. As in Redis, a new pause replaces the mode and keeps the
 * later end time; errors (unknown command, arity, authentication) are still answered at once.
 */
public final class ClientPause {
    /** What is paused. */
    public enum Mode { WRITE, ALL }

    private volatile Mode mode;
    private long endMillis;
    private ScheduledFuture<?> timer;
    private final List<RespClient> waiting = new ArrayList<>();

    /** Starts or extends a pause of {@code millis} milliseconds; the timer runs on {@code executor}. */
    public synchronized void pause(Mode newMode, long millis, EventExecutor executor) {
        long end = System.currentTimeMillis() + millis;
        mode = newMode;
        if (end > endMillis || timer == null) {
            endMillis = Math.max(end, endMillis);
            if (timer != null) {
                timer.cancel(false);
            }
            timer = executor.schedule(this::unpause, Math.max(0, endMillis - System.currentTimeMillis()),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Ends the pause and lets the waiting clients run their commands. */
    public void unpause() {
        List<RespClient> resumed;
        synchronized (this) {
            mode = null;
            endMillis = 0;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            resumed = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (RespClient c : resumed) {
            c.channel().eventLoop().execute(c::pauseEnded);
        }
    }

    public boolean active() {
        return mode != null;
    }

    /** The current mode, or null. */
    public Mode mode() {
        return mode;
    }

    /**
     * True when the command must wait (and then the client is queued to be resumed); {@code execWrites}
     * tells whether an EXEC would run write commands.
     */
    boolean holds(RespClient c, Command cmd, boolean execWrites) {
        Mode m = mode;
        if (m == null) {
            return false;
        }
        boolean writes = cmd.has(Command.WRITE) || cmd.name().equals("publish") || execWrites;
        if (m == Mode.WRITE && !writes) {
            return false;
        }
        synchronized (this) {
            if (mode == null || (mode == Mode.WRITE && !writes)) {
                return false;
            }
            waiting.add(c);
            return true;
        }
    }

    synchronized void forget(RespClient c) {
        waiting.remove(c);
    }
}
