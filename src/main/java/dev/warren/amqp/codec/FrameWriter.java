package dev.warren.amqp.codec;

import dev.warren.amqp.codec.method.AmqpMethod;
import io.netty.buffer.ByteBuf;

/** Encodes frames into a buffer: method frames, content header and body frames, heartbeats. */
public final class FrameWriter {
    private static final int BASIC_CLASS_ID = 60;

    private FrameWriter() {
    }

    public static void writeMethod(ByteBuf out, int channel, AmqpMethod method) {
        out.writeByte(Frame.FRAME_METHOD);
        out.writeShort(channel);
        int sizeIndex = out.writerIndex();
        out.writeInt(0);
        out.writeShort(method.classId());
        out.writeShort(method.methodId());
        method.writeArguments(out);
        out.setInt(sizeIndex, out.writerIndex() - sizeIndex - 4);
        out.writeByte(Frame.FRAME_END);
    }

    /**
     * Writes a basic.deliver method frame from pre-encoded short strings: the hot path of every
     * consumer, so nothing is encoded or allocated per message.
     */
    public static void writeDeliver(ByteBuf out, int channel, byte[] consumerTag, long deliveryTag,
                                    boolean redelivered, byte[] exchange, byte[] routingKey) {
        int size = 4 + 1 + consumerTag.length + 8 + 1 + 1 + exchange.length + 1 + routingKey.length;
        out.ensureWritable(size + Frame.FRAME_OVERHEAD);
        out.writeByte(Frame.FRAME_METHOD);
        out.writeShort(channel);
        out.writeInt(size);
        out.writeInt((60 << 16) | 60); // basic.deliver
        out.writeByte(consumerTag.length);
        out.writeBytes(consumerTag);
        out.writeLong(deliveryTag);
        out.writeByte(redelivered ? 1 : 0);
        out.writeByte(exchange.length);
        out.writeBytes(exchange);
        out.writeByte(routingKey.length);
        out.writeBytes(routingKey);
        out.writeByte(Frame.FRAME_END);
    }

    /** Writes the content header frame; {@code properties} is the raw flags-and-list as a client sent it. */
    public static void writeContentHeader(ByteBuf out, int channel, long bodySize, byte[] properties) {
        out.writeByte(Frame.FRAME_HEADER);
        out.writeShort(channel);
        out.writeInt(12 + properties.length);
        out.writeShort(BASIC_CLASS_ID);
        out.writeShort(0);
        out.writeLong(bodySize);
        out.writeBytes(properties);
        out.writeByte(Frame.FRAME_END);
    }

    /** Writes the body as frames of at most {@code maxFrameSize} bytes each (framing included). */
    public static void writeBody(ByteBuf out, int channel, byte[] body, int maxFrameSize) {
        int chunk = maxFrameSize - Frame.FRAME_OVERHEAD;
        for (int offset = 0; offset < body.length; offset += chunk) {
            int len = Math.min(chunk, body.length - offset);
            out.writeByte(Frame.FRAME_BODY);
            out.writeShort(channel);
            out.writeInt(len);
            out.writeBytes(body, offset, len);
            out.writeByte(Frame.FRAME_END);
        }
    }

    public static void writeHeartbeat(ByteBuf out) {
        out.writeByte(Frame.FRAME_HEARTBEAT);
        out.writeShort(0);
        out.writeInt(0);
        out.writeByte(Frame.FRAME_END);
    }

    /** The bytes {@link #writeBody} will produce for a body of this size. */
    public static int bodyFramesSize(int bodySize, int maxFrameSize) {
        int chunk = maxFrameSize - Frame.FRAME_OVERHEAD;
        int frames = (bodySize + chunk - 1) / chunk;
        return bodySize + frames * Frame.FRAME_OVERHEAD;
    }
}
