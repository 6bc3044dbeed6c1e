package dev.warren.broker.queue;

import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.MessageCounts;
import dev.warren.broker.queue.stream.StreamArguments;
import dev.warren.broker.queue.stream.StreamLog;
import dev.warren.broker.queue.stream.StreamSync;
import dev.warren.store.MessageStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A stream queue ({@code x-queue-type=stream}) as RabbitMQ offers it to AMQP 0-9-1 clients: an
 * append-only log that consumers read without removing anything. Each consumer starts where its
 * {@code x-stream-offset} argument says and reads on; an ack only gives it credit for more. Every
 * delivery carries its offset in the {@code x-stream-offset} header. Retention ({@code x-max-length-bytes},
 * {@code x-max-age}) drops whole segments of the log, oldest first.
 *
 * <p>With a data directory, the log lives in its own segment files under {@code streams/} and every
 * message (persistent or not) is kept across restarts; a publisher confirm waits for the fsync. Without
 * one it lives in memory.
 */
public final class StreamQueue extends Queue {
    private static final long AGE_CHECK_MILLIS = 10_000;

    /** One consumer and the offset it reads next. */
    private static final class Reader {
        final Consumer consumer;
        long next;

        Reader(Consumer consumer, long next) {
            this.consumer = consumer;
            this.next = next;
        }
    }

    private final StreamArguments streamArgs;
    private final StreamLog log;
    /** Where the log's segment files are; null when the log is in memory. */
    private final Path dir;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Reader> readers = new ArrayList<>();
    private Reader exclusiveReader;
    private int cursor;
    private int unacked;
    private long publishedCount;
    private long deliveredCount;
    private long ackedCount;
    private ScheduledFuture<?> ageTimer;
    private volatile boolean deleted;

    public StreamQueue(String vhost, String name, Map<String, Object> arguments, QueueArguments args,
                       StreamArguments streamArgs, QueueContext context) {
        super(vhost, name, true, false, null, arguments, args, context.withoutJournal());
        this.streamArgs = streamArgs;
        this.dir = directory(context, vhost, name);
        this.log = dir == null ? StreamLog.inMemory(streamArgs.maxSegmentBytes())
                : StreamLog.open(dir, streamArgs.maxSegmentBytes());
        log.applyRetention(streamArgs.maxLengthBytes(), streamArgs.maxAgeMillis(), System.currentTimeMillis());
        if (streamArgs.maxAgeMillis() != null && context.timer() != null) {
            long every = Math.min(AGE_CHECK_MILLIS, streamArgs.maxAgeMillis());
            ageTimer = context.timer().scheduleWithFixedDelay(this::retain, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Where a stream keeps its segments: {@code <data dir>/streams/<hash of vhost and name>}; null in memory. */
    private static Path directory(QueueContext context, String vhost, String name) {
        if (!(context.journal() instanceof MessageStore store)) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((vhost + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
            return store.directory().resolveSibling("streams").resolve(HexFormat.of().formatHex(digest, 0, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Deletes the logs under the data directory that belong to no stream queue (one declared just
     * before a crash, before its definition was saved). Call once the definitions are loaded.
     */
    public static void deleteOrphanedLogs(MessageStore store, Collection<Queue> queues) {
        Path root = store.directory().resolveSibling("streams");
        if (!java.nio.file.Files.isDirectory(root)) {
            return;
        }
        java.util.Set<Path> inUse = new java.util.HashSet<>();
        for (Queue q : queues) {
            if (q instanceof StreamQueue s && s.dir != null) {
                inUse.add(s.dir);
            }
        }
        try (var list = java.nio.file.Files.list(root)) {
            for (Path p : list.toList()) {
                if (!inUse.contains(p)) {
                    StreamLog.open(p, StreamArguments.DEFAULT_SEGMENT_BYTES).delete();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + root, e);
        }
    }

    public StreamArguments streamArguments() {
        return streamArgs;
    }

    /** The log itself (for tests and management). */
    public StreamLog log() {
        return log;
    }

    // ------------------------------------------------------------------ appending

    @Override
    public EnqueueResult enqueue(Message message) {
        lock.lock();
        try {
            if (deleted) {
                return EnqueueResult.GONE;
            }
            int before = log.segmentCount();
            log.append(message, message.timestamp());
            publishedCount++;
            // size is checked on every append (so a restart finds nothing more to drop), age when a segment is full
            if (log.segmentCount() != before
                    || (streamArgs.maxLengthBytes() != null && log.bytes() > streamArgs.maxLengthBytes())) {
                log.applyRetention(streamArgs.maxLengthBytes(), streamArgs.maxAgeMillis(), System.currentTimeMillis());
            }
            dispatchLocked();
            return EnqueueResult.ENQUEUED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public EnqueueResult enqueue(Message message, long storeId, long segment, long offset) {
        // the router never stores messages for a stream in the message store: the stream has its own log
        return enqueue(message);
    }

    @Override
    public boolean wouldAccept(Message message) {
        return true;
    }

    /** What a publisher confirm must wait for after an append (null when already safe). */
    public StreamSync durability() {
        long last = log.nextOffset() - 1;
        if (last < 0 || log.isDurable(last)) {
            return null;
        }
        return StreamSync.of(log, last);
    }

    private void retain() {
        lock.lock();
        try {
            if (!deleted) {
                log.applyRetention(streamArgs.maxLengthBytes(), streamArgs.maxAgeMillis(), System.currentTimeMillis());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recover(Supplier<Message> message, long storeId, long segment, long offset, int bodySize,
                        boolean redelivered) {
        // a stream recovers from its own log
    }

    @Override
    public void recoveryComplete() {
    }

    // ------------------------------------------------------------------ consuming

    /**
     * basic.consume on a stream: manual acknowledgement and a consumer prefetch are required, as in
     * RabbitMQ; {@code x-stream-offset} says where to start.
     */
    public void addConsumer(Consumer consumer, boolean exclusive, Map<String, Object> consumerArgs, int prefetch)
            throws BrokerException {
        if (prefetch <= 0) {
            throw BrokerException.preconditionFailed("consumer prefetch count is not set for '" + this + "'");
        }
        if (consumer.noAck()) {
            throw BrokerException.notImplemented("automatic acknowledgement not supported by stream queues " + this);
        }
        Map<String, Object> a = consumerArgs == null ? Map.of() : consumerArgs;
        if (a.containsKey("x-priority")) {
            throw BrokerException.preconditionFailed("invalid arg 'x-priority' for " + this
                    + " of queue type rabbit_stream_queue");
        }
        Object spec = a.get("x-stream-offset");
        lock.lock();
        try {
            if (deleted) {
                throw BrokerException.notFound("no " + this);
            }
            if (exclusiveReader != null || (exclusive && !readers.isEmpty())) {
                throw BrokerException.accessRefused(this + " in exclusive use");
            }
            Reader r = new Reader(consumer, startOffset(spec));
            readers.add(r);
            if (exclusive) {
                exclusiveReader = r;
            }
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void addConsumer(Consumer consumer, boolean exclusive) throws BrokerException {
        addConsumer(consumer, exclusive, Map.of(), Integer.MAX_VALUE);
    }

    /** Where a consumer starts: first, last (the last chunk), next (default), an offset, a time, or an age. */
    private long startOffset(Object spec) throws BrokerException {
        if (spec == null) {
            return log.nextOffset();
        }
        if (spec instanceof byte[] b) {
            spec = new String(b, StandardCharsets.UTF_8);
        }
        if (spec instanceof String s) {
            switch (s) {
                case "first":
                    return log.firstOffset();
                case "last":
                    return log.lastChunkOffset();
                case "next":
                    return log.nextOffset();
                default:
                    Long age = StreamArguments.parseInterval(s);
                    if (age == null) {
                        throw BrokerException.preconditionFailed("invalid arg 'x-stream-offset' for " + this
                                + ": {invalid_offset_arg," + s + "}");
                    }
                    return log.offsetAt(System.currentTimeMillis() - age);
            }
        }
        if (spec instanceof java.util.Date d) {
            return log.offsetAt(d.getTime());
        }
        if (spec instanceof Byte || spec instanceof Short || spec instanceof Integer || spec instanceof Long) {
            return Math.max(0, ((Number) spec).longValue());
        }
        throw BrokerException.preconditionFailed("invalid arg 'x-stream-offset' for " + this
                + ": {unacceptable_type," + QueueArguments.amqpType(spec) + "}");
    }

    @Override
    public boolean removeConsumer(Consumer consumer) {
        lock.lock();
        try {
            for (int i = 0; i < readers.size(); i++) {
                if (readers.get(i).consumer == consumer) {
                    Reader r = readers.remove(i);
                    if (exclusiveReader == r) {
                        exclusiveReader = null;
                    }
                    break;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void dispatch() {
        lock.lock();
        try {
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Hands each consumer what it has credit for, from its own position; consumers take turns. */
    private void dispatchLocked() {
        if (deleted || readers.isEmpty()) {
            return;
        }
        long end = log.nextOffset();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int n = readers.size(), i = 0; i < n; i++) {
                Reader r = readers.get(Math.floorMod(cursor + i, n));
                long first = log.firstOffset();
                if (r.next < first) {
                    r.next = first; // retention dropped what it had not read yet
                }
                if (r.next >= end || !r.consumer.tryReserve()) {
                    continue;
                }
                Message m = log.read(r.next);
                if (m == null) {
                    r.consumer.cancelReservation();
                    continue;
                }
                QueueEntry e = new QueueEntry(m, r.next, 0, 0, 0);
                r.next++;
                unacked++;
                deliveredCount++;
                r.consumer.deliver(this, e);
                progress = true;
            }
            cursor++;
        }
    }

    // ------------------------------------------------------------------ settling: only credit moves

    @Override
    public void acknowledge(List<QueueEntry> entries) {
        settled(entries.size(), true);
    }

    @Override
    public void reject(List<QueueEntry> entries) {
        settled(entries.size(), false);
    }

    @Override
    public void requeue(Collection<QueueEntry> entries) {
        settled(entries.size(), false);
    }

    @Override
    public void giveBack(QueueEntry entry, boolean wasUnacked) {
        settled(wasUnacked ? 1 : 0, false);
    }

    private void settled(int n, boolean acked) {
        lock.lock();
        try {
            unacked = Math.max(0, unacked - n);
            if (acked) {
                ackedCount += n;
            }
        } finally {
            lock.unlock();
        }
    }

    /** basic.get is not available on streams; the channel refuses it before asking. */
    @Override
    public QueueEntry poll(boolean ack) {
        return null;
    }

    @Override
    public int purge() {
        return 0;
    }

    @Override
    public void forEachStoredEntry(StoredEntryVisitor visitor) {
    }

    @Override
    public long deliveredMark() {
        return 0;
    }

    @Override
    public int markDeleted(List<Consumer> detached) {
        lock.lock();
        try {
            deleted = true;
            int n = (int) Math.min(Integer.MAX_VALUE, log.count());
            for (Reader r : readers) {
                detached.add(r.consumer);
            }
            readers.clear();
            exclusiveReader = null;
            if (ageTimer != null) {
                ageTimer.cancel(false);
            }
            log.delete();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Closes the log's files at shutdown (the stream stays on disk). */
    public void close() {
        if (ageTimer != null) {
            ageTimer.cancel(false);
        }
        log.close();
    }

    // ------------------------------------------------------------------ views

    /**
     * Policies do not change a stream: the keys RabbitMQ has for streams ({@code max-age},
     * {@code stream-max-segment-size-bytes}) are accepted without effect, the classic-queue keys do not
     * apply to streams.
     */
    @Override
    public void applyPolicy(dev.warren.broker.policy.Policy newPolicy) {
        // nothing to change
    }

    @Override
    public void applyPolicies(dev.warren.broker.policy.Policy newPolicy, dev.warren.broker.policy.Policy operator) {
        // nothing to change
    }

    @Override
    public int messageCount() {
        return (int) Math.min(Integer.MAX_VALUE, log.count());
    }

    @Override
    public QueueStats stats() {
        lock.lock();
        try {
            // as RabbitMQ: every retained message counts as ready; deliveries awaiting an ack only hold credit
            // (consumers of a stream always acknowledge)
            return new QueueStats(messageCount(), 0, readers.size(), log.bytes(),
                    MessageCounts.ofQueue(publishedCount, deliveredCount, 0, 0, 0, 0, 0, ackedCount));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int unackedCount() {
        lock.lock();
        try {
            return unacked;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int consumerCount() {
        lock.lock();
        try {
            return readers.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isDeleted() {
        return deleted;
    }
}
