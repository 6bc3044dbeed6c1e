package dev.warren.amqp.session;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.queue.Queue;

/**
 * RabbitMQ's direct reply-to: a client consumes (no-ack) from the pseudo-queue
 * {@code amq.rabbitmq.reply-to} and publishes requests with that {@code reply_to}; the broker rewrites
 * it into an address of the consuming channel, and replies published to that address through the
 * default exchange go straight to the consumer.
 */
final class DirectReplyTo {
    static final String PSEUDO_QUEUE = "amq.rabbitmq.reply-to";

    private DirectReplyTo() {
    }

    static Queue createReplyQueue(VirtualHost vhost, AmqpConnection owner) {
        return vhost.createDirectReplyQueue(PSEUDO_QUEUE + ".", owner);
    }

    static BasicProperties withReplyTo(BasicProperties p, String address) {
        return new BasicProperties(p.contentType(), p.contentEncoding(), p.headers(), p.deliveryMode(), p.priority(),
                p.correlationId(), address, p.expiration(), p.messageId(), p.timestamp(), p.type(), p.userId(),
                p.appId(), p.clusterId());
    }
}
