package dev.warren.metrics;

import dev.warren.amqp.session.ConnectionInfo;
import dev.warren.amqp.session.ConnectionInfo.ChannelInfo;
import dev.warren.broker.MessageCounts;
import dev.warren.metrics.ObjectSnapshot.QueueSample;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * RabbitMQ's per-object metrics ({@code /metrics/per-object}, and {@code /metrics} with
 * {@code prometheus.return_per_object_metrics = true}): the queue, channel and connection metrics as one series
 * per object instead of their sum. Queues are labelled {@code vhost} and {@code queue}; channels and
 * connections {@code channel}, as RabbitMQ labels both (with the channel's or the connection's management
 * name where RabbitMQ has an Erlang process id). Written from one scrape's snapshot, so an object's series
 * go with the object.
 */
final class PerObjectMetrics {
    private static final String COUNTER = "counter";
    private static final String GAUGE = "gauge";

    /** One metric family and how to read its value from an object. */
    private record Family<T>(String name, String type, String help, ToLongFunction<T> value) {
    }

    /** A channel and the name it is labelled with. */
    private record ChannelSample(String name, ChannelInfo info) {
    }

    private static final List<Family<QueueSample>> QUEUE = List.of(
            new Family<>("rabbitmq_queue_messages_ready", GAUGE, "Messages ready for consumers",
                    q -> q.stats().ready()),
            new Family<>("rabbitmq_queue_messages_unacked", GAUGE, "Messages delivered and not yet acknowledged",
                    q -> q.stats().unacked()),
            new Family<>("rabbitmq_queue_messages", GAUGE, "Ready and unacknowledged messages (the queue's depth)",
                    q -> q.stats().ready() + q.stats().unacked()),
            new Family<>("rabbitmq_queue_messages_bytes", GAUGE, "Bytes of the ready and unacknowledged messages",
                    q -> q.stats().bytes()),
            new Family<>("rabbitmq_queue_consumers", GAUGE, "Consumers of the queue", q -> q.stats().consumers()),
            new Family<>("rabbitmq_queue_messages_published_total", COUNTER, "Messages enqueued into the queue",
                    q -> q.stats().counts().publish()),
            new Family<>("rabbitmq_queue_messages_delivered_total", COUNTER, "Messages delivered from the queue to"
                    + " consumers in automatic acknowledgement mode", q -> q.stats().counts().deliverNoAck()),
            new Family<>("rabbitmq_queue_messages_delivered_ack_total", COUNTER, "Messages delivered from the queue"
                    + " to consumers in manual acknowledgement mode", q -> q.stats().counts().deliver()),
            new Family<>("rabbitmq_queue_get_total", COUNTER, "Messages fetched from the queue with basic.get in"
                    + " automatic acknowledgement mode", q -> q.stats().counts().getNoAck()),
            new Family<>("rabbitmq_queue_get_ack_total", COUNTER, "Messages fetched from the queue with basic.get in"
                    + " manual acknowledgement mode", q -> q.stats().counts().get()),
            new Family<>("rabbitmq_queue_get_empty_total", COUNTER, "basic.get operations that found the queue"
                    + " empty", q -> q.stats().counts().getEmpty()),
            new Family<>("rabbitmq_queue_messages_redelivered_total", COUNTER, "Messages delivered or fetched from"
                    + " the queue again", q -> q.stats().counts().redeliver()),
            new Family<>("rabbitmq_queue_messages_acked_total", COUNTER, "Messages of the queue acknowledged by"
                    + " consumers", q -> q.stats().counts().ack()));

    private static final List<Family<ChannelSample>> CHANNEL = List.of(
            new Family<>("rabbitmq_channel_consumers", GAUGE, "Consumers on the channel",
                    c -> c.info().consumers().size()),
            new Family<>("rabbitmq_channel_messages_unacked", GAUGE, "Messages delivered on the channel and not yet"
                    + " acknowledged", c -> c.info().unacked()),
            new Family<>("rabbitmq_channel_messages_unconfirmed", GAUGE, "Messages published on the channel in"
                    + " confirm mode and not yet confirmed", c -> c.info().unconfirmed()),
            new Family<>("rabbitmq_consumer_prefetch", GAUGE, "Unacknowledged messages each new consumer of the"
                    + " channel may have (basic.qos)", c -> c.info().prefetchCount()),
            new Family<>("rabbitmq_channel_prefetch", GAUGE, "Unacknowledged messages the channel's consumers may"
                    + " have together (basic.qos global)", c -> c.info().globalPrefetchCount()),
            channelCounter("rabbitmq_channel_messages_published_total", "Messages published on the channel",
                    MessageCounts::publish),
            channelCounter("rabbitmq_channel_messages_confirmed_total", "Messages published on the channel and"
                    + " confirmed", MessageCounts::confirm),
            channelCounter("rabbitmq_channel_messages_unroutable_returned_total", "Unroutable messages published on"
                    + " the channel with the mandatory flag, returned", MessageCounts::returnUnroutable),
            channelCounter("rabbitmq_channel_messages_unroutable_dropped_total", "Unroutable messages published on"
                    + " the channel without the mandatory flag, dropped", MessageCounts::dropUnroutable),
            channelCounter("rabbitmq_channel_messages_delivered_total", "Messages delivered on the channel to"
                    + " consumers in automatic acknowledgement mode", MessageCounts::deliverNoAck),
            channelCounter("rabbitmq_channel_messages_delivered_ack_total", "Messages delivered on the channel to"
                    + " consumers in manual acknowledgement mode", MessageCounts::deliver),
            channelCounter("rabbitmq_channel_get_total", "Messages fetched on the channel with basic.get in"
                    + " automatic acknowledgement mode", MessageCounts::getNoAck),
            channelCounter("rabbitmq_channel_get_ack_total", "Messages fetched on the channel with basic.get in"
                    + " manual acknowledgement mode", MessageCounts::get),
            channelCounter("rabbitmq_channel_get_empty_total", "basic.get operations on the channel that found"
                    + " the queue empty", MessageCounts::getEmpty),
            channelCounter("rabbitmq_channel_messages_redelivered_total", "Messages delivered or fetched on the"
                    + " channel again", MessageCounts::redeliver),
            channelCounter("rabbitmq_channel_messages_acked_total", "Messages acknowledged on the channel",
                    MessageCounts::ack));

    private static final List<Family<ConnectionInfo>> CONNECTION = List.of(
            new Family<>("rabbitmq_connection_incoming_bytes_total", COUNTER, "Bytes received on the connection",
                    c -> c.traffic().recvOct()),
            new Family<>("rabbitmq_connection_outgoing_bytes_total", COUNTER, "Bytes sent on the connection",
                    c -> c.traffic().sendOct()),
            new Family<>("rabbitmq_connection_incoming_packets_total", COUNTER, "Socket reads on the connection",
                    c -> c.traffic().recvCnt()),
            new Family<>("rabbitmq_connection_outgoing_packets_total", COUNTER, "Socket writes on the connection",
                    c -> c.traffic().sendCnt()),
            new Family<>("rabbitmq_connection_channels", GAUGE, "Channels open on the connection",
                    c -> c.channels().size()));

    private static Family<ChannelSample> channelCounter(String name, String help, ToLongFunction<MessageCounts> v) {
        return new Family<>(name, COUNTER, help, c -> v.applyAsLong(c.info().counts()));
    }

    private PerObjectMetrics() {
    }

    /** Appends every per-object family of this snapshot to {@code out}. */
    static void write(ObjectSnapshot snapshot, StringBuilder out) {
        PrometheusText text = new PrometheusText(out);
        List<String> queueLabels = new ArrayList<>(snapshot.queues().size());
        for (QueueSample q : snapshot.queues()) {
            queueLabels.add(PrometheusText.labels("vhost", q.vhost(), "queue", q.name()));
        }
        write(text, QUEUE, snapshot.queues(), queueLabels);
        text.family("rabbitmq_queue_info", GAUGE, "Always 1; the labels tell the queue's type");
        for (QueueSample q : snapshot.queues()) {
            text.sample("rabbitmq_queue_info", PrometheusText.labels("vhost", q.vhost(), "queue", q.name(),
                    "queue_type", "rabbit_" + q.type() + "_queue", "membership", "leader"), 1);
        }

        List<ChannelSample> channels = new ArrayList<>();
        List<String> channelLabels = new ArrayList<>();
        List<String> connectionLabels = new ArrayList<>(snapshot.connections().size());
        for (ConnectionInfo c : snapshot.connections()) {
            connectionLabels.add(PrometheusText.labels("channel", c.name()));
            for (ChannelInfo ch : c.channels()) {
                String name = c.channelName(ch);
                channels.add(new ChannelSample(name, ch));
                channelLabels.add(PrometheusText.labels("channel", name));
            }
        }
        write(text, CHANNEL, channels, channelLabels);
        write(text, CONNECTION, snapshot.connections(), connectionLabels);
    }

    private static <T> void write(PrometheusText text, List<Family<T>> families, List<T> objects, List<String> labels) {
        for (Family<T> f : families) {
            text.family(f.name(), f.type(), f.help());
            for (int i = 0; i < objects.size(); i++) {
                text.sample(f.name(), labels.get(i), f.value().applyAsLong(objects.get(i)));
            }
        }
    }
}
