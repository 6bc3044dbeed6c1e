package dev.warren.http;

import dev.warren.WarrenConfig;
import dev.warren.amqp.session.AmqpConnection;
import dev.warren.broker.Broker;
import dev.warren.metrics.MessageRates;
import dev.warren.net.NettyTransport;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The management HTTP API (RabbitMQ-compatible paths and JSON) and web UI on one port. Requests are
 * answered one at a time, in order, on the instance's own management thread.
 */
public final class ManagementServer implements AutoCloseable {
    private final ExecutorService executor;
    private final MessageRates rates;
    private final HttpServer server;

    public ManagementServer(NettyTransport transport, Broker broker, WarrenConfig config,
                            Supplier<Collection<AmqpConnection>> connections, Supplier<Integer> amqpPort,
                            Supplier<dev.warren.resp.RespServer> resp) throws InterruptedException {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warren-management");
            t.setDaemon(true);
            return t;
        });
        rates = new MessageRates(broker);
        ApiContext api = new ApiContext(broker, config, connections, rates, amqpPort, resp);
        Router router = new Router(new Auth(broker.users()));
        new OverviewHandlers(api).register(router);
        new VhostUserHandlers(api).register(router);
        new ExchangeHandlers(api).register(router);
        new QueueHandlers(api).register(router);
        new BindingHandlers(api).register(router);
        new ConnectionHandlers(api).register(router);
        new DefinitionsHandlers(api).register(router);
        new PolicyHandlers(api).register(router);
        new VhostLimitHandlers(api).register(router);
        new ParameterHandlers(api).register(router);
        new RedisHandlers(api).register(router);
        router.fallback(new StaticFiles());
        try {
            server = new HttpServer(transport, config.bindAddress(), config.httpPort(), router, executor);
        } catch (InterruptedException | RuntimeException e) {
            executor.shutdownNow();
            rates.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        executor.shutdownNow();
        rates.close();
    }
}
