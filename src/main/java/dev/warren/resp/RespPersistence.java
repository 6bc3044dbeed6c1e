package dev.warren.resp;

import dev.warren.keyspace.persistence.AppendOnlyFile;
import dev.warren.resp.codec.RespCommandDecoder;
import dev.warren.resp.session.RespChannelHandler;
import dev.warren.keyspace.command.Args;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistence of the keyspace: loads the append-only file at start (replaying it through an in-memory
 * client; a torn tail from a crash is cut off), then keeps appending; once a second fsyncs (everysec),
 * rewrites the file when it doubled, and rewrites it on the {@code save} schedule (Warren's snapshot is
 * the rewritten append-only file: SAVE, BGSAVE and BGREWRITEAOF all produce it).
 */
public final class RespPersistence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RespPersistence.class);

    private final RespServer server;
    private final AppendOnlyFile aof;
    private long dirtyAtLastSave;
    private final java.util.concurrent.ExecutorService rewriter = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "warren-aof-rewrite");
                t.setDaemon(true);
                return t;
            });

    RespPersistence(RespServer server, Path file) {
        this.server = server;
        try {
            load(file);
            aof = new AppendOnlyFile(file, () -> server.settings.get("appendfsync"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the append-only file " + file, e);
        }
        server.aof(aof);
        server.persistence(this);
        dirtyAtLastSave = server.keyspace.dirty;
    }

    private void load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long size = Files.size(file);
        RespCommandDecoder decoder = new RespCommandDecoder(Long.MAX_VALUE, Long.MAX_VALUE).trackOffsets();
        long[] multiStart = {-1};
        long[] lastEnd = {0};
        ChannelInboundHandlerAdapter transactions = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                byte[][] argv = (byte[][]) msg;
                long end = decoder.nextCommandEnd();
                if (argv.length == 1 && Args.is(argv[0], "multi")) {
                    multiStart[0] = lastEnd[0];
                } else if (argv.length == 1 && (Args.is(argv[0], "exec") || Args.is(argv[0], "discard"))) {
                    multiStart[0] = -1;
                }
                lastEnd[0] = end;
                ctx.fireChannelRead(msg);
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(decoder, transactions, new RespChannelHandler(server, true));
        long commands = server.totalCommands.sum();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            int n;
            while ((n = in.read(chunk)) > 0) {
                ch.writeInbound(Unpooled.wrappedBuffer(chunk.clone(), 0, n));
                ch.releaseOutbound();
                if (!ch.isActive()) {
                    throw new IOException("the append-only file " + file + " is corrupt");
                }
            }
        }
        long torn = decoder.incompleteBytes();
        ch.finishAndReleaseAll();
        long keep = size - torn;
        if (multiStart[0] >= 0) {
            log.warn("the append-only file {} ends inside MULTI/EXEC; the incomplete transaction is dropped", file);
            keep = multiStart[0];
        } else if (torn > 0) {
            log.warn("the append-only file {} ends with an incomplete command ({} bytes); truncating it", file, torn);
        }
        if (keep < size) {
            try (FileChannel fc = FileChannel.open(file, StandardOpenOption.WRITE)) {
                fc.truncate(keep);
                fc.force(true);
            }
        }
        log.info("loaded {} commands from {}", server.totalCommands.sum() - commands, file);
        server.keyspace.dirty = 0;
    }

    /** Once a second: fsync (everysec), automatic rewrite, scheduled snapshot. */
    void tick() {
        aof.tick();
        boolean rewrite = !aof.rewriting() && (aof.needsRewrite() || saveDue());
        if (rewrite) {
            server.keyspace.enter();
            try {
                rewriteInBackground();
            } finally {
                server.keyspace.exit();
            }
        }
    }

    private boolean saveDue() {
        String[] save = server.settings.get("save").trim().split("\\s+");
        long changes = server.keyspace.dirty - dirtyAtLastSave;
        long elapsed = System.currentTimeMillis() / 1000 - server.lastSaveSeconds;
        for (int i = 0; i + 1 < save.length; i += 2) {
            try {
                if (changes >= Long.parseLong(save[i + 1]) && changes > 0 && elapsed >= Long.parseLong(save[i])) {
                    return true;
                }
            } catch (NumberFormatException ignored) {
                return false;
            }
        }
        return false;
    }

    /** Rewrites the append-only file from the current data; call under the keyspace lock. */
    public void rewrite() throws IOException {
        aof.rewrite(server.keyspace);
        dirtyAtLastSave = server.keyspace.dirty;
        server.lastSaveSeconds = System.currentTimeMillis() / 1000;
    }

    /**
     * Starts a background rewrite (BGSAVE, BGREWRITEAOF, automatic) from a copy-on-write snapshot (see
     * {@link dev.warren.keyspace.persistence.KeyspaceSnapshot}). Returns false when one is already running.
     */
    public boolean rewriteInBackground() {
        boolean started = aof.rewriteInBackground(server.keyspace, rewriter);
        if (started) {
            dirtyAtLastSave = server.keyspace.dirty;
            server.lastSaveSeconds = System.currentTimeMillis() / 1000;
        }
        return started;
    }

    public AppendOnlyFile aof() {
        return aof;
    }

    @Override
    public void close() {
        rewriter.shutdown();
        try {
            rewriter.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.aof(null);
        aof.close();
    }
}
