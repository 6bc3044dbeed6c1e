package dev.warren;

import dev.warren.amqp.AmqpListener;
import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.Broker;
import dev.warren.broker.DelayedMessages;
import dev.warren.broker.Message;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.broker.auth.User;
import dev.warren.broker.auth.UserStore;
import dev.warren.config.Definitions;
import dev.warren.http.ManagementServer;
import dev.warren.metrics.PrometheusServer;
import dev.warren.net.NettyTransport;
import dev.warren.resp.RespListener;
import dev.warren.store.DataDirectoryLock;
import dev.warren.logging.ConsoleLogging;
import dev.warren.store.DefinitionsFile;
import dev.warren.store.MessageStore;
import dev.warren.store.StoredRef;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Warren server. Start one with {@code Warren.builder()...start()}, read its ports, and
 * {@link #close()} it. Instances share nothing: several can run in one JVM.
 *
 * <pre>{@code
 * try (Warren warren = Warren.builder().amqpPort(0).start()) {
 *     int port = warren.amqpPort();
 * }
 * }</pre>
 */
public final class Warren implements AutoCloseable {
    /**
     * Not a static field: Warren's class is loaded by {@code Warren.builder()}, and logging is set up on
     * another thread during start-up (see {@link ParallelStart}).
     */
    private static Logger log() {
        return LoggerFactory.getLogger(Warren.class);
    }

    /** Waits for logging to be set up, then applies log.console.level. */
    private static void awaitLogging(ParallelStart parallel, WarrenConfig config) {
        try {
            parallel.awaitLogging();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cannot start Warren: interrupted", e);
        }
        if (config.consoleLogLevel() != null) {
            try {
                ConsoleLogging.setLevel(config.consoleLogLevel());
            } catch (LinkageError noLogback) {
                log().warn("log.console.level ignored: logging is not done by logback here");
            }
        }
    }

    private final WarrenConfig config;
    private final Broker broker;
    private final NettyTransport transport;
    private final AmqpListener amqp;
    private final RespListener resp;
    private final MessageStore store;
    private final DataDirectoryLock lock;
    private ManagementServer management;
    private PrometheusServer prometheus;
    /** The rewrite of the definitions file after recovery, which close() waits for. */
    private Thread definitionsRewrite;
    private CountDownLatch definitionsRewriteNow;
    /** How long after start-up the definitions file is rewritten as recovered. */
    private static final long DEFINITIONS_REWRITE_DELAY_MS = 3_000;

    private Warren(WarrenConfig config, Broker broker, NettyTransport transport, AmqpListener amqp,
                   RespListener resp, MessageStore store, DataDirectoryLock lock) {
        this.config = config;
        this.broker = broker;
        this.transport = transport;
        this.amqp = amqp;
        this.resp = resp;
        this.store = store;
        this.lock = lock;
    }

    /** A fresh configuration with every default; call {@code start()} on it. */
    public static WarrenConfig builder() {
        return new WarrenConfig();
    }

    /**
     * Begins loading, on a background thread, what a start and its first connections need (a fresh JVM
     * spends most of a first start loading classes): call it early, long enough before the first
     * {@code start()}, which waits for it if it is still under way. The JUnit extension does it when
     * the test session opens. It starts a Warren on free loopback ports, serves one AMQP and one RESP
     * connection, and stops it, quietly.
     */
    public static void preload() {
        Preload.begin();
    }

    static Warren start(WarrenConfig config) {
        Preload.awaitDone();
        NettyTransport.useNettyDefaults();
        ParallelStart parallel = ParallelStart.begin(config);
        try {
            return start(config, parallel);
        } catch (RuntimeException | Error e) {
            parallel.abandon();
            throw e;
        }
    }

    /**
     * The broker is set up here while {@code parallel} sets up logging, Netty and the RESP side. Nothing
     * may log before {@code awaitLogging()}: in memory nothing does; a data directory's recovery may.
     */
    private static Warren start(WarrenConfig config, ParallelStart parallel) {
        DataDirectoryLock lock = null;
        MessageStore store = null;
        if (config.dataDir() != null) {
            awaitLogging(parallel, config);
            lock = DataDirectoryLock.acquire(config.dataDir());
            store = MessageStore.open(config.dataDir().resolve("messages"), config.segmentSizeBytes());
        }
        ResourceMonitor resources = new ResourceMonitor(config.memoryHighWatermark(), config.dataDir(),
                config.diskFreeLimitBytes(), config.queueMemoryBudgetBytes());
        Broker broker = createBroker(config, store, resources);
        Thread definitionsRewrite = null;
        CountDownLatch rewriteNow = new CountDownLatch(1);
        if (store != null) {
            try {
                definitionsRewrite = recover(config, broker, store, rewriteNow);
            } catch (RuntimeException e) {
                store.close();
                lock.close();
                resources.close();
                throw e;
            }
        } else {
            addConfiguredUsers(config, broker, false);
        }
        awaitLogging(parallel, config);
        if (config.loadDefinitions() != null) {
            try {
                Definitions.importFile(broker, config.loadDefinitions());
            } catch (IllegalArgumentException e) {
                resources.close();
                if (store != null) {
                    store.close();
                    lock.close();
                }
                throw new IllegalStateException("cannot start Warren: " + e.getMessage(), e);
            }
        }
        NettyTransport transport;
        AmqpListener amqp;
        RespListener resp;
        try {
            amqp = parallel.amqpListener();
            if (amqp != null) {
                amqp.serve(broker);
                log().info("AMQP 0-9-1 listener started on {}:{}", config.bindAddress(), amqp.port());
            }
            resp = parallel.respListener();
            if (resp != null) {
                log().info("RESP (Redis) listener started on {}:{}", config.bindAddress(), resp.port());
            }
            transport = parallel.transport();
        } catch (Exception e) {
            parallel.abandon();
            resources.close();
            if (store != null) {
                store.close();
                lock.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start Warren: " + e.getMessage(), e);
        }
        Warren warren = new Warren(config, broker, transport, amqp, resp, store, lock);
        parallel.handedOver();
        warren.definitionsRewrite = definitionsRewrite;
        warren.definitionsRewriteNow = rewriteNow;
        try {
            warren.startHttp();
        } catch (Exception e) {
            warren.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start Warren: " + e.getMessage(), e);
        }
        return warren;
    }

    /**
     * The management API (http port) and Prometheus metrics (prometheus port), each unless off. The
     * HTTP side as a whole is off when the http port is: embedded users who turn it off get no HTTP listener.
     */
    private void startHttp() throws InterruptedException {
        if (config.httpPort() == WarrenConfig.OFF) {
            return;
        }
        management = new ManagementServer(transport, broker, config,
                () -> amqp == null ? java.util.List.of() : amqp.connections().all(), this::amqpPort,
                () -> resp == null ? null : resp.server());
        log().info("management HTTP API started on {}:{}", config.bindAddress(), management.port());
        if (config.prometheusPort() != WarrenConfig.OFF) {
            prometheus = new PrometheusServer(transport, broker, config,
                    () -> amqp == null ? java.util.List.of() : amqp.connections().all());
            log().info("Prometheus metrics on {}:{}/metrics", config.bindAddress(), prometheus.port());
        }
    }

    /** Durable definitions first, then the persistent messages of durable queues. */
    private static Thread recover(WarrenConfig config, Broker broker, MessageStore store, CountDownLatch rewriteNow) {
        DefinitionsFile definitions = new DefinitionsFile(config.dataDir(), broker);
        definitions.load();
        addConfiguredUsers(config, broker, definitions.usersRestored());
        store.recover((vhost, queue, msgId, segment, offset, timestamp, exchange, routingKey, properties, body,
                       redelivered) -> {
            VirtualHost vh = broker.virtualHost(vhost);
            if (vh != null && queue.startsWith(DelayedMessages.STORE_PREFIX)) {
                Message m = new Message(exchange, routingKey, properties, BasicProperties.parse(properties), body,
                        timestamp);
                return broker.delayedMessages().recover(vh, queue, m, new StoredRef(msgId, segment, offset, 0));
            }
            Queue q = vh == null ? null : vh.queue(queue);
            if (q == null || !VirtualHost.isRecoverable(q)) {
                return false;
            }
            q.recover(() -> new Message(exchange, routingKey, properties, BasicProperties.parse(properties), body,
                    timestamp), msgId, segment, offset, body.length, redelivered);
            return true;
        });
        store.setLiveMessages(broker.liveMessages());
        java.util.List<Queue> all = new java.util.ArrayList<>();
        broker.virtualHosts().forEach(vh -> all.addAll(vh.queues()));
        dev.warren.broker.queue.StreamQueue.deleteOrphanedLogs(store, all);
        for (VirtualHost vh : broker.virtualHosts()) {
            for (Queue q : vh.queues()) {
                q.recoveryComplete();
            }
        }
        broker.setTopologyListener(definitions);
        // The file is rewritten as recovered (dropping what did not survive) off the start-up path and a
        // little later (its JSON library takes a core for a while as it loads): it already holds at least
        // what was recovered, and any later change rewrites it anyway. close() has it done at once.
        Thread rewrite = new Thread(() -> {
            try {
                rewriteNow.await(DEFINITIONS_REWRITE_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            definitions.durableTopologyChanged(null);
        }, "warren-definitions-rewrite");
        rewrite.setDaemon(true);
        rewrite.start();
        log().info("data directory {}", config.dataDir().toAbsolutePath());
        return rewrite;
    }

    private static Broker createBroker(WarrenConfig config, MessageStore store, ResourceMonitor resources) {
        UserStore users = new UserStore(config.loopbackUsers());
        Broker broker = new Broker(users, store, resources);
        broker.addVirtualHost(config.defaultVhost());
        for (String vhost : config.vhosts()) {
            broker.addVirtualHost(vhost);
        }
        return broker;
    }

    /**
     * The configured users. The default user (guest) is created only when no users were kept in the data
     * directory (a fresh one, or none given), as RabbitMQ creates default_user only on a node's first
     * boot: a deleted guest or its changed password stays so. As in RabbitMQ, it is not created either
     * when load_definitions brings users of its own. Users of the configuration
     * ({@code users.NAME.*}, {@code WarrenConfig.user(...)}) are applied at every start: their password and
     * tags are the configured ones, and they get at least the configured vhosts (kept permissions stay).
     */
    private static void addConfiguredUsers(WarrenConfig config, Broker broker, boolean usersRestored) {
        UserStore users = broker.users();
        boolean bootDefinitionsHaveUsers = config.loadDefinitions() != null
                && Definitions.definesUsers(config.loadDefinitions());
        if (!usersRestored && !bootDefinitionsHaveUsers) {
            Set<String> allVhosts = new HashSet<>(config.vhosts());
            allVhosts.add(config.defaultVhost());
            users.put(User.withFullAccess(config.defaultUser(), PasswordHash.hash(config.defaultPass()),
                    Set.of("administrator"), allVhosts));
        }
        for (WarrenConfig.UserSpec u : config.users()) {
            User kept = users.get(u.name());
            String hash = kept != null && PasswordHash.matches(kept.passwordHash(), u.password())
                    ? kept.passwordHash() : PasswordHash.hash(u.password());
            // the configured vhosts get full access unless a permission was kept for them
            User user = User.withFullAccess(u.name(), hash, u.tags(), Set.copyOf(u.vhosts()));
            if (kept != null) {
                for (var e : kept.permissions().entrySet()) {
                    user = user.withPermission(e.getKey(), e.getValue());
                }
            }
            users.put(user);
        }
    }

    /** The AMQP port actually bound (useful with port 0), or -1 when the listener is off. */
    public int amqpPort() {
        return amqp == null ? WarrenConfig.OFF : amqp.port();
    }

    /** The RESP (Redis) port actually bound, or -1 when the listener is off. */
    public int respPort() {
        return resp == null ? WarrenConfig.OFF : resp.port();
    }

    /** The management HTTP port actually bound, or -1 when it is off. */
    public int httpPort() {
        return management == null ? WarrenConfig.OFF : management.port();
    }

    /** The Prometheus metrics port actually bound, or -1 when it is off. */
    public int prometheusPort() {
        return prometheus == null ? WarrenConfig.OFF : prometheus.port();
    }

    public Broker broker() {
        return broker;
    }

    public WarrenConfig config() {
        return config;
    }

    /** Number of open AMQP connections. */
    public int amqpConnectionCount() {
        return amqp == null ? 0 : amqp.connections().size();
    }

    @Override
    public void close() {
        if (definitionsRewrite != null) {
            definitionsRewriteNow.countDown();
            try {
                definitionsRewrite.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (resp != null) {
            resp.close();
        }
        if (management != null) {
            management.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (amqp != null) {
            amqp.close();
        }
        transport.close();
        broker.close();
        if (broker.resources() != null) {
            broker.resources().close();
        }
        if (store != null) {
            store.close();
        }
        if (lock != null) {
            lock.close();
        }
        log().info("Warren stopped");
    }
}
