package dev.warren.resp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes client requests into {@code byte[][]} (command name and arguments). Accepts RESP multibulk
 * requests ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and inline commands ({@code GET k\r\n}), any number
 * per read (pipelining). A small state machine keeps partial requests across reads, so a large bulk is
 * never re-parsed. Limits as in Redis: a bulk longer than {@code maxBulkLength} (proto-max-bulk-len) and
 * an inline request or pending request larger than {@code maxQueryBuffer} are protocol errors.
 */
public final class RespCommandDecoder extends ByteToMessageDecoder {
    /** Redis's PROTO_INLINE_MAX_SIZE. */
    static final int MAX_INLINE = 64 * 1024;
    private static final byte[][] EMPTY = new byte[0][];

    private final long maxBulkLength;
    private final long maxQueryBuffer;

    private byte[][] args;      // the multibulk being read, or null between requests
    private int argIndex;
    private long bulkLength = -1; // length of the bulk being waited for, -1 when reading a '$' line
    private long pendingBytes;  // bytes of the current multibulk consumed so far

    public RespCommandDecoder(long maxBulkLength, long maxQueryBuffer) {
        this.maxBulkLength = maxBulkLength;
        this.maxQueryBuffer = maxQueryBuffer;
    }

    private boolean failed;
    private volatile boolean unauthenticated;

    /**
     * While a client has not authenticated, requests are limited as in Redis: at most 10 arguments and
     * bulks of at most 16 KB ("Protocol error: unauthenticated multibulk length" / "bulk length").
     */
    public void unauthenticated(boolean v) {
        unauthenticated = v;
    }
    private long position;
    private java.util.ArrayDeque<Long> commandEnds;

    /** Remembers where each decoded command ends in the input (loading a file); see {@link #nextCommandEnd}. */
    public RespCommandDecoder trackOffsets() {
        commandEnds = new java.util.ArrayDeque<>();
        return this;
    }

    /** The input offset just after the oldest decoded command not yet asked for. */
    public long nextCommandEnd() {
        return commandEnds.poll();
    }

    /** Bytes received that do not yet form a whole request (a torn tail when reading a file). */
    public long incompleteBytes() {
        return actualReadableBytes() + (args != null ? pendingBytes : 0);
    }

    /** Told of each batch of two or more requests decoded from one read, before they are handled. */
    @FunctionalInterface
    public interface BatchListener {
        /** The requests are {@code out.get(from)} to the end, each a {@code byte[][]}. */
        void decoded(List<Object> out, int from);
    }

    private BatchListener batchListener;

    /** Sets the listener told of pipelined batches (the client prefetches their keys). */
    public void onBatch(BatchListener listener) {
        batchListener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int from = out.size();
        try {
            decodeAll(in, out);
            if (batchListener != null && out.size() - from > 1) {
                batchListener.decoded(out, from);
            }
        } catch (RespProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeAll(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            boolean inline = args == null && in.getByte(in.readerIndex()) != '*';
            int before = in.readerIndex();
            byte[][] command = inline ? readInline(in) : readMultibulk(in);
            if (command == null) {
                return;
            }
            position += inline ? in.readerIndex() - before : pendingBytes;
            if (command.length > 0) {
                out.add(command);
                if (commandEnds != null) {
                    commandEnds.add(position);
                }
            }
        }
    }

    private byte[][] readMultibulk(ByteBuf in) {
        if (args == null) {
            int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\r');
            if (eol < 0) {
                if (in.readableBytes() > MAX_INLINE) {
                    throw new RespProtocolException("too big mbulk count string");
                }
                return null;
            }
            if (eol + 1 >= in.writerIndex()) {
                return null;
            }
            long n = parseNumber(in, in.readerIndex() + 1, eol, "invalid multibulk length");
            if (n > 1024L * 1024 * 1024) {
                throw new RespProtocolException("invalid multibulk length");
            }
            if (unauthenticated && n > 10) {
                throw new RespProtocolException("unauthenticated multibulk length");
            }
            pendingBytes = eol + 2 - in.readerIndex();
            in.readerIndex(eol + 2);
            if (n <= 0) {
                return EMPTY;
            }
            args = new byte[(int) Math.min(n, 1024 * 1024)][];
            if (n > args.length) {
                args = new byte[(int) n][];
            }
            argIndex = 0;
            bulkLength = -1;
        }
        while (argIndex < args.length) {
            if (bulkLength < 0) {
                int start = in.readerIndex();
                int eol = in.indexOf(start, in.writerIndex(), (byte) '\r');
                if (eol < 0 || eol + 1 >= in.writerIndex()) {
                    if (in.readableBytes() > MAX_INLINE) {
                        throw new RespProtocolException("too big bulk count string");
                    }
                    return null;
                }
                byte type = in.getByte(start);
                if (type != '$') {
                    throw new RespProtocolException("expected '$', got '" + (char) (type & 0xff) + "'");
                }
                long len = parseNumber(in, start + 1, eol, "invalid bulk length");
                if (len < 0 || len > maxBulkLength) {
                    throw new RespProtocolException("invalid bulk length");
                }
                if (unauthenticated && len > 16384) {
                    throw new RespProtocolException("unauthenticated bulk length");
                }
                bulkLength = len;
                pendingBytes += eol + 2 - start;
                in.readerIndex(eol + 2);
            }
            if (in.readableBytes() < bulkLength + 2) {
                if (pendingBytes + in.readableBytes() > maxQueryBuffer) {
                    throw new RespProtocolException("query buffer limit exceeded");
                }
                return null;
            }
            byte[] arg = new byte[(int) bulkLength];
            in.readBytes(arg);
            in.skipBytes(2);
            pendingBytes += bulkLength + 2;
            if (pendingBytes > maxQueryBuffer) {
                throw new RespProtocolException("query buffer limit exceeded");
            }
            args[argIndex++] = arg;
            bulkLength = -1;
        }
        byte[][] done = args;
        args = null;
        return done;
    }

    private static long parseNumber(ByteBuf in, int from, int to, String error) {
        if (from >= to || to - from > 19) {
            throw new RespProtocolException(error);
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to) {
            throw new RespProtocolException(error);
        }
        long v = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                throw new RespProtocolException(error);
            }
            v = v * 10 + (b - '0');
        }
        return negative ? -v : v;
    }

    private byte[][] readInline(ByteBuf in) {
        int start = in.readerIndex();
        int eol = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            if (in.readableBytes() > MAX_INLINE) {
                throw new RespProtocolException("too big inline request");
            }
            return null;
        }
        int end = eol > start && in.getByte(eol - 1) == '\r' ? eol - 1 : eol;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(eol + 1);
        List<byte[]> parts = splitInline(line);
        return parts.toArray(new byte[0][]);
    }

    /** Splits an inline request like Redis's sdssplitargs: spaces separate, quotes group, escapes in "". */
    static List<byte[]> splitInline(byte[] line) {
        List<byte[]> parts = new ArrayList<>();
        int i = 0;
        int n = line.length;
        while (true) {
            while (i < n && isSpace(line[i])) {
                i++;
            }
            if (i >= n) {
                return parts;
            }
            java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= n) {
                        throw new RespProtocolException("unbalanced quotes in request");
                    }
                    byte c = line[i];
                    if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        cur.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                        i += 3;
                    } else if (c == '\\' && i + 1 < n) {
                        i++;
                        byte e = line[i];
                        cur.write(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e == 'b' ? '\b' : e == 'a' ? 7 : e);
                    } else if (c == '"') {
                        if (i + 1 < n && !isSpace(line[i + 1])) {
                            throw new RespProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else if (inSingle) {
                    if (i >= n) {
                        throw new RespProtocolException("unbalanced quotes in request");
                    }
                    byte c = line[i];
                    if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (c == '\'') {
                        if (i + 1 < n && !isSpace(line[i + 1])) {
                            throw new RespProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    } else {
                        cur.write(c);
                    }
                } else {
                    if (i >= n) {
                        done = true;
                        break;
                    }
                    byte c = line[i];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inDouble = true;
                    } else if (c == '\'') {
                        inSingle = true;
                    } else {
                        cur.write(c);
                    }
                }
                if (i < n) {
                    i++;
                }
            }
            parts.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
        return Character.digit(c, 16) >= 0;
    }
}
