package dev.warren.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the segment files in order and rebuilds which messages each durable queue still holds.
 * A torn record at the end of the newest segment (a crash mid-write) is cut off; a damaged record
 * anywhere else is reported with its file and offset and skipped, and recovery goes on.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** @param orphans "vhost NUL queue" keys of queues that had messages but no longer exist */
    record Result(long maxMsgId, long lastSegment, Map<Long, AtomicLong> liveBySegment, Set<String> orphans) {
    }

    private static final class Pending {
        final StoreRecord.MessageRecord record;
        final long segment;
        final Set<String> queues;

        Pending(StoreRecord.MessageRecord record, long segment) {
            this.record = record;
            this.segment = segment;
            this.queues = new LinkedHashSet<>(record.queues());
        }
    }

    private Recovery() {
    }

    static Result run(Path dir, RecoveryListener listener) {
        long started = System.nanoTime();
        List<Long> segments = listSegments(dir);
        Map<Long, Pending> messages = new LinkedHashMap<>();
        Map<String, Long> delivered = new HashMap<>();
        long maxMsgId = 0;
        for (int i = 0; i < segments.size(); i++) {
            long seg = segments.get(i);
            boolean newest = i == segments.size() - 1;
            maxMsgId = Math.max(maxMsgId, scan(dir, seg, newest, messages, delivered));
        }
        Map<Long, AtomicLong> live = new HashMap<>();
        for (long seg : segments) {
            live.put(seg, new AtomicLong());
        }
        long count = 0;
        Set<String> orphans = new LinkedHashSet<>();
        List<Pending> ordered = new ArrayList<>(messages.values());
        ordered.sort((a, b) -> Long.compare(a.record.msgId(), b.record.msgId()));
        for (Pending p : ordered) {
            StoreRecord.MessageRecord r = p.record;
            for (String q : p.queues) {
                Long mark = delivered.get(key(r.vhost(), q));
                boolean redelivered = mark != null && r.msgId() <= mark;
                if (listener.recovered(r.vhost(), q, r.msgId(), p.segment, r.exchange(), r.routingKey(),
                        r.properties(), r.body(), redelivered)) {
                    live.get(p.segment).incrementAndGet();
                    count++;
                } else {
                    orphans.add(key(r.vhost(), q));
                }
            }
        }
        log.info("message store recovered {} messages from {} segments in {} ms", count, segments.size(),
                (System.nanoTime() - started) / 1_000_000);
        long last = segments.isEmpty() ? 0 : segments.get(segments.size() - 1);
        return new Result(maxMsgId, last, live, orphans);
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

    /** Applies one segment's records; returns the largest message id seen. */
    private static long scan(Path dir, long seg, boolean newest, Map<Long, Pending> messages,
                             Map<String, Long> delivered) {
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
            if (newest && bytes.length < header) {
                truncate(file, 0);
                return 0;
            }
            log.error("message store segment {} has no valid header; skipped", file);
            return 0;
        }
        long maxId = 0;
        int pos = header;
        while (pos < bytes.length) {
            int size = validRecordAt(in, pos);
            if (size < 0) {
                int next = findNextRecord(in, pos + 1);
                if (next < 0) {
                    if (newest) {
                        log.warn("message store: torn record at the end of {} (offset {}); cut off", file, pos);
                        truncate(file, pos);
                    } else {
                        log.error("message store: damaged data in {} from offset {} to its end; skipped", file, pos);
                    }
                    break;
                }
                log.error("message store: damaged record in {} at offset {}; skipped {} bytes", file, pos, next - pos);
                pos = next;
                continue;
            }
            ByteBuf payload = in.slice(pos + StoreRecord.FRAMING, size - StoreRecord.FRAMING);
            try {
                maxId = Math.max(maxId, apply(payload, seg, messages, delivered));
            } catch (RuntimeException e) {
                log.error("message store: undecodable record in {} at offset {}; skipped", file, pos);
            }
            pos += size;
        }
        return maxId;
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

    private static long apply(ByteBuf in, long seg, Map<Long, Pending> messages, Map<String, Long> delivered) {
        int type = in.readUnsignedByte();
        switch (type) {
            case StoreRecord.MESSAGE: {
                StoreRecord.MessageRecord r = StoreRecord.MessageRecord.read(in);
                messages.putIfAbsent(r.msgId(), new Pending(r, seg));
                return r.msgId();
            }
            case StoreRecord.ACK: {
                String vhost = StoreRecord.readString(in);
                String queue = StoreRecord.readString(in);
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    long id = in.readLong();
                    Pending p = messages.get(id);
                    if (p != null && p.record.vhost().equals(vhost)) {
                        p.queues.remove(queue);
                        if (p.queues.isEmpty()) {
                            messages.remove(id);
                        }
                    }
                }
                return 0;
            }
            case StoreRecord.QUEUE_DELETED: {
                String vhost = StoreRecord.readString(in);
                String queue = StoreRecord.readString(in);
                messages.values().removeIf(p -> p.record.vhost().equals(vhost) && p.queues.remove(queue)
                        && p.queues.isEmpty());
                delivered.remove(key(vhost, queue));
                return 0;
            }
            case StoreRecord.DELIVERED: {
                String vhost = StoreRecord.readString(in);
                String queue = StoreRecord.readString(in);
                delivered.merge(key(vhost, queue), in.readLong(), Math::max);
                return 0;
            }
            default:
                throw new IllegalArgumentException("unknown record type " + type);
        }
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
