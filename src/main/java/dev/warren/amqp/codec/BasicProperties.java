package dev.warren.amqp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Map;

/**
 * The 14 content properties of class basic, decoded from (or encoded to) the raw property flags and
 * list of a content header. Absent properties are null.
 */
public record BasicProperties(String contentType, String contentEncoding, Map<String, Object> headers,
                              Integer deliveryMode, Integer priority, String correlationId, String replyTo,
                              String expiration, String messageId, Long timestamp, String type, String userId,
                              String appId, String clusterId) {

    public static final BasicProperties EMPTY = new BasicProperties(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int DELIVERY_MODE = 1 << 12;
    private static final int PRIORITY = 1 << 11;
    private static final int CORRELATION_ID = 1 << 10;
    private static final int REPLY_TO = 1 << 9;
    private static final int EXPIRATION = 1 << 8;
    private static final int MESSAGE_ID = 1 << 7;
    private static final int TIMESTAMP = 1 << 6;
    private static final int TYPE = 1 << 5;
    private static final int USER_ID = 1 << 4;
    private static final int APP_ID = 1 << 3;
    private static final int CLUSTER_ID = 1 << 2;

    /** Decodes raw properties; throws on malformed input. */
    public static BasicProperties parse(byte[] raw) {
        if (raw.length < 2) {
            throw new IllegalArgumentException("property flags missing");
        }
        ByteBuf in = Unpooled.wrappedBuffer(raw);
        int flags = in.readUnsignedShort();
        int word = flags;
        while ((word & 1) != 0) { // continuation words: no class basic property lives there
            word = in.readUnsignedShort();
        }
        return new BasicProperties(
                (flags & CONTENT_TYPE) != 0 ? Wire.readShortString(in) : null,
                (flags & CONTENT_ENCODING) != 0 ? Wire.readShortString(in) : null,
                (flags & HEADERS) != 0 ? FieldTables.read(in) : null,
                (flags & DELIVERY_MODE) != 0 ? (Integer) (int) in.readUnsignedByte() : null,
                (flags & PRIORITY) != 0 ? (Integer) (int) in.readUnsignedByte() : null,
                (flags & CORRELATION_ID) != 0 ? Wire.readShortString(in) : null,
                (flags & REPLY_TO) != 0 ? Wire.readShortString(in) : null,
                (flags & EXPIRATION) != 0 ? Wire.readShortString(in) : null,
                (flags & MESSAGE_ID) != 0 ? Wire.readShortString(in) : null,
                (flags & TIMESTAMP) != 0 ? (Long) in.readLong() : null,
                (flags & TYPE) != 0 ? Wire.readShortString(in) : null,
                (flags & USER_ID) != 0 ? Wire.readShortString(in) : null,
                (flags & APP_ID) != 0 ? Wire.readShortString(in) : null,
                (flags & CLUSTER_ID) != 0 ? Wire.readShortString(in) : null);
    }

    /** Encodes these properties as a property-flags word followed by the present values. */
    public byte[] encode() {
        ByteBuf out = Unpooled.buffer(64);
        int flags = (contentType != null ? CONTENT_TYPE : 0) | (contentEncoding != null ? CONTENT_ENCODING : 0)
                | (headers != null ? HEADERS : 0) | (deliveryMode != null ? DELIVERY_MODE : 0)
                | (priority != null ? PRIORITY : 0) | (correlationId != null ? CORRELATION_ID : 0)
                | (replyTo != null ? REPLY_TO : 0) | (expiration != null ? EXPIRATION : 0)
                | (messageId != null ? MESSAGE_ID : 0) | (timestamp != null ? TIMESTAMP : 0)
                | (type != null ? TYPE : 0) | (userId != null ? USER_ID : 0) | (appId != null ? APP_ID : 0)
                | (clusterId != null ? CLUSTER_ID : 0);
        out.writeShort(flags);
        if (contentType != null) Wire.writeShortString(out, contentType);
        if (contentEncoding != null) Wire.writeShortString(out, contentEncoding);
        if (headers != null) FieldTables.write(out, headers);
        if (deliveryMode != null) out.writeByte(deliveryMode);
        if (priority != null) out.writeByte(priority);
        if (correlationId != null) Wire.writeShortString(out, correlationId);
        if (replyTo != null) Wire.writeShortString(out, replyTo);
        if (expiration != null) Wire.writeShortString(out, expiration);
        if (messageId != null) Wire.writeShortString(out, messageId);
        if (timestamp != null) out.writeLong(timestamp);
        if (type != null) Wire.writeShortString(out, type);
        if (userId != null) Wire.writeShortString(out, userId);
        if (appId != null) Wire.writeShortString(out, appId);
        if (clusterId != null) Wire.writeShortString(out, clusterId);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    public boolean persistent() {
        return deliveryMode != null && deliveryMode == 2;
    }
}
