package dev.warren.resp.session;

import dev.warren.keyspace.BlockedWaiter;
import dev.warren.keyspace.Bytes;
import dev.warren.keyspace.Database;
import dev.warren.keyspace.Eviction;
import dev.warren.keyspace.KeyListener;
import dev.warren.keyspace.Keyspace;
import dev.warren.keyspace.command.Command;
import dev.warren.keyspace.command.CommandKeys;
import dev.warren.keyspace.command.Errors;
import dev.warren.keyspace.command.RespError;
import dev.warren.keyspace.persistence.AppendOnlyFile;
import dev.warren.resp.RespServer;
import dev.warren.resp.acl.AclUser;
import dev.warren.resp.codec.RespCommandDecoder;
import dev.warren.resp.codec.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One RESP connection's state (selected database, protocol version, name, authentication, MULTI queue,
 * WATCHed keys, subscriptions, blocked state) and the dispatch of its commands. Commands run on the
 * connection's event loop under the keyspace lock; replies accumulate in one buffer that the
 * {@link RespChannelHandler} flushes once per read batch.
 */
public final class RespClient implements KeyListener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RespClient.class);
    /** Runs a blocking command's non-blocking attempt; returns true when it replied. */
    @FunctionalInterface
    public interface Attempt {
        boolean run(RespClient c, byte[][] argv);
    }

    private final RespServer server;
    private final Channel channel;
    private final long id;
    private final long createdMillis = System.currentTimeMillis();
    private volatile long lastActiveMillis = createdMillis;
    private ByteBuf out;
    private RespWriter reply = new RespWriter(null);
    private volatile int protocol = 2;
    private int dbIndex;
    private volatile String name;
    private boolean authenticated;
    private volatile AclUser user;
    /** The append-only file loader: every ACL check is skipped. */
    private boolean trusted;
    private volatile String lastCommand = "NULL";
    private String libName = "";
    private String libVersion = "";

    private List<byte[][]> multiQueue;
    private List<Command> multiCommands;
    private boolean multiError;
    private boolean inExec;
    private final List<Object[]> watched = new ArrayList<>();
    private volatile boolean watchDirty;

    private final LinkedHashSet<Bytes> channels = new LinkedHashSet<>();
    private final LinkedHashSet<Bytes> patterns = new LinkedHashSet<>();

    private Blocked blocked;
    private boolean paused;
    private final ArrayDeque<byte[][]> pending = new ArrayDeque<>();
    private boolean closing;
    private boolean needsFlush;
    private String replyMode = "on";
    private boolean skipNext;
    private boolean suppressCurrent;
    private List<byte[][]> propagation;
    private boolean propagationOverridden;
    private boolean aofDirty;

    RespClient(RespServer server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.id = server.clients.nextId();
        this.user = server.acl.defaultUser();
        this.authenticated = server.acl.authenticatesByDefault();
    }

    // ---- accessors for command handlers ----

    public RespServer server() {
        return server;
    }

    public Keyspace keyspace() {
        return server.keyspace;
    }

    public RespWriter reply() {
        return reply;
    }

    public Database db() {
        return server.keyspace.db(dbIndex);
    }

    public int dbIndex() {
        return dbIndex;
    }

    public void select(int index) {
        this.dbIndex = index;
    }

    public long id() {
        return id;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int p) {
        protocol = p;
        reply.protocol(p);
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public void libInfo(String libName, String libVersion) {
        if (libName != null) {
            this.libName = libName;
        }
        if (libVersion != null) {
            this.libVersion = libVersion;
        }
    }

    /** CLIENT REPLY ON|OFF|SKIP. */
    public void replyMode(String mode) {
        if (mode.equals("skip")) {
            skipNext = true;
            suppressCurrent = true;
        } else {
            replyMode = mode;
            suppressCurrent = mode.equals("off");
        }
    }

    public boolean authenticated() {
        return authenticated;
    }

    /** The ACL user this connection is authenticated as (default until AUTH). */
    public AclUser user() {
        return user;
    }

    public void user(AclUser u) {
        user = u;
    }

    void trusted(boolean v) {
        trusted = v;
    }

    public void authenticated(boolean v) {
        authenticated = v;
        RespCommandDecoder decoder = channel.pipeline().get(RespCommandDecoder.class);
        if (decoder != null) {
            decoder.unauthenticated(!v);
        }
    }

    public boolean inMulti() {
        return multiQueue != null;
    }

    /** True while EXEC runs the queued commands (blocking commands must not block). */
    public boolean inExec() {
        return inExec;
    }

    public Channel channel() {
        return channel;
    }

    public long ageSeconds() {
        return (System.currentTimeMillis() - createdMillis) / 1000;
    }

    /** Closes the connection after the pending replies are written (QUIT, CLIENT KILL). */
    public void closeAfterReply() {
        closing = true;
    }

    public boolean isSubscribed() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    public LinkedHashSet<Bytes> channels() {
        return channels;
    }

    public LinkedHashSet<Bytes> patterns() {
        return patterns;
    }

    public boolean isBlocked() {
        return blocked != null;
    }

    // ---- dispatch ----

    /**
     * A pipelined batch was decoded: reads the table slots, entries and values of the keys its requests
     * name (the first argument), stage by stage across the batch, so their cache misses overlap instead
     * of each request waiting for its own (the batch prefetching of Valkey 8). Only a hint: skipped when
     * the keyspace lock is busy; nothing changes.
     */
    void prefetch(List<Object> batch, int from) {
        ReentrantLock lock = server.keyspace.lock();
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return;
        }
        try {
            server.keyspace.db(dbIndex).prefetch(batch, from);
        } finally {
            lock.unlock();
        }
    }

    /** Handles one decoded request (event loop thread). */
    void onRequest(byte[][] argv) {
        if (closing) {
            return;
        }
        if (paused) {
            pending.add(argv);
            return;
        }
        lastActiveMillis = System.currentTimeMillis();
        if (out == null) {
            out = channel.alloc().ioBuffer(256);
            reply.target(out);
        }
        int mark = out.writerIndex();
        suppressCurrent = replyMode.equals("off") || skipNext;
        skipNext = false;
        dispatch(argv);
        if (suppressCurrent && out != null && out.writerIndex() >= mark) {
            out.writerIndex(mark);
        }
        needsFlush = true;
        if (out != null && out.readableBytes() > 64 * 1024) {
            channel.write(out);
            out = null;
        }
    }

    private void dispatch(byte[][] argv) {
        server.totalCommands.increment();
        Command cmd = server.commands.lookup(argv[0]);
        if (cmd == null) {
            rejectInMulti(unknownCommand(argv));
            return;
        }
        lastCommand = cmd.name();
        if (!cmd.arityOk(argv.length)) {
            rejectInMulti("ERR wrong number of arguments for '" + cmd.name() + "' command");
            return;
        }
        if (!authenticated && !cmd.has(Command.NO_AUTH) && !server.acl.authenticatesByDefault()) {
            rejectInMulti(Errors.NOAUTH);
            return;
        }
        if (!trusted) {
            String denied = server.acl.check(user, cmd, argv);
            if (denied != null) {
                rejectInMulti(denied);
                return;
            }
        }
        if (protocol == 2 && isSubscribed() && !cmd.has(Command.PUBSUB_OK)) {
            reply.error("ERR Can't execute '" + cmd.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / "
                    + "QUIT / RESET are allowed in this context");
            return;
        }
        if (server.pause.active() && server.pause.holds(this, cmd, multiQueue != null && cmd.name().equals("exec")
                && multiWrites())) {
            // CLIENT PAUSE: this command and everything after it waits until the pause ends
            paused = true;
            pending.addFirst(argv);
            channel.config().setAutoRead(false);
            return;
        }
        if (multiQueue != null && !cmd.has(Command.NOT_QUEUED)) {
            multiQueue.add(argv);
            multiCommands.add(cmd);
            reply.simple("QUEUED");
            return;
        }
        Keyspace ks = server.keyspace;
        ks.enter();
        try {
            call(cmd, argv);
        } finally {
            ks.serveReadyKeys();
            ks.exit();
        }
    }

    private boolean multiWrites() {
        for (Command c : multiCommands) {
            if (c.has(Command.WRITE) || c.name().equals("publish")) {
                return true;
            }
        }
        return false;
    }

    /** CLIENT PAUSE ended: runs the commands that waited (event loop thread). */
    void pauseEnded() {
        if (blocked == null && paused) {
            resume();
        }
    }

    private void rejectInMulti(String error) {
        if (multiQueue != null) {
            multiError = true;
        }
        reply.error(error);
    }

    static String unknownCommand(byte[][] argv) {
        StringBuilder sb = new StringBuilder("ERR unknown command '");
        sb.append(printable(argv[0], 128)).append("', with args beginning with: ");
        for (int i = 1; i < argv.length && sb.length() < 128; i++) {
            sb.append('\'').append(printable(argv[i], 128 - sb.length())).append("' ");
        }
        return sb.toString();
    }

    private static String printable(byte[] b, int max) {
        String s = new String(b, StandardCharsets.UTF_8);
        s = s.replace('\r', ' ').replace('\n', ' ');
        return s.length() > max ? s.substring(0, Math.max(0, max)) : s;
    }

    /** Runs a command under the lock, turning errors into error replies; touches and logs written keys. */
    public void call(Command cmd, byte[][] argv) {
        propagation = null;
        propagationOverridden = false;
        try {
            if (cmd.has(Command.DENYOOM)) {
                makeRoom();
            }
            if (cmd.has(Command.WRITE)) {
                beforeChange(cmd, argv, db());
            }
            cmd.handler().execute(this, argv);
        } catch (RespError e) {
            reply.error(e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.error("command '{}' failed", cmd.name(), e);
            reply.error("ERR internal error in '" + cmd.name() + "': " + e);
            return;
        }
        if (cmd.has(Command.WRITE)) {
            // a command that declared "nothing changed" (SET NX on an existing key...) does not touch
            // its keys, so it neither aborts WATCHers nor wakes blocked clients
            if (!propagationOverridden || propagation != null) {
                server.keyspace.dirty++;
                touchKeys(cmd, argv);
            }
            logWrite(argv);
        }
    }

    /** A background rewrite's snapshot keeps the values this write command is about to change. */
    private void beforeChange(Command cmd, byte[][] argv, Database db) {
        Keyspace ks = server.keyspace;
        if (ks.copyingOnWrite()) {
            for (byte[] key : CommandKeys.of(cmd, argv)) {
                ks.beforeChange(db, key);
            }
        }
    }

    private void makeRoom() {
        long max = server.settings.maxmemory();
        if (max <= 0) {
            return;
        }
        boolean ok = Eviction.makeRoom(server.keyspace, max, server.settings.get("maxmemory-policy"),
                (int) server.settings.getLong("maxmemory-samples"), (db, key) -> {
                    AppendOnlyFile aof = server.aof();
                    if (aof != null) {
                        aof.append(db.index, new byte[][] {DEL, key.bytes});
                        aofDirty = true;
                    }
                });
        if (!ok) {
            throw new RespError("OOM command not allowed when used memory > 'maxmemory'.");
        }
    }

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    /**
     * Replaces what the current command writes to the append-only file (relative expiry times, random
     * or blocking pops are logged as their deterministic equivalents). May be called several times.
     */
    public void propagate(byte[]... argv) {
        propagationOverridden = true;
        if (propagation == null) {
            propagation = new ArrayList<>(2);
        }
        propagation.add(argv);
    }

    /** The current command changed nothing worth logging. */
    public void propagateNothing() {
        propagationOverridden = true;
    }

    private void logWrite(byte[][] argv) {
        AppendOnlyFile aof = server.aof();
        if (aof == null) {
            return;
        }
        if (!propagationOverridden) {
            aof.append(dbIndex, argv);
            aofDirty = true;
        } else if (propagation != null) {
            for (byte[][] p : propagation) {
                aof.append(dbIndex, p);
            }
            aofDirty = true;
        }
        propagation = null;
        propagationOverridden = false;
    }

    private void touchKeys(Command cmd, byte[][] argv) {
        if (cmd.firstKey() <= 0) {
            return;
        }
        int last = cmd.lastKey() >= 0 ? cmd.lastKey() : argv.length + cmd.lastKey();
        Database db = db();
        for (int i = cmd.firstKey(); i <= last && i < argv.length; i += cmd.step()) {
            db.touch(key(argv[i]));
        }
    }

    private byte[] keyArray;
    private Bytes keyBytes;

    /**
     * The key for an argument of the current request: the same {@link Bytes} (hash computed once) for the
     * same argument array, so the lookup, an insert and the touch after the command hash the key once.
     */
    public Bytes key(byte[] arg) {
        if (arg != keyArray) {
            keyBytes = new Bytes(arg);
            keyArray = arg;
        }
        return keyBytes;
    }

    // ---- MULTI / EXEC / WATCH ----

    public void multi() {
        multiQueue = new ArrayList<>();
        multiCommands = new ArrayList<>();
        multiError = false;
    }

    public void discard() {
        multiQueue = null;
        multiCommands = null;
        multiError = false;
        unwatchAll();
    }

    /** EXEC, already under the lock. */
    public void exec() {
        if (multiError) {
            discard();
            reply.error(Errors.EXECABORT);
            return;
        }
        if (watchDirty) {
            discard();
            reply.nullArray();
            return;
        }
        List<byte[][]> queue = multiQueue;
        List<Command> cmds = multiCommands;
        multiQueue = null;
        multiCommands = null;
        unwatchAll();
        reply.array(queue.size());
        AppendOnlyFile aof = server.aof();
        boolean wrap = false;
        if (aof != null) {
            for (Command cmd : cmds) {
                wrap |= cmd.has(Command.WRITE);
            }
        }
        if (wrap) {
            // replayed atomically: a transaction torn by a crash is not applied in part
            aof.append(dbIndex, new byte[][] {MULTI});
        }
        inExec = true;
        try {
            for (int i = 0; i < queue.size(); i++) {
                call(cmds.get(i), queue.get(i));
            }
        } finally {
            inExec = false;
            if (wrap) {
                aof.append(dbIndex, new byte[][] {EXEC});
                aofDirty = true;
            }
        }
    }

    public void watch(Bytes key) {
        Database db = db();
        for (Object[] w : watched) {
            if (w[0] == db && w[1].equals(key)) {
                return;
            }
        }
        watched.add(new Object[] {db, key});
        db.watch(key, this);
    }

    public void unwatchAll() {
        for (Object[] w : watched) {
            ((Database) w[0]).unwatch((Bytes) w[1], this);
        }
        watched.clear();
        watchDirty = false;
    }

    @Override
    public void keyModified() {
        watchDirty = true;
    }

    // ---- pub/sub ----

    /** Delivers a published message (under the keyspace lock, from the publisher's thread). */
    void deliver(RespClient publisher, byte[] pattern, byte[] channelName, byte[] message) {
        if (publisher == this) {
            writeMessage(reply, pattern, channelName, message);
            return;
        }
        var outbound = channel.unsafe().outboundBuffer();
        if (outbound != null && outbound.totalPendingWriteBytes() > PUBSUB_OUTPUT_LIMIT) {
            // Redis's client-output-buffer-limit for pubsub clients: a subscriber that does not keep up
            // is disconnected rather than buffered without bound
            log.warn("closing RESP client {}: pub/sub output buffer over {} bytes", id, PUBSUB_OUTPUT_LIMIT);
            channel.close();
            return;
        }
        ByteBuf buf = channel.alloc().ioBuffer(32 + channelName.length + message.length);
        RespWriter w = new RespWriter(buf);
        w.protocol(protocol);
        writeMessage(w, pattern, channelName, message);
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    private static void writeMessage(RespWriter w, byte[] pattern, byte[] channelName, byte[] message) {
        if (pattern == null) {
            w.push(3);
            w.bulk(MESSAGE);
        } else {
            w.push(4);
            w.bulk(PMESSAGE);
            w.bulk(pattern);
        }
        w.bulk(channelName);
        w.bulk(message);
    }

    private static final long PUBSUB_OUTPUT_LIMIT = 32L * 1024 * 1024;
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);

    public boolean subscribe(Bytes ch) {
        if (channels.add(ch)) {
            server.pubsub.subscribe(ch, this);
            return true;
        }
        return false;
    }

    public boolean unsubscribe(Bytes ch) {
        if (channels.remove(ch)) {
            server.pubsub.unsubscribe(ch, this);
            return true;
        }
        return false;
    }

    public boolean psubscribe(Bytes p) {
        if (patterns.add(p)) {
            server.pubsub.psubscribe(p, this);
            return true;
        }
        return false;
    }

    public boolean punsubscribe(Bytes p) {
        if (patterns.remove(p)) {
            server.pubsub.punsubscribe(p, this);
            return true;
        }
        return false;
    }

    public int subscriptionCount() {
        return channels.size() + patterns.size();
    }

    // ---- blocking ----

    /**
     * Blocks the client on keys after the command's attempt found nothing: the attempt runs again when
     * one of the keys is touched (FIFO among clients), or {@code onTimeout} replies after the timeout
     * (0 = never). Inside MULTI/EXEC the client does not block: {@code onTimeout} replies at once.
     */
    public void block(List<Bytes> keys, long timeoutMillis, byte[][] argv, Attempt attempt, Runnable onTimeout) {
        propagateNothing();
        if (inExec || multiQueue != null) {
            onTimeout.run();
            return;
        }
        Blocked b = new Blocked(db(), keys, argv, attempt, onTimeout);
        blocked = b;
        paused = true;
        channel.config().setAutoRead(false);
        for (Bytes k : keys) {
            b.db.block(k, b);
        }
        if (timeoutMillis > 0) {
            b.timeout = channel.eventLoop().schedule(() -> timeout(b), timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void timeout(Blocked b) {
        Keyspace ks = server.keyspace;
        ks.enter();
        try {
            if (blocked != b) {
                return;
            }
            b.release();
            if (out == null) {
                out = channel.alloc().ioBuffer(64);
            }
            reply.target(out);
            b.onTimeout.run();
        } finally {
            ks.exit();
        }
        needsFlush = true;
        resume();
    }

    /** Continues with requests that arrived while blocked (event loop thread). */
    private void resume() {
        paused = false;
        while (!paused && !closing && !pending.isEmpty()) {
            onRequest(pending.poll());
        }
        flush();
        if (!paused && channel.isActive() && channel.isWritable()) {
            channel.config().setAutoRead(true);
        }
    }

    private final class Blocked implements BlockedWaiter {
        final Database db;
        final List<Bytes> keys;
        final byte[][] argv;
        final Attempt attempt;
        final Runnable onTimeout;
        ScheduledFuture<?> timeout;

        Blocked(Database db, List<Bytes> keys, byte[][] argv, Attempt attempt, Runnable onTimeout) {
            this.db = db;
            this.keys = keys;
            this.argv = argv;
            this.attempt = attempt;
            this.onTimeout = onTimeout;
        }

        void release() {
            for (Bytes k : keys) {
                db.unblock(k, this);
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            blocked = null;
        }

        @Override
        public boolean tryServe() {
            if (blocked != this) {
                return true;
            }
            ByteBuf buf = channel.alloc().ioBuffer(64);
            RespWriter saved = reply;
            RespWriter w = new RespWriter(buf);
            w.protocol(protocol);
            reply = w;
            boolean served;
            int savedDb = dbIndex;
            propagation = null;
            propagationOverridden = false;
            try {
                dbIndex = db.index;
                Command writing = server.commands.lookup(argv[0]);
                if (writing != null && writing.has(Command.WRITE)) {
                    beforeChange(writing, argv, db);
                }
                served = attempt.run(RespClient.this, argv);
            } catch (RespError e) {
                served = false;
            } finally {
                reply = saved;
                dbIndex = savedDb;
            }
            if (!served) {
                buf.release();
                return false;
            }
            release();
            Command cmd = server.commands.lookup(argv[0]);
            if (cmd != null && cmd.has(Command.WRITE)) {
                server.keyspace.dirty++;
                int saved2 = dbIndex;
                dbIndex = db.index;
                touchKeys(cmd, argv);
                logWrite(argv);
                dbIndex = saved2;
            }
            channel.eventLoop().execute(() -> {
                channel.write(buf);
                needsFlush = true;
                resume();
            });
            return true;
        }
    }

    // ---- connection lifecycle ----

    /**
     * Writes what accumulated; called once per read batch. When the commands wrote to the append-only
     * file, the replies are flushed by the loop's {@link FlushBatch} after the file write (shared with the
     * other clients served in the same loop iteration).
     */
    void flush() {
        if (out != null) {
            if (out.isReadable()) {
                channel.write(out);
                needsFlush = true;
            } else {
                out.release();
            }
            out = null;
            reply.target(null);
        }
        if (aofDirty) {
            aofDirty = false;
            if (server.aof() != null) {
                if (!inFlushBatch) {
                    inFlushBatch = true;
                    needsFlush = true;
                    FlushBatch.current(server).add(this);
                }
                return;
            }
        }
        if (!inFlushBatch) {
            flushReplies();
        }
    }

    private boolean inFlushBatch;

    /** Flushes the replies written so far (after the file write of their commands). */
    void flushReplies() {
        inFlushBatch = false;
        if (needsFlush) {
            needsFlush = false;
            if (closing) {
                channel.writeAndFlush(channel.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.flush();
                if (!channel.isWritable()) {
                    // the client does not read its replies: stop reading its requests until it does
                    channel.config().setAutoRead(false);
                }
            }
        }
    }

    /** The socket drained below its low water mark (event loop thread). */
    void writabilityChanged() {
        if (channel.isWritable() && !paused && channel.isActive()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Replies a protocol error and closes. */
    void protocolError(String message) {
        if (out == null) {
            out = channel.alloc().ioBuffer(64);
            reply.target(out);
        }
        reply.error("ERR Protocol error: " + message);
        closing = true;
        needsFlush = true;
        flush();
    }

    void connected() {
        server.clients.add(this);
        server.totalConnections.incrementAndGet();
    }

    /** Cleans up subscriptions, watches and blocking (event loop thread). */
    void disconnected() {
        Keyspace ks = server.keyspace;
        ks.enter();
        try {
            if (blocked != null) {
                blocked.release();
            }
            for (Bytes ch : new ArrayList<>(channels)) {
                unsubscribe(ch);
            }
            for (Bytes p : new ArrayList<>(patterns)) {
                punsubscribe(p);
            }
            unwatchAll();
        } finally {
            ks.exit();
        }
        server.clients.remove(this);
        server.pause.forget(this);
        if (out != null) {
            out.release();
            out = null;
        }
        pending.clear();
    }

    /** Resets the connection state (RESET). */
    public void reset() {
        discard();
        for (Bytes ch : new ArrayList<>(channels)) {
            unsubscribe(ch);
        }
        for (Bytes p : new ArrayList<>(patterns)) {
            punsubscribe(p);
        }
        dbIndex = 0;
        name = null;
        replyMode = "on";
        skipNext = false;
        protocol(2);
        user = server.acl.defaultUser();
        authenticated(server.acl.authenticatesByDefault());
    }

    /** One line of CLIENT LIST. */
    public String info() {
        long now = System.currentTimeMillis();
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        String flags = blocked != null ? "b" : isSubscribed() ? "P" : multiQueue != null ? "x" : "N";
        return "id=" + id
                + " addr=" + (remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort())
                + " laddr=" + (local == null ? "?" : local.getAddress().getHostAddress() + ":" + local.getPort())
                + " fd=0 name=" + (name == null ? "" : name)
                + " age=" + (now - createdMillis) / 1000
                + " idle=" + (now - lastActiveMillis) / 1000
                + " flags=" + flags
                + " db=" + dbIndex
                + " sub=" + channels.size() + " psub=" + patterns.size() + " ssub=0"
                + " multi=" + (multiQueue == null ? -1 : multiQueue.size())
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r"
                + " cmd=" + lastCommand.toLowerCase()
                + " user=" + user.name() + " redir=-1 resp=" + protocol
                + " lib-name=" + libName + " lib-ver=" + libVersion;
    }
}
