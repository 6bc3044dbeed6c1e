package dev.warren.amqp.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** AMQP primitive string types on the wire. Integers are read directly from the {@link ByteBuf}. */
public final class Wire {
    private Wire() {
    }

    public static String readShortString(ByteBuf in) {
        int len = in.readUnsignedByte();
        if (len == 0) {
            return "";
        }
        String s = ShortStringCache.get().decode(in, in.readerIndex(), len);
        in.skipBytes(len);
        return s;
    }

    public static void writeShortString(ByteBuf out, String s) {
        if (s == null || s.isEmpty()) {
            out.writeByte(0);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeByte(0);
        int written = out.writeCharSequence(s, StandardCharsets.UTF_8);
        if (written > 255) {
            throw new IllegalArgumentException("short string longer than 255 bytes: " + written);
        }
        out.setByte(lengthIndex, written);
    }

    public static byte[] readLongString(ByteBuf in) {
        long len = in.readUnsignedInt();
        if (len > in.readableBytes()) {
            throw new IndexOutOfBoundsException("long string of " + len + " bytes exceeds the frame");
        }
        byte[] bytes = new byte[(int) len];
        in.readBytes(bytes);
        return bytes;
    }

    public static void writeLongString(ByteBuf out, byte[] bytes) {
        if (bytes == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(bytes.length);
        out.writeBytes(bytes);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
