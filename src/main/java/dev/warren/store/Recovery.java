package dev.warren.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the segment files and rebuilds which messages each durable queue still holds, in two passes
 * so that memory stays proportional to the acknowledgements, never to the message bodies: the first
 * pass collects acknowledgements, queue deletions and delivery marks; the second streams the messages
 * in log order and hands each surviving one to the listener.
 *
 * <p>A torn record at the end of the newest segment (a crash mid-write) is cut off; a damaged record
 * anywhere else is reported with its file and offset and skipped, and recovery goes on.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** @param orphans "vhost NUL queue" keys of queues that had messages but no longer exist */
    record Result(long maxMsgId, long lastSegment, Map<Long, AtomicLong> liveBySegment, Set<String> orphans) {
    }

    /** What pass one learns about one queue. */
    private static final class QueueFacts {
        final LongHashSet acked = new LongHashSet();
        /** Position (segment, offset) of the last deletion of the queue; messages before it are gone. */
        long deletedSegment = -1;
        long deletedOffset = -1;
        long deliveredUpTo;

        boolean deletedAfter(long segment, long offset) {
            return segment < deletedSegment || (segment == deletedSegment && offset < deletedOffset);
        }
    }

    private interface RecordVisitor {
        void visit(long segment, long offset, ByteBuf payload);
    }

    private Recovery() {
    }

    static Result run(Path dir, RecoveryListener listener) {
        long started = System.nanoTime();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".prealloc"))::iterator) {
                Files.deleteIfExists(p); // a next segment prepared but never used
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<Long> segments = listSegments(dir);
        Map<String, QueueFacts> facts = new HashMap<>();
        // Messages copied forward by compaction: the newest copy of each id replaces its older records.
        java.util.TreeMap<Long, Copy> copies = new java.util.TreeMap<>();
        // pass one: acks, deletions, delivery marks, copies (and repair of the newest segment's tail)
        forEachRecord(dir, segments, true, (seg, offset, payload) -> {
            int type = payload.readUnsignedByte();
            if (type == StoreRecord.MESSAGE_COPY) {
                StoreRecord.MessageRecord r = StoreRecord.MessageRecord.read(payload);
                copies.put(r.msgId(), new Copy(r, seg, offset));
            } else if (type == StoreRecord.ACK) {
                QueueFacts f = facts.computeIfAbsent(key(StoreRecord.readString(payload), StoreRecord.readString(payload)),
                        k -> new QueueFacts());
                int n = payload.readInt();
                for (int i = 0; i < n; i++) {
                    f.acked.add(payload.readLong());
                }
            } else if (type == StoreRecord.QUEUE_DELETED) {
                QueueFacts f = facts.computeIfAbsent(key(StoreRecord.readString(payload), StoreRecord.readString(payload)),
                        k -> new QueueFacts());
                f.deletedSegment = seg;
                f.deletedOffset = offset;
                f.deliveredUpTo = 0;
            } else if (type == StoreRecord.DELIVERED) {
                QueueFacts f = facts.computeIfAbsent(key(StoreRecord.readString(payload), StoreRecord.readString(payload)),
                        k -> new QueueFacts());
                f.deliveredUpTo = Math.max(f.deliveredUpTo, payload.readLong());
            }
        });
        // pass two: the messages, in log order
        Map<Long, AtomicLong> live = new HashMap<>();
        for (long seg : segments) {
            live.put(seg, new AtomicLong());
        }
        Set<String> orphans = new LinkedHashSet<>();
        long[] counters = new long[2]; // max message id, messages recovered
        java.util.Iterator<Copy> pendingCopies = copies.values().iterator();
        Copy[] nextCopy = {pendingCopies.hasNext() ? pendingCopies.next() : null};
        forEachRecord(dir, segments, false, (seg, offset, payload) -> {
            if (payload.readUnsignedByte() != StoreRecord.MESSAGE) {
                return;
            }
            StoreRecord.MessageRecord r = StoreRecord.MessageRecord.read(payload);
            counters[0] = Math.max(counters[0], r.msgId());
            // copies of older messages take their place in id order, so per-queue order is kept
            while (nextCopy[0] != null && nextCopy[0].record.msgId() < r.msgId()) {
                emit(nextCopy[0].record, nextCopy[0].segment, nextCopy[0].offset, facts, listener, live, orphans, counters);
                nextCopy[0] = pendingCopies.hasNext() ? pendingCopies.next() : null;
            }
            if (copies.containsKey(r.msgId())) {
                return;
            }
            emit(r, seg, offset, facts, listener, live, orphans, counters);
        });
        while (nextCopy[0] != null) {
            emit(nextCopy[0].record, nextCopy[0].segment, nextCopy[0].offset, facts, listener, live, orphans, counters);
            nextCopy[0] = pendingCopies.hasNext() ? pendingCopies.next() : null;
        }
        for (Copy c : copies.values()) {
            counters[0] = Math.max(counters[0], c.record.msgId());
        }
        log.info("message store recovered {} messages from {} segments in {} ms", counters[1], segments.size(),
                (System.nanoTime() - started) / 1_000_000);
        long last = segments.isEmpty() ? 0 : segments.get(segments.size() - 1);
        return new Result(counters[0], last, live, orphans);
    }

    private record Copy(StoreRecord.MessageRecord record, long segment, long offset) {
    }

    /** Hands one message record to the listener for each queue that still holds it. */
    private static void emit(StoreRecord.MessageRecord r, long seg, long offset, Map<String, QueueFacts> facts,
                             RecoveryListener listener, Map<Long, AtomicLong> live, Set<String> orphans,
                             long[] counters) {
        for (String q : r.queues()) {
            String k = key(r.vhost(), q);
            QueueFacts f = facts.get(k);
            if (f != null && (f.acked.contains(r.msgId()) || f.deletedAfter(seg, offset))) {
                continue;
            }
            boolean redelivered = f != null && r.msgId() <= f.deliveredUpTo;
            if (listener.recovered(r.vhost(), q, r.msgId(), seg, offset, r.timestamp(), r.exchange(), r.routingKey(),
                    r.properties(), r.body(), redelivered)) {
                live.get(seg).incrementAndGet();
                counters[1]++;
            } else {
                orphans.add(k);
            }
        }
    }

    private static String key(String vhost, String queue) {
        return vhost + "\u0000" + queue;
    }

    static List<Long> listSegments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{16}\\.seg"))
                    .map(n -> Long.parseLong(n.substring(0, 16)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void forEachRecord(Path dir, List<Long> segments, boolean report, RecordVisitor visitor) {
        for (int i = 0; i < segments.size(); i++) {
            scan(dir, segments.get(i), i == segments.size() - 1, report, visitor);
        }
    }

    /** Visits every intact record of one segment. With {@code report}, damage is logged and a torn tail cut. */
    private static void scan(Path dir, long seg, boolean newest, boolean report, RecordVisitor visitor) {
        Path file = MessageStore.segmentPath(dir, seg);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        int header = StoreRecord.SEGMENT_HEADER.length;
        if (bytes.length < header || !Arrays.equals(Arrays.copyOf(bytes, header), StoreRecord.SEGMENT_HEADER)) {
            if (report) {
                log.error("message store segment {} has no valid header; skipped", file);
            }
            return;
        }
        int pos = header;
        while (pos < bytes.length) {
            int size = validRecordAt(in, pos);
            if (size < 0 && zerosFrom(bytes, pos)) {
                return; // the preallocated, never written rest of the segment: a clean end
            }
            if (size < 0) {
                int next = findNextRecord(in, pos + 1);
                if (next < 0) {
                    if (report && newest) {
                        log.warn("message store: torn record at the end of {} (offset {}); cut off", file, pos);
                        truncate(file, pos);
                    } else if (report) {
                        log.error("message store: damaged data in {} from offset {} to its end; skipped", file, pos);
                    }
                    return;
                }
                if (report) {
                    log.error("message store: damaged record in {} at offset {}; skipped {} bytes", file, pos,
                            next - pos);
                }
                pos = next;
                continue;
            }
            ByteBuf payload = in.slice(pos + StoreRecord.FRAMING, size - StoreRecord.FRAMING);
            try {
                visitor.visit(seg, pos, payload);
            } catch (RuntimeException e) {
                if (report) {
                    log.error("message store: undecodable record in {} at offset {}; skipped", file, pos);
                }
            }
            pos += size;
        }
    }

    private static boolean zerosFrom(byte[] bytes, int pos) {
        for (int i = pos; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns the record's total size when a whole record with a matching checksum starts at pos, else -1. */
    private static int validRecordAt(ByteBuf in, int pos) {
        if (pos + StoreRecord.FRAMING > in.capacity() || in.getUnsignedByte(pos) != StoreRecord.MAGIC) {
            return -1;
        }
        long length = in.getUnsignedInt(pos + 1);
        if (length < 1 || pos + StoreRecord.FRAMING + length > in.capacity()) {
            return -1;
        }
        long crc = in.getUnsignedInt(pos + 5);
        if (StoreRecord.crc(in, pos + StoreRecord.FRAMING, (int) length) != crc) {
            return -1;
        }
        return (int) (StoreRecord.FRAMING + length);
    }

    private static int findNextRecord(ByteBuf in, int from) {
        for (int p = from; p < in.capacity(); p++) {
            if (in.getUnsignedByte(p) == StoreRecord.MAGIC && validRecordAt(in, p) > 0) {
                return p;
            }
        }
        return -1;
    }

    private static void truncate(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate " + file, e);
        }
    }
}
