package dev.warren.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.amqp.session.AmqpConnection;
import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.amqp.session.ConnectionInfo.ChannelInfo;
import dev.warren.amqp.session.ConnectionInfo.ConsumerInfo;
import dev.warren.broker.auth.User;

/** /api/connections (and DELETE to close one), /api/channels and /api/consumers. */
final class ConnectionHandlers {
    private final ApiContext api;

    ConnectionHandlers(ApiContext api) {
        this.api = api;
    }

    void register(Router r) {
        r.get("/api/connections", Access.MANAGEMENT, req -> connections(req, null));
        r.get("/api/vhosts/{vhost}/connections", Access.MANAGEMENT, req -> connections(req, api.vhost(req).name()));
        r.get("/api/connections/{name}", Access.MANAGEMENT, req -> Response.json(connectionJson(find(req))));
        r.delete("/api/connections/{name}", Access.MANAGEMENT, this::close);
        r.get("/api/connections/{name}/channels", Access.MANAGEMENT, req -> {
            ConnectionInfo c = find(req);
            ArrayNode out = Json.MAPPER.createArrayNode();
            c.channels().forEach(ch -> out.add(channelJson(c, ch)));
            return Response.json(out);
        });
        r.get("/api/channels", Access.MANAGEMENT, req -> channels(req, null));
        r.get("/api/vhosts/{vhost}/channels", Access.MANAGEMENT, req -> channels(req, api.vhost(req).name()));
        r.get("/api/consumers", Access.MANAGEMENT, req -> consumers(req, null));
        r.get("/api/consumers/{vhost}", Access.MANAGEMENT, req -> consumers(req, api.vhost(req).name()));
    }

    private Response connections(Request r, String vhost) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        api.visibleConnections(r.user(), vhost).forEach(c -> out.add(connectionJson(c)));
        return Response.json(out);
    }

    private ConnectionInfo find(Request r) {
        for (ConnectionInfo c : api.visibleConnections(r.user(), null)) {
            if (c.name().equals(r.param("name"))) {
                return c;
            }
        }
        throw HttpError.notFound();
    }

    ObjectNode connectionJson(ConnectionInfo c) {
        ObjectNode n = Json.object().put("name", c.name()).put("node", api.node()).put("type", "network")
                .put("protocol", "AMQP 0-9-1").put("user", c.user()).put("user_who_performed_action", c.user())
                .put("vhost", c.vhost()).put("host", c.host()).put("port", c.port()).put("peer_host", c.peerHost())
                .put("peer_port", c.peerPort()).put("state", c.state()).put("auth_mechanism", c.authMechanism())
                .put("ssl", false).put("channels", c.channels().size()).put("frame_max", c.frameMax())
                .put("channel_max", c.channelMax()).put("timeout", c.heartbeat()).put("connected_at", c.connectedAt());
        ConnectionInfo.Traffic t = c.traffic();
        double[] rates = api.rates.ratesOnDemand(c.name(), new long[] {t.recvOct(), t.sendOct()});
        Json.counter(n, "recv_oct", t.recvOct(), rates[0]);
        Json.counter(n, "send_oct", t.sendOct(), rates[1]);
        n.put("recv_cnt", t.recvCnt()).put("send_cnt", t.sendCnt());
        n.set("client_properties", Json.MAPPER.valueToTree(c.clientProperties()));
        Object name = c.clientProperties().get("connection_name");
        if (name != null) {
            n.put("user_provided_name", String.valueOf(name));
        }
        return n;
    }

    /** DELETE closes the connection with CONNECTION_FORCED; the X-Reason header sets the reason text. */
    private Response close(Request r) {
        ConnectionInfo info = find(r);
        User u = r.user();
        if (!Auth.isAdmin(u) && !info.user().equals(u.name())) {
            throw HttpError.notAllowed("Not administrator user");
        }
        String reason = r.headers().get("X-Reason", "Closed via management plugin");
        for (AmqpConnection c : api.connections.get()) {
            if (c.name().equals(info.name())) {
                c.forceClose(reason);
            }
        }
        return Response.noContent();
    }

    private Response channels(Request r, String vhost) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ConnectionInfo c : api.visibleConnections(r.user(), vhost)) {
            c.channels().forEach(ch -> out.add(channelJson(c, ch)));
        }
        return Response.json(out);
    }

    private static String channelName(ConnectionInfo c, ChannelInfo ch) {
        return c.channelName(ch);
    }

    ObjectNode channelJson(ConnectionInfo c, ChannelInfo ch) {
        ObjectNode n = Json.object().put("name", channelName(c, ch)).put("node", api.node()).put("number", ch.number())
                .put("user", c.user()).put("vhost", c.vhost()).put("state", ch.state())
                .put("consumer_count", ch.consumers().size()).put("messages_unacknowledged", ch.unacked())
                .put("messages_unconfirmed", 0).put("messages_uncommitted", 0).put("acks_uncommitted", 0)
                .put("prefetch_count", ch.prefetchCount()).put("global_prefetch_count", ch.globalPrefetchCount())
                .put("confirm", ch.confirm()).put("transactional", ch.transactional());
        n.putObject("connection_details").put("name", c.name()).put("peer_host", c.peerHost())
                .put("peer_port", c.peerPort());
        double[] rates = api.rates.ratesOnDemand(channelName(c, ch),
                dev.warren.metrics.MessageRates.counters(ch.counts()));
        n.set("message_stats", ApiContext.messageStats(ch.counts(), rates, true));
        return n;
    }

    private Response consumers(Request r, String vhost) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (ConnectionInfo c : api.visibleConnections(r.user(), vhost)) {
            for (ChannelInfo ch : c.channels()) {
                for (ConsumerInfo co : ch.consumers()) {
                    ObjectNode n = Json.object().put("consumer_tag", co.tag()).put("ack_required", co.ackRequired())
                            .put("exclusive", co.exclusive()).put("prefetch_count", co.prefetch())
                            .put("active", true).put("activity_status", "up");
                    n.putObject("arguments");
                    n.putObject("queue").put("name", co.queue()).put("vhost", c.vhost());
                    n.putObject("channel_details").put("name", channelName(c, ch)).put("number", ch.number())
                            .put("connection_name", c.name()).put("peer_host", c.peerHost())
                            .put("peer_port", c.peerPort()).put("user", c.user()).put("node", api.node());
                    out.add(n);
                }
            }
        }
        return Response.json(out);
    }

}
