package dev.warren.keyspace.persistence;

import dev.warren.keyspace.Keyspace;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis append-only file: every write command, in RESP, as Redis writes it (relative expiry times,
 * random pops and served blocking pops are logged as their deterministic equivalents by the commands).
 * Commands are appended to a memory buffer under the keyspace lock; {@link #flush} writes the buffer to
 * the file before replies leave (and fsyncs at once with {@code appendfsync always}; once a second with
 * {@code everysec}; never with {@code no}). {@link #rewrite} replaces the file with the commands that
 * recreate the current data, so the file stays proportional to live data.
 */
public final class AppendOnlyFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppendOnlyFile.class);

    private final Path path;
    private final Supplier<String> fsyncPolicy;
    private FileChannel channel;
    private RespEncoder pending = new RespEncoder(4096);
    private int lastDb = -1;
    private long written;
    private long synced;
    private long sizeAfterRewrite;
    private volatile String lastWriteStatus = "ok";
    /** While a background rewrite runs: the commands appended since its snapshot, and their database. */
    private RespEncoder rewriteBuffer;
    /** A background writer is still writing its snapshot (even if a SAVE made its result moot). */
    private boolean writerRunning;
    private int rewriteBufferDb = -1;

    public AppendOnlyFile(Path path, Supplier<String> fsyncPolicy) throws IOException {
        this.path = path;
        this.fsyncPolicy = fsyncPolicy;
        Files.createDirectories(path.getParent());
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        written = channel.size();
        synced = written;
        sizeAfterRewrite = written;
    }

    public Path path() {
        return path;
    }

    /** Appends one command executed in database {@code db} (under the keyspace lock). */
    public synchronized void append(int db, byte[][] argv) {
        try {
            if (db != lastDb) {
                KeyspaceDump.command(pending, "SELECT".getBytes(StandardCharsets.US_ASCII),
                        Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
                lastDb = db;
            }
            KeyspaceDump.command(pending, argv);
            if (rewriteBuffer != null) {
                if (db != rewriteBufferDb) {
                    KeyspaceDump.command(rewriteBuffer, "SELECT".getBytes(StandardCharsets.US_ASCII),
                            Integer.toString(db).getBytes(StandardCharsets.US_ASCII));
                    rewriteBufferDb = db;
                }
                KeyspaceDump.command(rewriteBuffer, argv);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes what is pending to the file; with {@code always} also fsyncs before returning, so the caller
     * may then send its replies. The fsync runs outside this object's monitor: commands keep appending
     * meanwhile, and concurrent callers share the work (group commit).
     */
    public void flush() {
        sync("always".equals(fsyncPolicy.get()));
    }

    /** The once-a-second task: write, and fsync unless the policy is {@code no}. */
    public void tick() {
        sync(!"no".equals(fsyncPolicy.get()));
    }

    private void sync(boolean fsync) {
        FileChannel target;
        long upTo;
        synchronized (this) {
            try {
                writePending();
            } catch (IOException e) {
                lastWriteStatus = "err";
                log.error("cannot write the append-only file {}", path, e);
                return;
            }
            if (!fsync || synced >= written) {
                return;
            }
            target = channel;
            upTo = written;
        }
        try {
            target.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            return; // replaced by a rewrite, which fsynced the new file
        } catch (IOException e) {
            lastWriteStatus = "err";
            log.error("cannot fsync the append-only file {}", path, e);
            return;
        }
        synchronized (this) {
            if (target == channel && upTo > synced) {
                synced = upTo;
            }
        }
    }

    private void writePending() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(pending.array(), 0, pending.size());
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        written += buf.limit();
        if (pending.capacity() > 1024 * 1024) {
            pending = new RespEncoder(4096); // do not keep a large array after a burst
        } else {
            pending.reset();
        }
        lastWriteStatus = "ok";
    }

    /** True when the file has grown to twice its size after the last rewrite (and at least 64 MB). */
    public synchronized boolean needsRewrite() {
        return written >= 64L * 1024 * 1024 && written >= 2 * sizeAfterRewrite;
    }

    /** Replaces the file by the commands that recreate {@code keyspace}; call under the keyspace lock. */
    public synchronized void rewrite(Keyspace keyspace) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".rewrite");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
            KeyspaceDump.write(keyspace, os);
            os.flush();
            out.force(true);
        }
        pending = new RespEncoder(4096);
        rewriteBuffer = null;
        installRewritten(tmp, -1);
    }

    /** Puts the rewritten file in place of the current one and appends to it from now on. */
    private void installRewritten(Path tmp, int currentDb) throws IOException {
        channel.close();
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        written = channel.size();
        synced = written;
        sizeAfterRewrite = written;
        lastDb = currentDb;
    }

    /** True while a background rewrite runs. */
    public synchronized boolean rewriting() {
        return rewriteBuffer != null || writerRunning;
    }

    /** Output written per hold of the keyspace lock by a background rewrite. */
    private static final int SLICE_BYTES = 256 * 1024;

    /**
     * Starts a background rewrite: call under the keyspace lock. A copy-on-write {@link KeyspaceSnapshot}
     * is taken at once (references to the values, no copy of the data); a background thread writes it a
     * slice at a time, then the commands appended meanwhile, and swaps the files. Returns false when a
     * rewrite is already running.
     */
    public boolean rewriteInBackground(Keyspace keyspace, java.util.concurrent.Executor executor) {
        KeyspaceSnapshot snapshot;
        synchronized (this) {
            if (rewriteBuffer != null || writerRunning) {
                return false;
            }
            writerRunning = true;
            snapshot = KeyspaceSnapshot.take(keyspace);
            keyspace.copyOnWrite(snapshot);
            rewriteBuffer = new RespEncoder(4096);
            rewriteBufferDb = -1;
        }
        executor.execute(() -> {
            try {
                finishRewrite(keyspace, snapshot);
            } catch (IOException | RuntimeException e) {
                log.error("background rewrite of {} failed", path, e);
                synchronized (this) {
                    rewriteBuffer = null;
                }
            } finally {
                stopCopyOnWrite(keyspace, snapshot);
                synchronized (this) {
                    writerRunning = false;
                }
            }
        });
        return true;
    }

    private static void stopCopyOnWrite(Keyspace keyspace, KeyspaceSnapshot snapshot) {
        keyspace.lock().lock();
        try {
            keyspace.endCopyOnWrite(snapshot);
        } finally {
            keyspace.lock().unlock();
        }
    }

    private void finishRewrite(Keyspace keyspace, KeyspaceSnapshot snapshot) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".bgrewrite");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(out), 1 << 16);
            ByteArrayOutputStream slice = new RespEncoder(SLICE_BYTES + 4096);
            boolean done = false;
            while (!done) {
                keyspace.lock().lock();
                try {
                    done = snapshot.writeSlice(slice, SLICE_BYTES);
                    if (done) {
                        keyspace.endCopyOnWrite(snapshot);
                    }
                } finally {
                    keyspace.lock().unlock();
                }
                slice.writeTo(os);
                slice.reset();
            }
            os.flush();
            out.force(true);
        }
        log.debug("background rewrite of {}: {} values copied on write", path, snapshot.copies());
        synchronized (this) {
            if (rewriteBuffer == null) {
                return; // a synchronous rewrite replaced the file meanwhile
            }
            writePending();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(rewriteBuffer.toByteArray());
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
                out.force(true);
            }
            rewriteBuffer = null;
            installRewritten(tmp, rewriteBufferDb);
        }
    }

    public synchronized long size() {
        return written + pending.size();
    }

    public synchronized long baseSize() {
        return sizeAfterRewrite;
    }

    public String lastWriteStatus() {
        return lastWriteStatus;
    }

    @Override
    public synchronized void close() {
        try {
            writePending();
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            log.warn("cannot close the append-only file {}", path, e);
        }
    }
}
