package dev.warren.store;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The record format of the message store's segment files.
 *
 * <pre>
 * segment file = "WRNSEG01" record*
 * record       = magic(0xA5) length(u32) crc32c(u32, of payload) payload[length]
 * payload      = type(u8) fields...
 *   MESSAGE        msgId(u64) timestamp(u64, epoch ms) vhost queueCount(u16) queue* exchange routingKey properties(bytes) body(bytes)
 *   ACK            vhost queue count(u32) msgId(u64)*
 *   QUEUE_DELETED  vhost queue
 *   DELIVERED      vhost queue uptoMsgId(u64)   -- every message of the queue with id &lt;= upto may have been delivered
 *   MESSAGE_COPY   as MESSAGE: a live message copied forward out of a segment being compacted; it
 *                  replaces every earlier record of the same message id
 * string = length(u16) utf8;  bytes = length(u32) octets
 * </pre>
 */
public final class StoreRecord {
    static final byte[] SEGMENT_HEADER = "WRNSEG01".getBytes(StandardCharsets.US_ASCII);
    static final int MAGIC = 0xA5;
    static final int FRAMING = 9;

    static final int MESSAGE = 1;
    static final int ACK = 2;
    static final int QUEUE_DELETED = 3;
    static final int DELIVERED = 4;
    static final int MESSAGE_COPY = 5;

    private StoreRecord() {
    }

    /** Starts a record: writes the framing with placeholders; finish with {@link #end}. */
    static int begin(ByteBuf out, int type) {
        int start = out.writerIndex();
        out.writeByte(MAGIC);
        out.writeInt(0);
        out.writeInt(0);
        out.writeByte(type);
        return start;
    }

    /** Fills in length and checksum of the record started at {@code start}; returns its total size. */
    static int end(ByteBuf out, int start) {
        int payloadStart = start + FRAMING;
        int length = out.writerIndex() - payloadStart;
        out.setInt(start + 1, length);
        out.setInt(start + 5, (int) crc(out, payloadStart, length));
        return FRAMING + length;
    }

    static long crc(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.nioBuffer(index, length));
        return crc.getValue();
    }

    static void writeString(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.writeBytes(b);
    }

    static String readString(ByteBuf in) {
        int n = in.readUnsignedShort();
        String s = in.toString(in.readerIndex(), n, StandardCharsets.UTF_8);
        in.skipBytes(n);
        return s;
    }

    static void writeBytes(ByteBuf out, byte[] b) {
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    static byte[] readBytes(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes()) {
            throw new IllegalArgumentException("bad length " + n);
        }
        byte[] b = new byte[n];
        in.readBytes(b);
        return b;
    }

    /** A decoded MESSAGE record. */
    public record MessageRecord(long msgId, long timestamp, String vhost, List<String> queues, String exchange,
                                String routingKey, byte[] properties, byte[] body) {
        static MessageRecord read(ByteBuf in) {
            long id = in.readLong();
            long timestamp = in.readLong();
            String vhost = readString(in);
            int n = in.readUnsignedShort();
            List<String> queues = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                queues.add(readString(in));
            }
            return new MessageRecord(id, timestamp, vhost, queues, readString(in), readString(in), readBytes(in), readBytes(in));
        }
    }
}
