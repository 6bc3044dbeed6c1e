package dev.warren.amqp.codec;

import dev.warren.amqp.codec.method.AmqpMethod;
import dev.warren.amqp.codec.method.MethodDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the inbound byte stream into AMQP frames: first the 8-byte protocol header, then frames of
 * {@code type(1) channel(2) size(4) payload end(1)}. Method payloads are decoded into method records.
 * A broken stream yields one {@link Frame.Error} and everything after it is discarded.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private static final byte[] HEADER = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    /** AMQP 0-9, which RabbitMQ serves as 0-9-1 (the two are close enough for clients). */
    private static final byte[] HEADER_0_9 = {'A', 'M', 'Q', 'P', 1, 1, 0, 9};

    private boolean headerSeen;
    private boolean failed;
    /** The last content properties decoded: publishers mostly repeat them, and then share this array. */
    private byte[] lastProperties = new byte[0];
    private final byte[] scratch = new byte[256];
    private volatile int maxFrameSize;
    // bytes and reads from the socket, for management and metrics: written and read on the event loop only
    private long bytesRead;
    private long reads;

    /** @param maxFrameSize the largest frame accepted, including its 8 bytes of framing */
    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf in) {
            bytesRead += in.readableBytes();
            reads++;
        }
        super.channelRead(ctx, msg);
    }

    /** Bytes received on the socket so far (call on the channel's event loop). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Socket reads so far, each one or more TCP segments (call on the channel's event loop). */
    public long reads() {
        return reads;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!headerSeen) {
            if (in.readableBytes() < HEADER.length) {
                // A peer sending something else entirely may never send 8 bytes; check what we have.
                for (int i = 0; i < in.readableBytes(); i++) {
                    if (in.getByte(in.readerIndex() + i) != HEADER[i] && i < 4) {
                        failed = true;
                        in.skipBytes(in.readableBytes());
                        out.add(new Frame.ProtocolHeader(false));
                        return;
                    }
                }
                return;
            }
            boolean ok = startsWith(in, HEADER) || startsWith(in, HEADER_0_9);
            in.skipBytes(HEADER.length);
            headerSeen = true;
            if (!ok) {
                failed = true;
                in.skipBytes(in.readableBytes());
            }
            out.add(new Frame.ProtocolHeader(ok));
            return;
        }
        while (in.readableBytes() >= 7) {
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            int channel = in.getUnsignedShort(start + 1);
            long size = in.getUnsignedInt(start + 3);
            // Like RabbitMQ, tolerate frames up to 8 bytes over frame_max (payload <= frame_max): many
            // clients forget the frame overhead when they size body frames.
            if (size > maxFrameSize) {
                fail(in, out, new Frame.Error(channel, 501, "FRAME_ERROR - frame size " + (size + Frame.FRAME_OVERHEAD)
                        + " larger than negotiated maximum " + maxFrameSize, 0, 0));
                return;
            }
            if (in.readableBytes() < size + Frame.FRAME_OVERHEAD) {
                return;
            }
            int payloadStart = start + 7;
            if (in.getUnsignedByte(payloadStart + (int) size) != Frame.FRAME_END) {
                fail(in, out, new Frame.Error(channel, 501, "FRAME_ERROR - frame end marker missing", 0, 0));
                return;
            }
            int end = payloadStart + (int) size;
            Frame frame;
            if (type == Frame.FRAME_BODY) {
                frame = new Frame.ContentBody(channel, in.retainedSlice(payloadStart, (int) size));
            } else {
                // Method and header frames are decoded in place, bounded to the frame (no slice object):
                // everything they carry is copied out of the buffer.
                int writerIndex = in.writerIndex();
                in.setIndex(payloadStart, end);
                try {
                    frame = decodeFrame(type, channel, in);
                } finally {
                    in.writerIndex(writerIndex);
                }
            }
            in.readerIndex(end + 1);
            out.add(frame);
            if (frame instanceof Frame.Error) {
                failed = true;
                in.skipBytes(in.readableBytes());
                return;
            }
        }
    }

    private static boolean startsWith(ByteBuf in, byte[] header) {
        for (int i = 0; i < header.length; i++) {
            if (in.getByte(in.readerIndex() + i) != header[i]) {
                return false;
            }
        }
        return true;
    }

    /** The rest of a content header: the property flags and list, as the same array as last time when equal. */
    private byte[] properties(ByteBuf payload) {
        int n = payload.readableBytes();
        byte[] last = lastProperties;
        if (n == last.length && n <= scratch.length) {
            payload.readBytes(scratch, 0, n);
            if (java.util.Arrays.equals(scratch, 0, n, last, 0, n)) {
                return last;
            }
            byte[] properties = java.util.Arrays.copyOf(scratch, n);
            lastProperties = properties;
            return properties;
        }
        byte[] properties = new byte[n];
        payload.readBytes(properties);
        if (n <= scratch.length) {
            lastProperties = properties;
        }
        return properties;
    }

    private void fail(ByteBuf in, List<Object> out, Frame.Error error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(error);
    }

    private Frame decodeFrame(int type, int channel, ByteBuf payload) {
        switch (type) {
            case Frame.FRAME_METHOD:
                return decodeMethod(channel, payload);
            case Frame.FRAME_HEADER: {
                if (payload.readableBytes() < 14) {
                    return new Frame.Error(channel, 501, "FRAME_ERROR - content header too short", 0, 0);
                }
                int classId = payload.readUnsignedShort();
                payload.skipBytes(2); // weight
                long bodySize = payload.readLong();
                return new Frame.ContentHeader(channel, classId, bodySize, properties(payload));
            }
            case Frame.FRAME_HEARTBEAT:
                if (channel != 0) {
                    return new Frame.Error(channel, 505, "UNEXPECTED_FRAME - heartbeat frame on channel " + channel,
                            0, 0);
                }
                return new Frame.Heartbeat(channel);
            default:
                return new Frame.Error(channel, 501, "FRAME_ERROR - unknown frame type " + type, 0, 0);
        }
    }

    private static Frame decodeMethod(int channel, ByteBuf payload) {
        if (payload.readableBytes() < 4) {
            return new Frame.Error(channel, 501, "FRAME_ERROR - method frame too short", 0, 0);
        }
        int classId = payload.readUnsignedShort();
        int methodId = payload.readUnsignedShort();
        AmqpMethod method;
        try {
            method = MethodDecoder.decode(classId, methodId, payload);
        } catch (RuntimeException e) {
            return new Frame.Error(channel, 502, "SYNTAX_ERROR - malformed arguments for method "
                    + classId + "/" + methodId + ": " + e.getMessage(), classId, methodId);
        }
        if (method == null) {
            return new Frame.Error(channel, 540, "NOT_IMPLEMENTED - unknown method " + classId + "/" + methodId,
                    classId, methodId);
        }
        return new Frame.Method(channel, method);
    }
}
