package dev.warren.amqp.session;

import dev.warren.broker.MessageCounts;
import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of one AMQP connection, its channels and consumers, taken on the connection's
 * event loop for management and metrics.
 */
public record ConnectionInfo(String name, String peerHost, int peerPort, String host, int port, String user,
                             String vhost, String state, String authMechanism, Map<String, Object> clientProperties,
                             long connectedAt, int frameMax, int channelMax, int heartbeat, boolean blocked,
                             List<ChannelInfo> channels, Traffic traffic) {

    /** RabbitMQ's name of one of this connection's channels: "CONNECTION (NUMBER)". */
    public String channelName(ChannelInfo channel) {
        return name + " (" + channel.number() + ")";
    }

    /**
     * Bytes and socket operations in each direction: RabbitMQ's recv_oct, recv_cnt, send_oct and send_cnt
     * (Warren counts socket reads and writes where RabbitMQ counts packets).
     */
    public record Traffic(long recvOct, long recvCnt, long sendOct, long sendCnt) {
    }

    /**
     * One channel: its settings, unacknowledged count, message counters and consumers, and how many of its
     * publishes (in confirm mode) are not yet confirmed.
     */
    public record ChannelInfo(int number, String state, int prefetchCount, int globalPrefetchCount, boolean confirm,
                              boolean transactional, int unacked, MessageCounts counts, List<ConsumerInfo> consumers,
                              long unconfirmed) {
    }

    /** One basic.consume subscription. */
    public record ConsumerInfo(String tag, String queue, boolean ackRequired, boolean exclusive, int prefetch) {
    }
}
