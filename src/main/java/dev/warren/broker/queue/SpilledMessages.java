package dev.warren.broker.queue;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.Message;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * Transient messages of a queue beyond its memory budget, encoded back to back in off-heap chunks:
 * no Java object per message, about 20 bytes besides the body, properties and routing key. The queue
 * takes them in the order they came (a FIFO), so a chunk is freed as soon as reading has moved past it.
 *
 * <p>A position is {@code chunk sequence << 32 | offset in the chunk}. Record layout: timestamp (8),
 * exchange (1 + n), routing key (1 + n), properties (4 + n), body (4 + n). Guarded by the queue's lock.
 */
final class SpilledMessages {
    static final int CHUNK_SIZE = 1 << 20;

    private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
    private final LongConsumer accounting;
    /** Sequence number of the first chunk in {@link #chunks}. */
    private long firstSequence;
    // the last record read, whose strings and properties the next one usually repeats
    private byte[] lastExchange = new byte[0];
    private String lastExchangeString = "";
    private byte[] lastRoutingKey = new byte[0];
    private String lastRoutingKeyString = "";
    private byte[] lastRawProperties;
    private BasicProperties lastProperties;

    /** @param accounting told of every allocation (positive) and release (negative) of off-heap bytes */
    SpilledMessages(LongConsumer accounting) {
        this.accounting = accounting;
    }

    /** Appends a message and returns its position. */
    long append(Message m) {
        byte[] ex = m.exchangeBytes();
        byte[] rk = m.routingKeyBytes();
        byte[] props = m.rawProperties();
        byte[] body = m.body();
        int size = 8 + 1 + ex.length + 1 + rk.length + 4 + props.length + 4 + body.length;
        ByteBuffer tail = chunks.peekLast();
        if (tail == null || tail.remaining() < size) {
            tail = ByteBuffer.allocateDirect(Math.max(CHUNK_SIZE, size));
            accounting.accept(tail.capacity());
            chunks.addLast(tail);
        }
        long position = (firstSequence + chunks.size() - 1) << 32 | tail.position();
        tail.putLong(m.timestamp());
        tail.put((byte) ex.length).put(ex);
        tail.put((byte) rk.length).put(rk);
        tail.putInt(props.length).put(props);
        tail.putInt(body.length).put(body);
        return position;
    }

    /** Decodes the message at a position (which must not have been released). */
    Message read(long position) {
        ByteBuffer chunk = chunk(position);
        int at = (int) position;
        long timestamp = chunk.getLong(at);
        at += 8;
        int exLen = chunk.get(at++) & 0xff;
        if (!same(chunk, at, exLen, lastExchange)) {
            lastExchange = bytes(chunk, at, exLen);
            lastExchangeString = new String(lastExchange, StandardCharsets.UTF_8);
        }
        at += exLen;
        int rkLen = chunk.get(at++) & 0xff;
        if (!same(chunk, at, rkLen, lastRoutingKey)) {
            lastRoutingKey = bytes(chunk, at, rkLen);
            lastRoutingKeyString = new String(lastRoutingKey, StandardCharsets.UTF_8);
        }
        at += rkLen;
        int propsLen = chunk.getInt(at);
        at += 4;
        if (lastRawProperties == null || !same(chunk, at, propsLen, lastRawProperties)) {
            lastRawProperties = bytes(chunk, at, propsLen);
            lastProperties = BasicProperties.parse(lastRawProperties);
        }
        at += propsLen;
        int bodyLen = chunk.getInt(at);
        byte[] body = bytes(chunk, at + 4, bodyLen);
        return new Message(lastExchangeString, lastRoutingKeyString, lastExchange, lastRoutingKey, lastRawProperties,
                lastProperties, body, timestamp);
    }

    /** Reading has moved past every chunk before the one holding {@code position}: they are freed. */
    void releaseBefore(long position) {
        long sequence = position >>> 32;
        while (firstSequence < sequence && !chunks.isEmpty()) {
            free(chunks.pollFirst());
            firstSequence++;
        }
    }

    /** Frees everything (the queue's tail was emptied, purged or deleted). */
    void clear() {
        while (!chunks.isEmpty()) {
            free(chunks.pollFirst());
            firstSequence++;
        }
    }

    private ByteBuffer chunk(long position) {
        long index = (position >>> 32) - firstSequence;
        if (index < 0 || index >= chunks.size()) {
            throw new IllegalStateException("spilled message at " + Long.toHexString(position) + " was released");
        }
        if (index == 0) {
            return chunks.peekFirst();
        }
        if (index == chunks.size() - 1) {
            return chunks.peekLast();
        }
        int i = 0;
        for (ByteBuffer b : chunks) {
            if (i++ == index) {
                return b;
            }
        }
        throw new IllegalStateException();
    }

    private void free(ByteBuffer chunk) {
        accounting.accept(-chunk.capacity());
        PlatformDependent.freeDirectBuffer(chunk);
    }

    private static boolean same(ByteBuffer chunk, int at, int len, byte[] known) {
        if (known.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (chunk.get(at + i) != known[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(ByteBuffer chunk, int at, int len) {
        byte[] b = new byte[len];
        chunk.get(at, b);
        return b;
    }
}
