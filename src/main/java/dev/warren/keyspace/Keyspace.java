package dev.warren.keyspace;

import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The databases of one Warren instance and the single lock every keyspace command runs under, which
 * makes each command atomic and MULTI/EXEC isolated (Redis semantics with a single writer at a time).
 * Also keeps the queue of keys that became ready for blocked clients, served after each command.
 */
public final class Keyspace {
    public static final int DATABASES = 16;

    private final ReentrantLock lock = new ReentrantLock();
    private final Database[] databases = new Database[DATABASES];
    private final ArrayDeque<Object[]> readyKeys = new ArrayDeque<>();
    private long now;
    long expiredKeys;
    long evictedKeys;
    public long hits;
    public long misses;
    /** Number of changes since start (INFO, persistence). */
    public long dirty;
    /** Set while a background snapshot still needs values as they were (see {@link CopyOnWrite}). */
    private CopyOnWrite copyOnWrite;

    public Keyspace() {
        for (int i = 0; i < DATABASES; i++) {
            databases[i] = new Database(this, i);
        }
    }

    public ReentrantLock lock() {
        return lock;
    }

    /** Takes the lock and freezes "now" for the command (as Redis does for a command's duration). */
    public void enter() {
        lock.lock();
        now = System.currentTimeMillis();
    }

    public void exit() {
        lock.unlock();
    }

    /** The time the current command started, epoch milliseconds. */
    public long now() {
        return now;
    }

    public void refreshNow() {
        now = System.currentTimeMillis();
    }

    /** Installs the copy-on-write observer; under the lock. */
    public void copyOnWrite(CopyOnWrite observer) {
        copyOnWrite = observer;
    }

    /** Removes the observer if it is still the installed one; under the lock. */
    public void endCopyOnWrite(CopyOnWrite observer) {
        if (copyOnWrite == observer) {
            copyOnWrite = null;
        }
    }

    /** True while a snapshot needs to be told before values change in place. */
    public boolean copyingOnWrite() {
        return copyOnWrite != null;
    }

    /** Call under the lock before a command may change the key's value in place. */
    public void beforeChange(Database db, byte[] key) {
        if (copyOnWrite != null) {
            Entry e = db.peek(new Bytes(key));
            if (e != null) {
                copyOnWrite.beforeChange(e.value);
            }
        }
    }

    public Database db(int index) {
        return databases[index];
    }

    /** Estimated bytes used by all keys and values. */
    public long usedBytes() {
        long sum = 0;
        for (Database db : databases) {
            sum += db.usedBytes();
        }
        return sum;
    }

    public long evictedKeys() {
        return evictedKeys;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    void markReady(Database db, Bytes key) {
        readyKeys.add(new Object[] {db, key});
    }

    /** Serves blocked clients whose keys became ready; call after each command, under the lock. */
    public void serveReadyKeys() {
        Object[] r;
        while ((r = readyKeys.poll()) != null) {
            ((Database) r[0]).serveBlocked((Bytes) r[1]);
        }
    }

    public void swap(int a, int b) {
        Database x = databases[a];
        Database y = databases[b];
        x.swapContents(y);
        x.touchAllWatched();
        y.touchAllWatched();
    }

    /**
     * One cycle of active expiry (every 100 ms): per database, sample 20 keys with a TTL and delete the
     * expired ones, again while more than a quarter of a sample had expired, within about 10 ms in all.
     */
    public void activeExpire() {
        long deadline = System.nanoTime() + 10_000_000L;
        for (Database db : databases) {
            while (db.volatileSize() > 0) {
                int expired = db.expireSample(20, now);
                if (expired <= 5 || System.nanoTime() > deadline) {
                    break;
                }
            }
        }
    }
}
