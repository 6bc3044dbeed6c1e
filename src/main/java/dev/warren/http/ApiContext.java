package dev.warren.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.WarrenConfig;
import dev.warren.amqp.session.AmqpConnection;
import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.broker.Broker;
import dev.warren.broker.BrokerException;
import dev.warren.broker.MessageCounts;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.User;
import dev.warren.metrics.MessageRates;
import dev.warren.metrics.MessageRates.Counter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What every management handler needs: the broker, the connections, rates, and the common checks. */
final class ApiContext {
    final Broker broker;
    final WarrenConfig config;
    final Supplier<Collection<AmqpConnection>> connections;
    final MessageRates rates;
    /** The AMQP port actually bound (for /api/overview listeners). */
    final Supplier<Integer> amqpPort;
    /** The RESP side's server, or null when its listener is off. */
    final Supplier<dev.warren.resp.RespServer> resp;

    ApiContext(Broker broker, WarrenConfig config, Supplier<Collection<AmqpConnection>> connections,
               MessageRates rates, Supplier<Integer> amqpPort, Supplier<dev.warren.resp.RespServer> resp) {
        this.resp = resp;
        this.broker = broker;
        this.config = config;
        this.connections = connections;
        this.rates = rates;
        this.amqpPort = amqpPort;
    }

    /** The node name shown everywhere RabbitMQ shows one. */
    String node() {
        return "warren@" + hostName();
    }

    /** The cluster_name global parameter when set, else the node name (as RabbitMQ's default). */
    String clusterName() {
        Object name = broker.globalParameters().get("cluster_name");
        return name instanceof String s ? s : node();
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** The {vhost} path parameter's virtual host: 404 when missing, 403 when the user may not see it. */
    VirtualHost vhost(Request r) {
        return vhost(r, r.param("vhost"), false);
    }

    /** As {@link #vhost(Request)}, for changes: the user needs permissions in the vhost (or to be administrator). */
    VirtualHost vhostForWrite(Request r) {
        return vhost(r, r.param("vhost"), true);
    }

    VirtualHost vhost(Request r, String name, boolean write) {
        VirtualHost vh = broker.virtualHost(name);
        if (vh == null) {
            throw HttpError.notFound();
        }
        User u = r.user();
        boolean allowed = write ? u.mayAccess(name) || Auth.isAdmin(u) : Auth.maySee(u, name);
        if (!allowed) {
            throw HttpError.notAllowed("Access refused.");
        }
        return vh;
    }

    /** The virtual hosts a user sees in listings, sorted by name. */
    List<VirtualHost> visibleVhosts(User u) {
        List<VirtualHost> all = new ArrayList<>();
        for (VirtualHost vh : broker.virtualHosts()) {
            if (Auth.maySee(u, vh.name())) {
                all.add(vh);
            }
        }
        all.sort(Comparator.comparing(VirtualHost::name));
        return all;
    }

    /** The vhosts a listing covers: one when the path names it, else every visible one. */
    List<VirtualHost> listed(Request r) {
        return r.param("vhost") != null ? List.of(vhost(r)) : visibleVhosts(r.user());
    }

    /** Snapshots of the open connections (skipping any that close meanwhile), sorted by name. */
    List<ConnectionInfo> connectionInfos() {
        List<CompletableFuture<ConnectionInfo>> futures = new ArrayList<>();
        for (AmqpConnection c : connections.get()) {
            futures.add(c.describe());
        }
        List<ConnectionInfo> infos = new ArrayList<>();
        for (CompletableFuture<ConnectionInfo> f : futures) {
            try {
                ConnectionInfo info = f.get(2, TimeUnit.SECONDS);
                if (!info.vhost().isEmpty()) {
                    infos.add(info);
                }
            } catch (Exception e) {
                // closed or closing meanwhile
            }
        }
        infos.sort(Comparator.comparing(ConnectionInfo::name));
        return infos;
    }

    /** Connections a user may see: monitoring users see all, others their own. */
    List<ConnectionInfo> visibleConnections(User u, String vhost) {
        List<ConnectionInfo> out = new ArrayList<>();
        for (ConnectionInfo c : connectionInfos()) {
            if ((Auth.isMonitor(u) || c.user().equals(u.name())) && (vhost == null || vhost.equals(c.vhost()))) {
                out.add(c);
            }
        }
        return out;
    }

    /** RabbitMQ's message_stats object with counts and rates. */
    /**
     * RabbitMQ's {@code message_stats}: each counter with its {@code _details.rate}. {@code deliver} and
     * {@code get} are in manual acknowledgement mode, {@code deliver_no_ack} and {@code get_no_ack} in automatic
     * mode, {@code deliver_get} is the four together. With {@code publisherSide} (channels, vhosts, the
     * overview; not queues) also {@code confirm}, {@code return_unroutable} and {@code drop_unroutable}.
     */
    static ObjectNode messageStats(MessageCounts c, double[] rates, boolean publisherSide) {
        ObjectNode s = Json.object();
        Json.counter(s, "publish", c.publish(), rates[Counter.PUBLISH.ordinal()]);
        if (publisherSide) {
            Json.counter(s, "confirm", c.confirm(), rates[Counter.CONFIRM.ordinal()]);
            Json.counter(s, "return_unroutable", c.returnUnroutable(), rates[Counter.RETURN_UNROUTABLE.ordinal()]);
            Json.counter(s, "drop_unroutable", c.dropUnroutable(), rates[Counter.DROP_UNROUTABLE.ordinal()]);
        }
        Json.counter(s, "deliver", c.deliver(), rates[Counter.DELIVER.ordinal()]);
        Json.counter(s, "deliver_no_ack", c.deliverNoAck(), rates[Counter.DELIVER_NO_ACK.ordinal()]);
        Json.counter(s, "get", c.get(), rates[Counter.GET.ordinal()]);
        Json.counter(s, "get_no_ack", c.getNoAck(), rates[Counter.GET_NO_ACK.ordinal()]);
        Json.counter(s, "get_empty", c.getEmpty(), rates[Counter.GET_EMPTY.ordinal()]);
        Json.counter(s, "deliver_get", c.deliverGet(), rates[Counter.DELIVER_GET.ordinal()]);
        Json.counter(s, "redeliver", c.redeliver(), rates[Counter.REDELIVER.ordinal()]);
        Json.counter(s, "ack", c.ack(), rates[Counter.ACK.ordinal()]);
        return s;
    }

    /** Adds messages, messages_ready, messages_unacknowledged and their _details. */
    static void depth(ObjectNode n, long ready, long unacked, double[] rates) {
        Json.counter(n, "messages", ready + unacked, rates[Counter.MESSAGES.ordinal()]);
        Json.counter(n, "messages_ready", ready, rates[Counter.READY.ordinal()]);
        Json.counter(n, "messages_unacknowledged", unacked, rates[Counter.UNACKED.ordinal()]);
    }

    /**
     * RabbitMQ's resource access control for an API operation, done as the requesting user (RabbitMQ's
     * management acts through a connection of that user): a refusal is a 401, as RabbitMQ answers it.
     */
    void checkAccess(Request r, VirtualHost vh, String kind, String name, dev.warren.broker.auth.Permission.Kind op) {
        try {
            broker.checkAccess(r.user().name(), vh, kind, name, op);
        } catch (BrokerException e) {
            throw toHttp(e);
        }
    }

    /**
     * A broker refusal as RabbitMQ's management answers it (rabbit_mgmt_util:with_channel): not found is
     * 404, access refused 401, anything else 400 with "CODE TEXT", e.g. "406 PRECONDITION_FAILED - ...".
     */
    static HttpError toHttp(BrokerException e) {
        return switch (e.replyCode()) {
            case BrokerException.NOT_FOUND -> new HttpError(HttpResponseStatus.NOT_FOUND, "not_found", e.replyText());
            case BrokerException.ACCESS_REFUSED -> HttpError.notAllowed(e.replyText());
            default -> HttpError.badRequest(e.replyCode() + " " + e.replyText());
        };
    }
}
