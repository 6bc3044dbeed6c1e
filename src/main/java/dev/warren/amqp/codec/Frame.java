package dev.warren.amqp.codec;

import dev.warren.amqp.codec.method.AmqpMethod;
import io.netty.buffer.ByteBuf;

/** What {@link FrameDecoder} produces: one decoded frame, the protocol header, or a framing error. */
public sealed interface Frame {
    int FRAME_METHOD = 1;
    int FRAME_HEADER = 2;
    int FRAME_BODY = 3;
    int FRAME_HEARTBEAT = 8;
    int FRAME_END = 0xCE;
    int FRAME_MIN_SIZE = 4096;
    /** Bytes a frame adds around its payload: type, channel, size, end octet. */
    int FRAME_OVERHEAD = 8;

    int channel();

    /** The client's 8-byte protocol header; {@code supported} is false when it is not AMQP 0-9-1. */
    record ProtocolHeader(boolean supported) implements Frame {
        public int channel() {
            return 0;
        }
    }

    record Method(int channel, AmqpMethod method) implements Frame {
    }

    /** A content header; {@code properties} holds the property flags and list exactly as received. */
    record ContentHeader(int channel, int classId, long bodySize, byte[] properties) implements Frame {
    }

    /** A body frame; the receiver owns {@code payload} and must release it. */
    record ContentBody(int channel, ByteBuf payload) implements Frame {
    }

    record Heartbeat(int channel) implements Frame {
    }

    /** The stream could not be decoded; the connection must be closed with this reply code. */
    record Error(int channel, int replyCode, String text, int classId, int methodId) implements Frame {
    }
}
