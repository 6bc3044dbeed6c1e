package dev.warren;

import dev.warren.amqp.AmqpListener;
import dev.warren.broker.Broker;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.broker.auth.User;
import dev.warren.broker.auth.UserStore;
import dev.warren.net.NettyTransport;
import dev.warren.resp.RespListener;
import java.util.HashSet;
import java.util.Set;
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
    private static final Logger log = LoggerFactory.getLogger(Warren.class);

    private final WarrenConfig config;
    private final Broker broker;
    private final NettyTransport transport;
    private final AmqpListener amqp;
    private final RespListener resp;

    private Warren(WarrenConfig config, Broker broker, NettyTransport transport, AmqpListener amqp,
                   RespListener resp) {
        this.config = config;
        this.broker = broker;
        this.transport = transport;
        this.amqp = amqp;
        this.resp = resp;
    }

    /** A fresh configuration with every default; call {@code start()} on it. */
    public static WarrenConfig builder() {
        return new WarrenConfig();
    }

    static Warren start(WarrenConfig config) {
        Broker broker = createBroker(config);
        NettyTransport transport = new NettyTransport(config.ioThreads());
        AmqpListener amqp = null;
        RespListener resp = null;
        try {
            if (config.amqpPort() != WarrenConfig.OFF) {
                amqp = new AmqpListener(transport, broker, config);
                log.info("AMQP 0-9-1 listener started on {}:{}", config.bindAddress(), amqp.port());
            }
            if (config.respPort() != WarrenConfig.OFF) {
                resp = new RespListener(transport, config);
                log.info("RESP (Redis) listener started on {}:{}", config.bindAddress(), resp.port());
            }
        } catch (Exception e) {
            if (amqp != null) {
                amqp.close();
            }
            transport.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start Warren: " + e.getMessage(), e);
        }
        return new Warren(config, broker, transport, amqp, resp);
    }

    private static Broker createBroker(WarrenConfig config) {
        UserStore users = new UserStore(config.loopbackUsers());
        Broker broker = new Broker(users);
        broker.addVirtualHost(config.defaultVhost());
        for (String vhost : config.vhosts()) {
            broker.addVirtualHost(vhost);
        }
        Set<String> allVhosts = new HashSet<>(config.vhosts());
        allVhosts.add(config.defaultVhost());
        users.put(new User(config.defaultUser(), PasswordHash.hash(config.defaultPass()), Set.of("administrator"),
                Set.copyOf(allVhosts)));
        for (WarrenConfig.UserSpec u : config.users()) {
            users.put(new User(u.name(), PasswordHash.hash(u.password()), u.tags(), u.vhosts()));
        }
        return broker;
    }

    /** The AMQP port actually bound (useful with port 0), or -1 when the listener is off. */
    public int amqpPort() {
        return amqp == null ? WarrenConfig.OFF : amqp.port();
    }

    /** The RESP (Redis) port actually bound, or -1 when the listener is off. */
    public int respPort() {
        return resp == null ? WarrenConfig.OFF : resp.port();
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
        if (resp != null) {
            resp.close();
        }
        if (amqp != null) {
            amqp.close();
        }
        transport.close();
        log.info("Warren stopped");
    }
}
