package dev.warren;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a Warren instance is configured with. Every setting has a default; ports use 0 for
 * "any free port" and {@link #OFF} for "no listener". Fluent setters return this, and {@link #start()}
 * starts a server with the configuration.
 */
public final class WarrenConfig {
    public static final int OFF = -1;

    /** A user defined in configuration (besides the default user). */
    public record UserSpec(String name, String password, Set<String> tags, Set<String> vhosts) {
    }

    private String bindAddress = "0.0.0.0";
    private int amqpPort = 5672;
    private int respPort = 6379;
    private int httpPort = 15672;
    private int prometheusPort = 15692;
    private boolean prometheusPerObjectMetrics;
    private Path loadDefinitions;
    private String consoleLogLevel;
    private Path dataDir;
    private long segmentSizeBytes = 16L * 1024 * 1024;
    private String defaultUser = "guest";
    private String defaultPass = "guest";
    private String defaultVhost = "/";
    private Set<String> loopbackUsers = new LinkedHashSet<>(List.of("guest"));
    private final List<UserSpec> users = new ArrayList<>();
    private final Set<String> vhosts = new LinkedHashSet<>();
    private int heartbeatSeconds = 60;
    private int frameMax = 131072;
    private int channelMax = 2047;
    private int ioThreads = 0;
    private boolean nativeTransport = true;
    private long handshakeTimeoutMillis = 10_000;
    private String requirepass;
    private String respAppendfsync = "everysec";
    private double memoryHighWatermarkRelative = 0.4;
    private long memoryHighWatermarkBytes;
    private long diskFreeLimitBytes = 50L * 1000 * 1000;
    private long queueMemoryBudgetBytes;

    public Warren start() {
        return Warren.start(this);
    }

    public WarrenConfig bindAddress(String address) {
        this.bindAddress = address;
        return this;
    }

    public WarrenConfig amqpPort(int port) {
        this.amqpPort = port;
        return this;
    }

    public WarrenConfig respPort(int port) {
        this.respPort = port;
        return this;
    }

    public WarrenConfig httpPort(int port) {
        this.httpPort = port;
        return this;
    }

    /** The Prometheus /metrics port (RabbitMQ's prometheus.tcp.port). */
    public WarrenConfig prometheusPort(int port) {
        this.prometheusPort = port;
        return this;
    }

    /**
     * Whether {@code /metrics} has a series per queue, channel and connection instead of their sums, as
     * {@code /metrics/per-object} always has (RabbitMQ's {@code prometheus.return_per_object_metrics}, default off).
     */
    public WarrenConfig prometheusPerObjectMetrics(boolean perObject) {
        this.prometheusPerObjectMetrics = perObject;
        return this;
    }

    /**
     * The console log level as RabbitMQ's {@code log.console.level} names it (debug, info, warning,
     * error, critical, none); null (default) leaves the logging configuration as it is.
     */
    public WarrenConfig consoleLogLevel(String level) {
        this.consoleLogLevel = level;
        return this;
    }

    public String consoleLogLevel() {
        return consoleLogLevel;
    }

    /** A RabbitMQ definitions file imported at start-up (RabbitMQ's load_definitions); null for none. */
    public WarrenConfig loadDefinitions(Path file) {
        this.loadDefinitions = file;
        return this;
    }

    public Path loadDefinitions() {
        return loadDefinitions;
    }

    /** Where durable definitions and persistent messages live; null (the default) keeps all in memory. */
    public WarrenConfig dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** The size at which the message store starts a new segment file. */
    public WarrenConfig segmentSizeBytes(long bytes) {
        this.segmentSizeBytes = bytes;
        return this;
    }

    /** The data directory the standalone server uses when none is given: $WARREN_DATA_DIR or ~/.warren/data. */
    public static Path defaultDataDir() {
        String env = System.getenv("WARREN_DATA_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".warren", "data");
    }

    public WarrenConfig defaultUser(String name, String password) {
        this.defaultUser = name;
        this.defaultPass = password;
        return this;
    }

    public WarrenConfig defaultVhost(String vhost) {
        this.defaultVhost = vhost;
        return this;
    }

    /** Users that may connect only from loopback addresses (RabbitMQ's {@code loopback_users}). */
    public WarrenConfig loopbackUsers(Set<String> names) {
        this.loopbackUsers = new LinkedHashSet<>(names);
        return this;
    }

    /** Adds a virtual host. */
    public WarrenConfig vhost(String name) {
        vhosts.add(name);
        return this;
    }

    /** Adds a user with access to the given virtual hosts (created if missing). */
    public WarrenConfig user(String name, String password, Set<String> tags, Set<String> userVhosts) {
        users.add(new UserSpec(name, password, Set.copyOf(tags), Set.copyOf(userVhosts)));
        vhosts.addAll(userVhosts);
        return this;
    }

    public WarrenConfig user(String name, String password, String... userVhosts) {
        return user(name, password, Set.of(), Set.of(userVhosts));
    }

    /** Heartbeat interval the server proposes, in seconds; 0 disables heartbeats. */
    public WarrenConfig heartbeatSeconds(int seconds) {
        this.heartbeatSeconds = seconds;
        return this;
    }

    public WarrenConfig frameMax(int bytes) {
        this.frameMax = bytes;
        return this;
    }

    public WarrenConfig channelMax(int channels) {
        this.channelMax = channels;
        return this;
    }

    /** Netty I/O threads; 0 means one per core. */
    public WarrenConfig ioThreads(int threads) {
        this.ioThreads = threads;
        return this;
    }

    /**
     * Whether to use Netty's native epoll transport where available (the default); false: Java NIO,
     * which starts about 50 ms sooner in a fresh JVM and is what {@code @WarrenTest} uses.
     */
    public WarrenConfig nativeTransport(boolean useNative) {
        this.nativeTransport = useNative;
        return this;
    }

    /** The memory alarm's threshold as a fraction of the maximum heap (RabbitMQ's vm_memory_high_watermark.relative). */
    public WarrenConfig memoryHighWatermarkRelative(double fraction) {
        this.memoryHighWatermarkRelative = fraction;
        this.memoryHighWatermarkBytes = 0;
        return this;
    }

    /** The memory alarm's threshold in bytes of queued messages (vm_memory_high_watermark.absolute). */
    public WarrenConfig memoryHighWatermarkBytes(long bytes) {
        this.memoryHighWatermarkBytes = bytes;
        return this;
    }

    /** The disk alarm goes off below this much free space on the data directory's disk. */
    public WarrenConfig diskFreeLimitBytes(long bytes) {
        this.diskFreeLimitBytes = bytes;
        return this;
    }

    /**
     * How many bytes of messages one queue keeps on the heap; beyond that, further persistent messages
     * of a durable queue are kept on disk only and transient ones off the heap, compactly encoded, and
     * read back when they near the head. 0 (default) means an eighth of the memory high watermark, at
     * most 16 MiB.
     */
    public WarrenConfig queueMemoryBudgetBytes(long bytes) {
        this.queueMemoryBudgetBytes = bytes;
        return this;
    }

    public long queueMemoryBudgetBytes() {
        return queueMemoryBudgetBytes > 0 ? queueMemoryBudgetBytes
                : Math.max(1L << 20, Math.min(16L << 20, memoryHighWatermark() / 8));
    }

    /** The effective memory high watermark in bytes. */
    public long memoryHighWatermark() {
        return memoryHighWatermarkBytes > 0 ? memoryHighWatermarkBytes
                : (long) (Runtime.getRuntime().maxMemory() * memoryHighWatermarkRelative);
    }

    public long diskFreeLimitBytes() {
        return diskFreeLimitBytes;
    }

    public WarrenConfig handshakeTimeoutMillis(long millis) {
        this.handshakeTimeoutMillis = millis;
        return this;
    }

    /** The RESP password (Redis's requirepass); null or empty means none. */
    public WarrenConfig requirepass(String password) {
        this.requirepass = password;
        return this;
    }

    public String requirepass() {
        return requirepass;
    }

    /** When the Redis append-only file is fsynced: always, everysec (default) or no. */
    public WarrenConfig respAppendfsync(String policy) {
        if (!java.util.List.of("always", "everysec", "no").contains(policy)) {
            throw new IllegalArgumentException("appendfsync must be always, everysec or no: " + policy);
        }
        this.respAppendfsync = policy;
        return this;
    }

    public String respAppendfsync() {
        return respAppendfsync;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public int amqpPort() {
        return amqpPort;
    }

    public int respPort() {
        return respPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int prometheusPort() {
        return prometheusPort;
    }

    public boolean prometheusPerObjectMetrics() {
        return prometheusPerObjectMetrics;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long segmentSizeBytes() {
        return segmentSizeBytes;
    }

    public String defaultUser() {
        return defaultUser;
    }

    public String defaultPass() {
        return defaultPass;
    }

    public String defaultVhost() {
        return defaultVhost;
    }

    public Set<String> loopbackUsers() {
        return loopbackUsers;
    }

    public List<UserSpec> users() {
        return users;
    }

    public Set<String> vhosts() {
        return vhosts;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    public int frameMax() {
        return frameMax;
    }

    public int channelMax() {
        return channelMax;
    }

    public int ioThreads() {
        return ioThreads;
    }

    public boolean nativeTransport() {
        return nativeTransport;
    }

    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }
}
