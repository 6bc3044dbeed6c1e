package dev.warren.store;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.Message;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueEntry;
import dev.warren.broker.queue.QueueJournal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent message store: an append-only log of segment files with a checksum per record.
 *
 * <p>Appenders (publishing channels, queues recording acks) copy records into an in-memory buffer
 * under a short lock. One writer thread writes what has gathered, fsyncs once, and then runs every
 * callback waiting for that position: one fsync covers every confirm waiting at that moment (group
 * commit). A segment is deleted once every message in it is gone and every older segment is deleted
 * too, so acknowledgements in later segments can never be separated from the messages they cancel.
 */
public final class MessageStore implements QueueJournal, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    private final Path dir;
    private final long segmentSize;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private ByteBuf buffer = Unpooled.buffer(1 << 16);
    private final ArrayDeque<Chunk> sealed = new ArrayDeque<>();
    private long currentSegment;
    private long currentSegmentSize;
    private long appendedLsn;
    private long nextMsgId = 1;
    private boolean closed;
    private final PriorityQueue<Waiter> waiters = new PriorityQueue<>(Comparator.comparingLong(Waiter::lsn));

    private volatile long durableLsn;
    private volatile Throwable failure;
    /** Live (queue, message) references per segment; guarded by {@link #lock}. */
    private final TreeMap<Long, AtomicLong> live = new TreeMap<>();
    private final Thread writer;

    private FileChannel openFile;
    private long openSegment = -1;

    private record Chunk(long segment, ByteBuf bytes) {
    }

    private record Waiter(long lsn, Runnable action) {
    }

    private MessageStore(Path dir, long segmentSize) {
        this.dir = dir;
        this.segmentSize = segmentSize;
        this.writer = new Thread(this::writeLoop, "warren-store-writer");
        this.writer.setDaemon(true);
    }

    /** Opens the store in {@code dir}; call {@link #recover} before appending. */
    public static MessageStore open(Path dir, long segmentSize) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create message store directory " + dir, e);
        }
        return new MessageStore(dir, segmentSize);
    }

    /** Replays the segments, handing every surviving message to the listener, then starts writing. */
    public void recover(RecoveryListener listener) {
        Recovery.Result result = Recovery.run(dir, listener);
        lock.lock();
        try {
            nextMsgId = result.maxMsgId() + 1;
            currentSegment = result.lastSegment() + 1;
            currentSegmentSize = StoreRecord.SEGMENT_HEADER.length;
            live.putAll(result.liveBySegment());
            for (String orphan : result.orphans()) {
                // their queue is gone: make sure a queue of the same name declared later never sees them
                String[] parts = orphan.split("\u0000", 2);
                int start = StoreRecord.begin(scratch(), StoreRecord.QUEUE_DELETED);
                StoreRecord.writeString(scratch, parts[0]);
                StoreRecord.writeString(scratch, parts[1]);
                StoreRecord.end(scratch, start);
                commitScratch();
                log.warn("message store: dropped messages of queue '{}' in vhost '{}', which no longer exists",
                        parts[1], parts[0]);
            }
        } finally {
            lock.unlock();
        }
        writer.start();
    }

    // ------------------------------------------------------------------ appending

    /** Writes a persistent message for the given durable queues; returns where it went. */
    public StoredRef appendMessage(String vhost, List<String> queues, Message m) {
        lock.lock();
        try {
            checkHealthy();
            long id = nextMsgId++;
            int start = StoreRecord.begin(scratch(), StoreRecord.MESSAGE);
            ByteBuf out = scratch;
            out.writeLong(id);
            out.writeLong(m.timestamp());
            StoreRecord.writeString(out, vhost);
            out.writeShort(queues.size());
            for (String q : queues) {
                StoreRecord.writeString(out, q);
            }
            StoreRecord.writeString(out, m.exchange());
            StoreRecord.writeString(out, m.routingKey());
            StoreRecord.writeBytes(out, m.rawProperties());
            StoreRecord.writeBytes(out, m.body());
            StoreRecord.end(out, start);
            long segment = commitScratch();
            live.computeIfAbsent(segment, k -> new AtomicLong()).addAndGet(queues.size());
            return new StoredRef(id, segment, lastRecordOffset, appendedLsn);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void removed(Queue queue, List<QueueEntry> entries, boolean record) {
        lock.lock();
        try {
            int n = 0;
            for (QueueEntry e : entries) {
                if (e.storeId() != 0) {
                    n++;
                    AtomicLong count = live.get(e.segment());
                    if (count != null) {
                        count.decrementAndGet();
                    }
                }
            }
            if (n == 0 || !record || failure != null) {
                return;
            }
            int start = StoreRecord.begin(scratch(), StoreRecord.ACK);
            StoreRecord.writeString(scratch, queue.vhost());
            StoreRecord.writeString(scratch, queue.name());
            scratch.writeInt(n);
            for (QueueEntry e : entries) {
                if (e.storeId() != 0) {
                    scratch.writeLong(e.storeId());
                }
            }
            StoreRecord.end(scratch, start);
            commitScratch();
        } finally {
            lock.unlock();
        }
    }

    /** Acknowledges one stored message for a queue known by name only (e.g. a delayed-message pseudo queue). */
    public void acknowledge(String vhost, String queue, long msgId, long segment) {
        lock.lock();
        try {
            AtomicLong count = live.get(segment);
            if (count != null) {
                count.decrementAndGet();
            }
            if (failure != null) {
                return;
            }
            int start = StoreRecord.begin(scratch(), StoreRecord.ACK);
            StoreRecord.writeString(scratch, vhost);
            StoreRecord.writeString(scratch, queue);
            scratch.writeInt(1);
            scratch.writeLong(msgId);
            StoreRecord.end(scratch, start);
            commitScratch();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void queueDeleted(Queue queue) {
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            int start = StoreRecord.begin(scratch(), StoreRecord.QUEUE_DELETED);
            StoreRecord.writeString(scratch, queue.vhost());
            StoreRecord.writeString(scratch, queue.name());
            StoreRecord.end(scratch, start);
            commitScratch();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delivered(Queue queue, long uptoMsgId) {
        lock.lock();
        try {
            if (failure != null) {
                return;
            }
            int start = StoreRecord.begin(scratch(), StoreRecord.DELIVERED);
            StoreRecord.writeString(scratch, queue.vhost());
            StoreRecord.writeString(scratch, queue.name());
            scratch.writeLong(uptoMsgId);
            StoreRecord.end(scratch, start);
            commitScratch();
        } finally {
            lock.unlock();
        }
    }

    private ByteBuf scratch = Unpooled.buffer(1024);
    private long lastRecordOffset;
    /** How far the writer has written: segment and the end offset within it. */
    private volatile long writtenSegment = -1;
    private volatile long writtenOffset;
    private final java.util.concurrent.ConcurrentHashMap<Long, FileChannel> readers =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ByteBuf scratch() {
        scratch.clear();
        return scratch;
    }

    /** Moves the record in the scratch buffer into the log buffer; returns its segment. */
    private long commitScratch() {
        int size = scratch.readableBytes();
        if (currentSegmentSize + size > segmentSize && currentSegmentSize > StoreRecord.SEGMENT_HEADER.length) {
            sealed.add(new Chunk(currentSegment, buffer));
            buffer = Unpooled.buffer(1 << 16);
            currentSegment++;
            currentSegmentSize = StoreRecord.SEGMENT_HEADER.length;
        }
        live.computeIfAbsent(currentSegment, k -> new AtomicLong());
        lastRecordOffset = currentSegmentSize;
        buffer.writeBytes(scratch);
        currentSegmentSize += size;
        appendedLsn += size;
        if (scratch.capacity() > (1 << 20)) {
            scratch = Unpooled.buffer(1024);
        }
        work.signal();
        return currentSegment;
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new IllegalStateException("message store failed: " + failure, failure);
        }
    }

    /** Runs {@code action} (on the writer thread) once everything appended up to {@code lsn} is on disk. */
    public void whenDurable(long lsn, Runnable action) {
        if (durableLsn >= lsn) {
            action.run();
            return;
        }
        lock.lock();
        try {
            waiters.add(new Waiter(lsn, action));
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    public long durableLsn() {
        return durableLsn;
    }

    // ------------------------------------------------------------------ writer thread

    private void writeLoop() {
        while (true) {
            List<Chunk> batch = new ArrayList<>();
            long lsn;
            lock.lock();
            try {
                while (!closed && sealed.isEmpty() && !buffer.isReadable() && waiters.isEmpty()) {
                    work.awaitUninterruptibly();
                }
                if (closed && sealed.isEmpty() && !buffer.isReadable()) {
                    break;
                }
                batch.addAll(sealed);
                sealed.clear();
                if (buffer.isReadable()) {
                    batch.add(new Chunk(currentSegment, buffer));
                    buffer = Unpooled.buffer(1 << 16);
                }
                lsn = appendedLsn;
            } finally {
                lock.unlock();
            }
            try {
                for (Chunk c : batch) {
                    write(c);
                }
                if (openFile != null) {
                    openFile.force(false);
                }
                durableLsn = lsn;
            } catch (IOException | RuntimeException e) {
                log.error("message store write failed; persistent publishes will be refused", e);
                failure = e;
                return;
            }
            runWaiters();
            deleteDeadSegments();
        }
        closeFile();
    }

    private void write(Chunk c) throws IOException {
        if (openSegment != c.segment) {
            if (openFile != null) {
                openFile.force(false);
                openFile.close();
            }
            Path p = segmentPath(dir, c.segment);
            openFile = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (openFile.size() == 0) {
                openFile.write(java.nio.ByteBuffer.wrap(StoreRecord.SEGMENT_HEADER));
            }
            openSegment = c.segment;
        }
        java.nio.ByteBuffer bytes = c.bytes.nioBuffer();
        while (bytes.hasRemaining()) {
            openFile.write(bytes);
        }
        writtenOffset = openFile.position();
        writtenSegment = c.segment;
    }

    // ------------------------------------------------------------------ reading back

    /**
     * Reads a message record back (for a queue paging messages in). Waits briefly if the writer has not
     * yet written that far; throws when the record cannot be read or fails its checksum.
     */
    public StoreRecord.MessageRecord readMessage(long segment, long offset) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (segment > writtenSegment || (segment == writtenSegment && offset >= writtenOffset)) {
            if (System.nanoTime() > deadline || failure != null) {
                throw new IllegalStateException("message at segment " + segment + " offset " + offset
                        + " was never written");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        try {
            FileChannel ch = readers.computeIfAbsent(segment, s -> {
                try {
                    return FileChannel.open(segmentPath(dir, s), StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(StoreRecord.FRAMING);
            readFully(ch, head, offset);
            head.flip();
            if ((head.get() & 0xFF) != StoreRecord.MAGIC) {
                throw new IllegalStateException("no record at segment " + segment + " offset " + offset);
            }
            int length = head.getInt();
            long crc = head.getInt() & 0xFFFFFFFFL;
            java.nio.ByteBuffer payload = java.nio.ByteBuffer.allocate(length);
            readFully(ch, payload, offset + StoreRecord.FRAMING);
            payload.flip();
            ByteBuf buf = Unpooled.wrappedBuffer(payload);
            if (StoreRecord.crc(buf, 0, length) != crc) {
                throw new IllegalStateException("checksum mismatch at segment " + segment + " offset " + offset);
            }
            buf.skipBytes(1);
            return StoreRecord.MessageRecord.read(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read segment " + segment, e);
        }
    }

    @Override
    public Message load(long storeId, long segment, long offset) {
        StoreRecord.MessageRecord r = readMessage(segment, offset);
        if (r.msgId() != storeId) {
            throw new IllegalStateException("segment " + segment + " offset " + offset + " holds message " + r.msgId()
                    + ", not " + storeId);
        }
        return new Message(r.exchange(), r.routingKey(), r.properties(), BasicProperties.parse(r.properties()), r.body(),
                r.timestamp());
    }

    private static void readFully(FileChannel ch, java.nio.ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = ch.read(into, position + into.position());
            if (n < 0) {
                throw new IOException("unexpected end of segment");
            }
        }
    }

    private void runWaiters() {
        List<Runnable> ready = new ArrayList<>();
        lock.lock();
        try {
            while (!waiters.isEmpty() && waiters.peek().lsn() <= durableLsn) {
                ready.add(waiters.poll().action());
            }
        } finally {
            lock.unlock();
        }
        for (Runnable r : ready) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("durability callback failed", e);
            }
        }
    }

    /** Deletes the oldest segments while they hold no live message (never the one being written). */
    private void deleteDeadSegments() {
        while (true) {
            long oldest;
            lock.lock();
            try {
                Map.Entry<Long, AtomicLong> first = live.firstEntry();
                if (first == null || first.getKey() >= openSegment || first.getValue().get() > 0) {
                    return;
                }
                oldest = first.getKey();
                live.remove(oldest);
            } finally {
                lock.unlock();
            }
            try {
                FileChannel reader = readers.remove(oldest);
                if (reader != null) {
                    reader.close();
                }
                Files.deleteIfExists(segmentPath(dir, oldest));
                log.debug("deleted message store segment {}", oldest);
            } catch (IOException e) {
                log.warn("cannot delete segment {}: {}", oldest, e.toString());
            }
        }
    }

    private void closeFile() {
        for (FileChannel r : readers.values()) {
            try {
                r.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        readers.clear();
        try {
            if (openFile != null) {
                openFile.force(false);
                openFile.close();
            }
        } catch (IOException e) {
            log.warn("closing segment failed: {}", e.toString());
        }
    }

    static Path segmentPath(Path dir, long segment) {
        return dir.resolve(String.format("%016d.seg", segment));
    }

    /** Number of segment files on disk (for tests and metrics). */
    public long segmentCount() {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
