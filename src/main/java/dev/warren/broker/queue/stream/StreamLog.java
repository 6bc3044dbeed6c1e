package dev.warren.broker.queue.stream;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only log behind a stream queue: messages numbered by offset (0, 1, 2, ...) in segments.
 * Retention drops whole segments, oldest first, and never the one being written.
 *
 * <p>On disk (when opened on a directory) each segment is a file named after its first offset; each
 * record is {@code [int length][int crc32c][long offset][long timestamp][exchange][routing key]
 * [properties][body]}. Appends go to the file at once (page cache); a background thread fsyncs, and a
 * caller waits for {@link #whenDurable} before confirming (one fsync covers every append made so far:
 * group commit). Opening a directory reads the segments back and cuts a torn tail off the last one.
 * Without a directory the log lives in memory only.
 *
 * <p>Thread safety: every method is synchronised on the log; fsyncs run outside the monitor.
 */
public final class StreamLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamLog.class);
    private static final String SUFFIX = ".segment";
    private static final int HEADER = 8; // length + crc

    /** One segment: its first offset, and per record the timestamp and (on disk) the file position. */
    private static final class Segment {
        final long firstOffset;
        final Path path;
        FileChannel file;
        long size;
        int count;
        long[] timestamps = new long[64];
        long[] positions;
        Message[] messages;

        Segment(long firstOffset, Path path) {
            this.firstOffset = firstOffset;
            this.path = path;
            if (path == null) {
                messages = new Message[64];
            } else {
                positions = new long[64];
            }
        }

        void add(long timestamp, long position, Message m, long bytes) {
            if (count == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, count * 2);
                if (positions != null) {
                    positions = Arrays.copyOf(positions, count * 2);
                } else {
                    messages = Arrays.copyOf(messages, count * 2);
                }
            }
            timestamps[count] = timestamp;
            if (positions != null) {
                positions[count] = position;
            } else {
                messages[count] = m;
            }
            count++;
            size += bytes;
        }

        long nextOffset() {
            return firstOffset + count;
        }

        long lastTimestamp() {
            return count == 0 ? Long.MIN_VALUE : timestamps[count - 1];
        }
    }

    private record Waiter(long offset, Runnable action) {
    }

    private final Path dir;
    private final long maxSegmentBytes;
    private final List<Segment> segments = new ArrayList<>();
    private final ExecutorService syncer;
    private final List<FileChannel> dirty = new ArrayList<>();
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::offset));
    private long nextOffset;
    private long totalBytes;
    private long count;
    /** Offsets below this are on disk (fsync'ed). */
    private long durableOffset;
    private boolean syncScheduled;
    private boolean closed;

    private StreamLog(Path dir, long maxSegmentBytes) {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        // one fsync thread per stream on disk, gone when idle for a second
        this.syncer = dir == null ? null : new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "warren-stream-sync");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** A log kept in memory only. */
    public static StreamLog inMemory(long maxSegmentBytes) {
        return new StreamLog(null, maxSegmentBytes);
    }

    /** Opens (creating, or reading back) the log in {@code dir}. */
    public static StreamLog open(Path dir, long maxSegmentBytes) {
        StreamLog l = new StreamLog(dir, maxSegmentBytes);
        try {
            Files.createDirectories(dir);
            l.recover();
        } catch (IOException e) {
            l.close();
            throw new UncheckedIOException("cannot open stream log " + dir, e);
        }
        return l;
    }

    // ------------------------------------------------------------------ appending

    /** Appends a message; returns its offset. The stored copy carries the {@code x-stream-offset} header. */
    public synchronized long append(Message m, long timestamp) {
        if (closed) {
            throw new IllegalStateException("stream log closed");
        }
        long offset = nextOffset;
        Message stored = withOffsetHeader(m, offset, timestamp);
        Segment seg = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (dir == null) {
            long bytes = stored.body().length + stored.rawProperties().length + 64L;
            if (seg == null || (seg.size + bytes > maxSegmentBytes && seg.count > 0)) {
                seg = newSegment(offset);
            }
            seg.add(timestamp, 0, stored, bytes);
            totalBytes += bytes;
            durableOffset = offset + 1;
        } else {
            ByteBuffer record = encode(stored, offset, timestamp);
            if (seg == null || (seg.size + record.remaining() > maxSegmentBytes && seg.count > 0)) {
                seg = newSegment(offset);
            }
            long position = seg.size;
            int bytes = record.remaining();
            try {
                while (record.hasRemaining()) {
                    seg.file.write(record, position + (bytes - record.remaining()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to stream log " + dir, e);
            }
            seg.add(timestamp, position, null, bytes);
            totalBytes += bytes;
            requestSync();
        }
        nextOffset = offset + 1;
        count++;
        return offset;
    }

    private Segment newSegment(long firstOffset) {
        Segment s;
        if (dir == null) {
            s = new Segment(firstOffset, null);
        } else {
            Segment previous = segments.isEmpty() ? null : segments.get(segments.size() - 1);
            if (previous != null) {
                dirty.add(previous.file);
            }
            s = new Segment(firstOffset, dir.resolve(String.format("%020d", firstOffset) + SUFFIX));
            try {
                s.file = FileChannel.open(s.path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                s.file.truncate(0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create stream segment " + s.path, e);
            }
        }
        segments.add(s);
        return s;
    }

    private static Message withOffsetHeader(Message m, long offset, long timestamp) {
        BasicProperties p = m.properties();
        java.util.Map<String, Object> headers = new java.util.LinkedHashMap<>();
        if (p.headers() != null) {
            headers.putAll(p.headers());
        }
        headers.put("x-stream-offset", offset);
        BasicProperties q = new BasicProperties(p.contentType(), p.contentEncoding(), headers, p.deliveryMode(),
                p.priority(), p.correlationId(), p.replyTo(), p.expiration(), p.messageId(), p.timestamp(), p.type(),
                p.userId(), p.appId(), p.clusterId());
        return new Message(m.exchange(), m.routingKey(), m.exchangeBytes(), m.routingKeyBytes(), q.encode(), q,
                m.body(), timestamp);
    }

    private static ByteBuffer encode(Message m, long offset, long timestamp) {
        byte[] ex = m.exchangeBytes();
        byte[] rk = m.routingKeyBytes();
        byte[] props = m.rawProperties();
        byte[] body = m.body();
        int payload = 8 + 8 + 4 + ex.length + 4 + rk.length + 4 + props.length + 4 + body.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload);
        b.putInt(payload).putInt(0);
        b.putLong(offset).putLong(timestamp);
        b.putInt(ex.length).put(ex).putInt(rk.length).put(rk).putInt(props.length).put(props);
        b.putInt(body.length).put(body);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), HEADER, payload);
        b.putInt(4, (int) crc.getValue());
        b.flip();
        return b;
    }

    // ------------------------------------------------------------------ durability

    private void requestSync() {
        if (!syncScheduled && !closed) {
            syncScheduled = true;
            syncer.execute(this::sync);
        }
    }

    /** On the sync thread: fsyncs everything appended so far, then runs the waiters it satisfied. */
    private void sync() {
        long target;
        List<FileChannel> files;
        synchronized (this) {
            syncScheduled = false;
            if (closed) {
                return;
            }
            target = nextOffset;
            files = new ArrayList<>(dirty);
            dirty.clear();
            if (!segments.isEmpty()) {
                files.add(segments.get(segments.size() - 1).file);
            }
        }
        for (FileChannel f : files) {
            try {
                f.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                // dropped by retention (or the log closed) meanwhile: nothing left to make durable
            } catch (IOException e) {
                log.error("stream log {}: fsync failed; confirms are withheld", dir, e);
                synchronized (this) {
                    dirty.addAll(files); // a later sync must force them again before claiming anything
                }
                return;
            }
        }
        List<Runnable> ready = new ArrayList<>();
        synchronized (this) {
            durableOffset = Math.max(durableOffset, target);
            while (!waiters.isEmpty() && waiters.peek().offset() < durableOffset) {
                ready.add(waiters.poll().action());
            }
        }
        for (Runnable r : ready) {
            r.run();
        }
    }

    /** True once the message at {@code offset} is on disk (always, for a log in memory). */
    public synchronized boolean isDurable(long offset) {
        return offset < durableOffset;
    }

    /** Runs {@code action} once the message at {@code offset} is on disk (at once if it is). */
    public void whenDurable(long offset, Runnable action) {
        synchronized (this) {
            if (offset >= durableOffset && !closed) {
                waiters.add(new Waiter(offset, action));
                return;
            }
        }
        action.run();
    }

    // ------------------------------------------------------------------ reading

    /** The offset of the oldest message kept (equal to {@link #nextOffset()} when empty). */
    public synchronized long firstOffset() {
        return segments.isEmpty() ? nextOffset : segments.get(0).firstOffset;
    }

    /** The offset the next message will get. */
    public synchronized long nextOffset() {
        return nextOffset;
    }

    /** Messages kept. */
    public synchronized long count() {
        return count;
    }

    /** Bytes kept (record sizes on disk; an estimate in memory). */
    public synchronized long bytes() {
        return totalBytes;
    }

    public synchronized int segmentCount() {
        return segments.size();
    }

    /** The first offset of the last chunk; in Warren a chunk is one message, so the last message. */
    public synchronized long lastChunkOffset() {
        return count == 0 ? nextOffset : nextOffset - 1;
    }

    /** The first offset whose message arrived at or after {@code timestamp}, or the next offset if none. */
    public synchronized long offsetAt(long timestamp) {
        for (Segment s : segments) {
            if (s.lastTimestamp() < timestamp) {
                continue;
            }
            for (int i = 0; i < s.count; i++) {
                if (s.timestamps[i] >= timestamp) {
                    return s.firstOffset + i;
                }
            }
        }
        return nextOffset;
    }

    /** The message at {@code offset}, with its {@code x-stream-offset} header; null if not kept. */
    public synchronized Message read(long offset) {
        Segment s = segmentOf(offset);
        if (s == null) {
            return null;
        }
        int i = (int) (offset - s.firstOffset);
        if (s.messages != null) {
            return s.messages[i];
        }
        try {
            long position = s.positions[i];
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readFully(s.file, head, position);
            ByteBuffer payload = ByteBuffer.allocate(head.getInt(0));
            readFully(s.file, payload, position + HEADER);
            return decode(payload.array(), head.getInt(4), offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stream segment " + s.path, e);
        }
    }

    private Segment segmentOf(long offset) {
        if (segments.isEmpty() || offset < segments.get(0).firstOffset || offset >= nextOffset) {
            return null;
        }
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segments.get(mid).firstOffset <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return segments.get(lo);
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            if (ch.read(into, position + into.position()) < 0) {
                throw new IOException("unexpected end of segment at " + position);
            }
        }
    }

    /** Decodes a record's payload; null when the checksum or the offset does not match. */
    private static Message decode(byte[] payload, int crc, long expectedOffset) {
        CRC32C c = new CRC32C();
        c.update(payload, 0, payload.length);
        if ((int) c.getValue() != crc) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload);
        long offset = b.getLong();
        if (expectedOffset >= 0 && offset != expectedOffset) {
            return null;
        }
        long timestamp = b.getLong();
        byte[] ex = new byte[b.getInt()];
        b.get(ex);
        byte[] rk = new byte[b.getInt()];
        b.get(rk);
        byte[] props = new byte[b.getInt()];
        b.get(props);
        byte[] body = new byte[b.getInt()];
        b.get(body);
        return new Message(new String(ex, StandardCharsets.UTF_8), new String(rk, StandardCharsets.UTF_8), ex, rk,
                props, BasicProperties.parse(props), body, timestamp);
    }

    // ------------------------------------------------------------------ retention

    /**
     * Drops whole segments, oldest first, while the log is over {@code maxBytes} or their newest message
     * is older than {@code maxAgeMillis}; the segment being written is always kept. Returns the number of
     * messages dropped.
     */
    public synchronized long applyRetention(Long maxBytes, Long maxAgeMillis, long now) {
        long dropped = 0;
        while (segments.size() > 1) {
            Segment oldest = segments.get(0);
            boolean overSize = maxBytes != null && totalBytes > maxBytes;
            boolean tooOld = maxAgeMillis != null && oldest.lastTimestamp() < now - maxAgeMillis;
            if (!overSize && !tooOld) {
                break;
            }
            segments.remove(0);
            totalBytes -= oldest.size;
            count -= oldest.count;
            dropped += oldest.count;
            if (oldest.file != null) {
                dirty.remove(oldest.file);
                closeQuietly(oldest.file);
                try {
                    Files.deleteIfExists(oldest.path);
                } catch (IOException e) {
                    log.warn("stream log {}: cannot delete segment {}", dir, oldest.path, e);
                }
            }
        }
        return dropped;
    }

    // ------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        List<Path> files = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).forEach(files::add);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        ArrayDeque<Path> pending = new ArrayDeque<>(files);
        while (!pending.isEmpty()) {
            Path p = pending.poll();
            String name = p.getFileName().toString();
            long first = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            if (!segments.isEmpty() && first != nextOffset) {
                log.warn("stream log {}: segment {} does not follow offset {}; it and later ones are dropped",
                        dir, p, nextOffset);
                Files.deleteIfExists(p);
                while (!pending.isEmpty()) {
                    Files.deleteIfExists(pending.poll());
                }
                break;
            }
            Segment s = new Segment(first, p);
            s.file = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long length = s.file.size();
            long position = 0;
            long expected = first;
            while (position + HEADER <= length) {
                ByteBuffer head = ByteBuffer.allocate(HEADER);
                readFully(s.file, head, position);
                int size = head.getInt(0);
                if (size < 32 || position + HEADER + size > length) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(size);
                readFully(s.file, payload, position + HEADER);
                Message m = decode(payload.array(), head.getInt(4), expected);
                if (m == null) {
                    break;
                }
                s.add(m.timestamp(), position, null, HEADER + size);
                position += HEADER + size;
                expected++;
            }
            if (position < length) {
                if (!pending.isEmpty()) {
                    log.warn("stream log {}: segment {} is damaged at {}; later segments are dropped", dir, p,
                            position);
                    while (!pending.isEmpty()) {
                        Files.deleteIfExists(pending.poll());
                    }
                }
                s.file.truncate(position);
                s.file.force(true);
            }
            if (segments.isEmpty()) {
                nextOffset = first;
            }
            segments.add(s);
            nextOffset = s.nextOffset();
            totalBytes += s.size;
            count += s.count;
        }
        durableOffset = nextOffset;
    }

    // ------------------------------------------------------------------ closing

    /** Closes the files (at shutdown); pending durability waiters never run. */
    @Override
    public void close() {
        closeAndTakeWaiters();
    }

    private List<Runnable> closeAndTakeWaiters() {
        List<Runnable> pending = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return pending;
            }
            closed = true;
            for (Waiter w : waiters) {
                pending.add(w.action());
            }
            waiters.clear();
            for (Segment s : segments) {
                if (s.file != null) {
                    if (s == segments.get(segments.size() - 1)) {
                        try {
                            s.file.force(false);
                        } catch (IOException e) {
                            log.warn("stream log {}: final fsync failed", dir, e);
                        }
                    }
                    closeQuietly(s.file);
                }
            }
        }
        if (syncer != null) {
            syncer.shutdown();
        }
        return pending;
    }

    /**
     * Closes the log and deletes its files (the stream queue was deleted). Publishers still waiting for
     * the fsync of messages now gone are let go, as for messages routed to a queue that was deleted.
     */
    public void delete() {
        List<Runnable> pending = closeAndTakeWaiters();
        synchronized (this) {
            segments.clear();
        }
        if (dir == null) {
            pending.forEach(Runnable::run);
            return;
        }
        try (var list = Files.list(dir)) {
            for (Path p : list.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("stream log {}: cannot delete", dir, e);
        }
        pending.forEach(Runnable::run);
    }

    private static void closeQuietly(FileChannel f) {
        try {
            f.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
