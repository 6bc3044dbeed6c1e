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
    private static final int BUFFER_SIZE = 1 << 16;
    private ByteBuf buffer = Unpooled.buffer(BUFFER_SIZE);
    /**
     * A written chunk's buffer, emptied, for the next one (guarded by {@link #lock}): under load every
     * group commit takes the buffer, and a new 64 KB array each time was most of the broker's garbage.
     */
    private ByteBuf spare;
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
    private long writePosition;
    private final java.util.concurrent.ExecutorService preallocator =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "warren-store-preallocator");
                t.setDaemon(true);
                return t;
            });
    private volatile java.util.concurrent.Future<Path> prepared;
    private volatile long preparedSegment = -1;

    private record Chunk(long segment, ByteBuf bytes) {
    }

    /** Where a message copied forward by compaction now lives, and how many queues still hold it. */
    private record Relocation(long segment, long offset, AtomicLong refs) {
    }

    private static final long COMPACT_MAX_LIVE = 10_000;
    private static final int COMPACT_MIN_NEWER_SEGMENTS = 3;
    private final java.util.concurrent.ConcurrentHashMap<Long, Relocation> relocations =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile LiveMessages liveMessages;
    /** The segment being compacted, or -1; guarded by {@link #lock}. */
    private long compacting = -1;
    private final java.util.Set<String> removedWhileCompacting = new java.util.HashSet<>();
    private long lastCompaction;

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

    /** Lets compaction ask the broker which messages are still held. */
    public void setLiveMessages(LiveMessages liveMessages) {
        this.liveMessages = liveMessages;
    }

    /** One reference to a stored message is gone: counts it off its (possibly relocated) segment. Under lock. */
    private void release(String vhost, String queue, long msgId, long segment) {
        Relocation r = relocations.get(msgId);
        long seg = r != null ? r.segment() : segment;
        AtomicLong count = live.get(seg);
        if (count != null) {
            count.decrementAndGet();
        }
        if (r != null && r.refs().decrementAndGet() <= 0) {
            relocations.remove(msgId, r);
        }
        if (seg == compacting) {
            removedWhileCompacting.add(vhost + "\u0000" + queue + "\u0000" + msgId);
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
                    release(queue.vhost(), queue.name(), e.storeId(), e.segment());
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
            release(vhost, queue, msgId, segment);
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
            buffer = freshBuffer();
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
            boolean idle = false;
            lock.lock();
            try {
                while (!closed && sealed.isEmpty() && !buffer.isReadable() && waiters.isEmpty() && !idle) {
                    // when nothing is written for a second, reclaim and compact what the last writes left
                    try {
                        idle = work.awaitNanos(1_000_000_000L) <= 0;
                    } catch (InterruptedException e) {
                        idle = true;
                    }
                }
                if (closed && sealed.isEmpty() && !buffer.isReadable()) {
                    break;
                }
                batch.addAll(sealed);
                sealed.clear();
                if (buffer.isReadable()) {
                    batch.add(new Chunk(currentSegment, buffer));
                    buffer = freshBuffer();
                }
                lsn = appendedLsn;
            } finally {
                lock.unlock();
            }
            try {
                for (Chunk c : batch) {
                    write(c);
                }
                recycle(batch);
                if (openFile != null && !batch.isEmpty()) {
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
            try {
                maybeCompact();
            } catch (RuntimeException e) {
                log.warn("message store compaction failed; will retry", e);
            }
        }
        closeFile();
    }

    /** An empty buffer for appenders: the spare one if there is one. Under {@link #lock}. */
    private ByteBuf freshBuffer() {
        ByteBuf b = spare;
        if (b == null) {
            return Unpooled.buffer(BUFFER_SIZE);
        }
        spare = null;
        return b;
    }

    /** The written chunks' buffers are nobody's now: keep one (not an oversized one) as the spare. */
    private void recycle(List<Chunk> written) {
        if (written.isEmpty()) {
            return;
        }
        ByteBuf last = written.get(written.size() - 1).bytes;
        if (last.capacity() > 4 * BUFFER_SIZE) {
            return;
        }
        lock.lock();
        try {
            if (spare == null) {
                last.clear();
                spare = last;
            }
        } finally {
            lock.unlock();
        }
    }

    private void write(Chunk c) throws IOException {
        if (openSegment != c.segment) {
            if (openFile != null) {
                openFile.force(false);
                openFile.close();
            }
            Path p = segmentPath(dir, c.segment);
            Path prepared = takePreallocated(c.segment);
            if (prepared != null) {
                Files.move(prepared, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            openFile = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (prepared == null) {
                openFile.write(java.nio.ByteBuffer.wrap(StoreRecord.SEGMENT_HEADER), 0);
            }
            writePosition = StoreRecord.SEGMENT_HEADER.length;
            openSegment = c.segment;
            preallocate(c.segment + 1);
        }
        java.nio.ByteBuffer bytes = c.bytes.nioBuffer();
        while (bytes.hasRemaining()) {
            writePosition += openFile.write(bytes, writePosition);
        }
        writtenOffset = writePosition;
        writtenSegment = c.segment;
    }

    // ------------------------------------------------------------------ preallocation

    /**
     * Prepares the next segment file in the background: header written, the rest zero-filled and
     * synced. Writing into a file whose size does not change lets each group-commit fdatasync skip the
     * file-system metadata, which on common file systems makes it several times faster.
     */
    private void preallocate(long segment) {
        if (preallocator.isShutdown()) {
            return;
        }
        preparedSegment = segment;
        prepared = preallocator.submit(() -> {
            Path tmp = dir.resolve(String.format("%016d.prealloc", segment));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(StoreRecord.SEGMENT_HEADER), 0);
                java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(1 << 16);
                for (long pos = StoreRecord.SEGMENT_HEADER.length; pos < segmentSize; ) {
                    zeros.clear();
                    zeros.limit((int) Math.min(zeros.capacity(), segmentSize - pos));
                    pos += ch.write(zeros, pos);
                }
                ch.force(true);
            }
            return tmp;
        });
    }

    /** The prepared file for this segment if it is ready now; otherwise the segment is created as it goes. */
    private Path takePreallocated(long segment) {
        java.util.concurrent.Future<Path> f = prepared;
        if (f == null || preparedSegment != segment || !f.isDone()) {
            return null;
        }
        prepared = null;
        try {
            return f.get();
        } catch (Exception e) {
            log.debug("segment preallocation failed: {}", e.toString());
            return null;
        }
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
        Relocation moved = relocations.get(storeId);
        if (moved != null) {
            segment = moved.segment();
            offset = moved.offset();
        }
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

    // ------------------------------------------------------------------ compaction

    private record Held(String vhost, String queue, long msgId, long offset, Message message) {
    }

    /**
     * When the oldest segment is held only by a few live messages while newer segments pile up behind
     * it, copies those messages forward (MESSAGE_COPY records, only for the queues that still hold them)
     * so the segment can be deleted. Liveness comes from the broker itself (queues, unacknowledged
     * deliveries, delayed messages) and is cross-checked with the segment's live count; on any mismatch
     * nothing is copied. Runs on the writer thread; the segment is deleted once the copies are on disk.
     */
    private void maybeCompact() {
        LiveMessages source = liveMessages;
        long oldest;
        lock.lock();
        try {
            Map.Entry<Long, AtomicLong> first = live.firstEntry();
            if (source == null || first == null || first.getKey() >= openSegment) {
                return;
            }
            long refs = first.getValue().get();
            int newer = live.tailMap(first.getKey(), false).size();
            long now = System.currentTimeMillis();
            if (refs <= 0 || refs > COMPACT_MAX_LIVE || newer < COMPACT_MIN_NEWER_SEGMENTS || now - lastCompaction < 1000) {
                return;
            }
            lastCompaction = now;
            oldest = first.getKey();
            compacting = oldest;
            removedWhileCompacting.clear();
        } finally {
            lock.unlock();
        }
        List<Held> held = new ArrayList<>();
        List<String[]> marks = new ArrayList<>();
        try {
            // read the broker's state first: queues take their own locks, never under the store's lock
            source.forEachDeliveredMark((vhost, queue, mark) -> marks.add(new String[] {vhost, queue, Long.toString(mark)}));
            source.forEach((vhost, queue, msgId, segment, offset, message) -> {
                Relocation r = relocations.get(msgId);
                long seg = r != null ? r.segment() : segment;
                if (seg == oldest) {
                    held.add(new Held(vhost, queue, msgId, r != null ? r.offset() : offset, message));
                }
            });
            lock.lock();
            try {
                held.removeIf(h -> removedWhileCompacting.contains(h.vhost() + "\u0000" + h.queue() + "\u0000" + h.msgId()));
                AtomicLong count = live.get(oldest);
                if (count == null || count.get() != held.size() || failure != null) {
                    log.debug("compaction of segment {} skipped: {} live references counted, {} found", oldest,
                            count == null ? 0 : count.get(), held.size());
                    return;
                }
                TreeMap<Long, List<Held>> byMessage = new TreeMap<>();
                for (Held h : held) {
                    byMessage.computeIfAbsent(h.msgId(), k -> new ArrayList<>()).add(h);
                }
                for (Map.Entry<Long, List<Held>> e : byMessage.entrySet()) {
                    copyForward(oldest, e.getKey(), e.getValue());
                }
                for (String[] mark : marks) {
                    int start = StoreRecord.begin(scratch(), StoreRecord.DELIVERED);
                    StoreRecord.writeString(scratch, mark[0]);
                    StoreRecord.writeString(scratch, mark[1]);
                    scratch.writeLong(Long.parseLong(mark[2]));
                    StoreRecord.end(scratch, start);
                    commitScratch();
                }
                log.info("message store: compacted segment {}: {} live messages copied forward", oldest,
                        byMessage.size());
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            try {
                compacting = -1;
                removedWhileCompacting.clear();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Under lock: writes one message again for the queues that hold it and moves its references. */
    private void copyForward(long fromSegment, long msgId, List<Held> holders) {
        Held any = holders.get(0);
        Message m = any.message();
        long timestamp;
        if (m == null) {
            StoreRecord.MessageRecord r = readMessage(fromSegment, any.offset());
            m = new Message(r.exchange(), r.routingKey(), r.properties(), BasicProperties.parse(r.properties()),
                    r.body(), r.timestamp());
        }
        timestamp = m.timestamp();
        List<String> queues = new ArrayList<>();
        for (Held h : holders) {
            if (!queues.contains(h.queue())) {
                queues.add(h.queue());
            }
        }
        int start = StoreRecord.begin(scratch(), StoreRecord.MESSAGE_COPY);
        scratch.writeLong(msgId);
        scratch.writeLong(timestamp);
        StoreRecord.writeString(scratch, any.vhost());
        scratch.writeShort(queues.size());
        for (String q : queues) {
            StoreRecord.writeString(scratch, q);
        }
        StoreRecord.writeString(scratch, m.exchange());
        StoreRecord.writeString(scratch, m.routingKey());
        StoreRecord.writeBytes(scratch, m.rawProperties());
        StoreRecord.writeBytes(scratch, m.body());
        StoreRecord.end(scratch, start);
        long segment = commitScratch();
        relocations.put(msgId, new Relocation(segment, lastRecordOffset, new AtomicLong(holders.size())));
        live.get(fromSegment).addAndGet(-holders.size());
        live.computeIfAbsent(segment, k -> new AtomicLong()).addAndGet(holders.size());
    }

    private void closeFile() {
        preallocator.shutdownNow();
        try {
            preallocator.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".prealloc"))::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // leftovers are deleted at the next start
        }
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
