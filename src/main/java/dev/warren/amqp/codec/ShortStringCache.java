package dev.warren.amqp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The short strings an I/O thread decoded last (exchange names, routing keys, queue names, consumer
 * tags...), so that a publisher repeating them costs no new byte array and String per frame. A small
 * direct-mapped table per thread: a slot holds the bytes and the String made from them; a string
 * longer than {@link #MAX_LENGTH} bytes is not cached.
 */
final class ShortStringCache {
    static final int MAX_LENGTH = 64;
    private static final int SLOTS = 256;
    private static final FastThreadLocal<ShortStringCache> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected ShortStringCache initialValue() {
            return new ShortStringCache();
        }
    };

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    /** The candidate's bytes, copied out in one go (byte-by-byte reads of a ByteBuf check it every time). */
    private final byte[] scratch = new byte[MAX_LENGTH];

    static ShortStringCache get() {
        return PER_THREAD.get();
    }

    /** The string of {@code len} bytes at {@code index}, without moving the reader index. */
    String decode(ByteBuf in, int index, int len) {
        if (len > MAX_LENGTH) {
            return in.toString(index, len, StandardCharsets.UTF_8);
        }
        byte[] candidate = scratch;
        in.getBytes(index, candidate, 0, len);
        int hash = len;
        for (int i = 0; i < len; i++) {
            hash = 31 * hash + candidate[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] known = bytes[slot];
        if (known != null && Arrays.equals(known, 0, known.length, candidate, 0, len)) {
            return strings[slot];
        }
        byte[] b = Arrays.copyOf(candidate, len);
        String s = new String(b, StandardCharsets.UTF_8);
        bytes[slot] = b;
        strings[slot] = s;
        return s;
    }

}
