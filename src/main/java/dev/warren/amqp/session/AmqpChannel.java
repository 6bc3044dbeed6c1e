package dev.warren.amqp.session;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.amqp.codec.Frame;
import dev.warren.amqp.codec.method.AccessMethods;
import dev.warren.amqp.codec.method.AmqpMethod;
import dev.warren.amqp.codec.method.BasicMethods;
import dev.warren.amqp.codec.method.ChannelMethods;
import dev.warren.amqp.codec.method.ConfirmMethods;
import dev.warren.amqp.codec.method.ExchangeMethods;
import dev.warren.amqp.codec.method.MethodHandler;
import dev.warren.amqp.codec.method.QueueMethods;
import dev.warren.amqp.codec.method.TxMethods;
import dev.warren.broker.BrokerException;
import dev.warren.broker.Message;
import dev.warren.broker.MessageRouter;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.Permission;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.queue.Queue;
import dev.warren.broker.queue.QueueArguments;
import dev.warren.broker.queue.QueueEntry;
import dev.warren.broker.queue.StreamQueue;
import dev.warren.broker.queue.stream.StreamSync;
import java.security.SecureRandom;
import dev.warren.store.MessageStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP channel: translates the exchange, queue, basic, confirm and tx methods into broker
 * operations and keeps the channel's own state (consumers, delivery tags, confirms, transaction).
 * Confined to the connection's event loop, except the few volatile/atomic fields queues read.
 */
final class AmqpChannel implements MethodHandler {
    private static final Logger log = LoggerFactory.getLogger(AmqpChannel.class);
    /** RabbitMQ's default max_message_size. */
    private static final long MAX_MESSAGE_SIZE = 128L * 1024 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { OPEN, CLOSING, CLOSED }

    private final AmqpConnection connection;
    private final int id;
    private State state = State.OPEN;
    private volatile boolean open = true;

    private IncomingContent incoming;
    private final PublishCache publishCache = new PublishCache();
    /** This channel's direct reply-to address while it consumes from amq.rabbitmq.reply-to. */
    private String replyTo;
    private String lastQueue;
    private final Map<String, ChannelConsumer> consumers = new LinkedHashMap<>();
    private final UnackedDeliveries unacked = new UnackedDeliveries();
    private long nextDeliveryTag = 1;
    private int consumerPrefetch;
    private volatile int channelPrefetch;
    private final AtomicInteger channelInFlight = new AtomicInteger();

    private boolean confirmMode;
    private long publishSeq;
    private long confirmSent;
    /** Confirm-mode publishes waiting for the store's fsync: {publish sequence number, log position}. */
    private final ArrayDeque<long[]> unsynced = new ArrayDeque<>();
    private boolean durabilityCallbackPending;
    /** Confirm-mode publishes waiting for a stream queue's fsync, by publish sequence number. */
    private final java.util.TreeSet<Long> streamUnsynced = new java.util.TreeSet<>();
    /** Confirm-mode publishes a queue refused (x-overflow reject-publish): they get basic.nack. */
    private final java.util.TreeSet<Long> nacked = new java.util.TreeSet<>();
    private Transaction tx;
    /** The exchange the last publish was allowed to write to, and the users' version it was checked at. */
    private String writableExchange;
    private long writableVersion = -1;
    private final ChannelCounters counters = new ChannelCounters();

    AmqpChannel(AmqpConnection connection, int id) {
        this.connection = connection;
        this.id = id;
    }

    int id() {
        return id;
    }

    AmqpConnection connection() {
        return connection;
    }

    boolean isOpen() {
        return open;
    }

    private VirtualHost vhost() {
        return connection.vhost();
    }

    // ------------------------------------------------------------------ frames

    void handleFrame(Frame frame) throws BrokerException {
        if (state != State.OPEN) {
            // Closing: only channel.close / close-ok matter.
            if (frame instanceof Frame.Method m) {
                if (m.method() instanceof ChannelMethods.CloseOk) {
                    finishClose();
                } else if (m.method() instanceof ChannelMethods.Close) {
                    connection.sendMethod(id, new ChannelMethods.CloseOk());
                }
            }
            return;
        }
        if (frame instanceof Frame.Method m) {
            if (incoming != null) {
                throw new BrokerException(BrokerException.UNEXPECTED_FRAME, "expected content header for class 60,"
                        + " got non content header frame instead");
            }
            AmqpMethod method = m.method();
            try {
                method.dispatch(this);
            } catch (BrokerException e) {
                fail(e, method.classId(), method.methodId());
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } else if (frame instanceof Frame.ContentHeader header) {
            onContentHeader(header);
        } else if (frame instanceof Frame.ContentBody body) {
            if (incoming == null || incoming.awaitingHeader()) {
                throw new BrokerException(BrokerException.UNEXPECTED_FRAME, "unexpected content body frame");
            }
            if (!incoming.append(body.payload())) {
                throw new BrokerException(BrokerException.FRAME_ERROR, "content body exceeds the declared body size");
            }
            if (incoming.complete()) {
                finishPublish();
            }
        }
    }

    private void onContentHeader(Frame.ContentHeader header) throws BrokerException {
        if (incoming == null || !incoming.awaitingHeader()) {
            throw new BrokerException(BrokerException.UNEXPECTED_FRAME, "unexpected content header frame");
        }
        if (header.classId() != BasicMethods.Publish.CLASS_ID) {
            throw new BrokerException(BrokerException.UNEXPECTED_FRAME,
                    "content header for class " + header.classId() + " after basic.publish");
        }
        if (header.bodySize() > MAX_MESSAGE_SIZE || header.bodySize() < 0) {
            incoming = null;
            fail(BrokerException.preconditionFailed("message size " + header.bodySize()
                    + " is larger than configured max size " + MAX_MESSAGE_SIZE), BasicMethods.Publish.CLASS_ID,
                    BasicMethods.Publish.METHOD_ID);
            return;
        }
        incoming.header(header.bodySize(), header.properties());
        if (incoming.complete()) {
            finishPublish();
        }
    }

    /** A channel error closes this channel; a connection error is passed on to the connection. */
    private void fail(BrokerException e, int classId, int methodId) {
        if (e.closesConnection()) {
            connection.closeConnection(e.replyCode(), e.replyText(), classId, methodId);
            return;
        }
        log.warn("channel error on AMQP connection {}, channel {}: {} {}", connection.peer(), id, e.replyCode(),
                e.replyText());
        release();
        state = State.CLOSING;
        connection.sendMethod(id, new ChannelMethods.Close(e.replyCode(), e.replyText(), classId, methodId));
    }

    private void finishClose() {
        state = State.CLOSED;
        connection.channelClosed(this);
    }

    /** Tears down the channel's broker state: consumers cancelled, unacknowledged messages requeued. */
    void release() {
        if (!open) {
            return;
        }
        open = false;
        connection.broker().counters().channelsClosed.increment();
        incoming = null;
        List<UnackedDeliveries.Unacked> back = unacked.takeAll();
        if (tx != null) {
            back.addAll(tx.settledDeliveries()); // uncommitted settlements are discarded
            tx = null;
        }
        for (ChannelConsumer c : consumers.values()) {
            detach(c);
        }
        consumers.clear();
        settle(back, Settlement.REQUEUE, false);
    }

    // ------------------------------------------------------------------ channel class

    @Override
    public void unexpected(AmqpMethod method) throws BrokerException {
        throw BrokerException.commandInvalid("unexpected method " + method.name() + " on channel " + id);
    }

    @Override
    public void onChannelOpen(ChannelMethods.Open m) throws BrokerException {
        throw new BrokerException(BrokerException.CHANNEL_ERROR, "second 'channel.open' seen");
    }

    @Override
    public void onChannelClose(ChannelMethods.Close m) {
        release();
        connection.sendMethod(id, new ChannelMethods.CloseOk());
        finishClose();
    }

    @Override
    public void onChannelCloseOk(ChannelMethods.CloseOk m) {
        finishClose();
    }

    /** As RabbitMQ 3.x: a client may not pause deliveries with channel.flow; use basic.qos instead. */
    @Override
    public void onChannelFlow(ChannelMethods.Flow m) throws BrokerException {
        if (!m.active()) {
            throw BrokerException.notImplemented("active=false");
        }
        connection.sendMethod(id, new ChannelMethods.FlowOk(true));
    }

    @Override
    public void onChannelFlowOk(ChannelMethods.FlowOk m) {
    }

    @Override
    public void onAccessRequest(AccessMethods.Request m) {
        connection.sendMethod(id, new AccessMethods.RequestOk(1));
    }

    // ------------------------------------------------------------------ exchanges

    @Override
    public void onExchangeDeclare(ExchangeMethods.Declare m) throws BrokerException {
        if (!m.passive()) {
            connection.broker().checkExchangeDeclare(connection.user().name(), vhost(), m.exchange(), m.arguments());
        }
        vhost().declareExchange(m.exchange(), m.type(), m.passive(), m.durable(), m.autoDelete(), m.internal(),
                m.arguments());
        if (!m.nowait()) {
            connection.sendMethod(id, new ExchangeMethods.DeclareOk());
        }
    }

    @Override
    public void onExchangeDelete(ExchangeMethods.Delete m) throws BrokerException {
        if (!m.exchange().isEmpty() && !m.exchange().startsWith("amq.")) {
            checkAccess("exchange", m.exchange(), Permission.Kind.CONFIGURE); // "" and amq.* are refused anyway
        }
        vhost().deleteExchange(m.exchange(), m.ifUnused());
        if (!m.nowait()) {
            connection.sendMethod(id, new ExchangeMethods.DeleteOk());
        }
    }

    @Override
    public void onExchangeBind(ExchangeMethods.Bind m) throws BrokerException {
        checkBindingAccess("exchange", m.destination(), m.source());
        checkTopicRead(m.source(), m.routingKey());
        vhost().bindExchange(m.destination(), m.source(), m.routingKey(), m.arguments());
        if (!m.nowait()) {
            connection.sendMethod(id, new ExchangeMethods.BindOk());
        }
    }

    @Override
    public void onExchangeUnbind(ExchangeMethods.Unbind m) throws BrokerException {
        checkBindingAccess("exchange", m.destination(), m.source());
        checkTopicRead(m.source(), m.routingKey());
        vhost().unbindExchange(m.destination(), m.source(), m.routingKey(), m.arguments());
        if (!m.nowait()) {
            connection.sendMethod(id, new ExchangeMethods.UnbindOk());
        }
    }

    /**
     * RabbitMQ's access control for this channel's user: 403 ACCESS_REFUSED unless its permission in the
     * vhost allows the operation on the named queue or exchange.
     */
    private void checkAccess(String kind, String name, Permission.Kind operation) throws BrokerException {
        connection.broker().checkAccess(connection.user().name(), vhost(), kind, name, operation);
    }

    /** A binding (queue.bind, exchange.bind and their unbinds) writes to its destination, reads from its source. */
    private void checkBindingAccess(String destinationKind, String destination, String source)
            throws BrokerException {
        connection.broker().checkBinding(connection.user().name(), vhost(), destinationKind, destination, source);
    }

    /** Binding to (or unbinding from) a topic exchange needs the topic read permission for the key. */
    private void checkTopicRead(String exchangeName, String routingKey) throws BrokerException {
        Exchange source = vhost().exchange(exchangeName);
        if (source != null) {
            connection.broker().checkTopicAccess(connection.user().name(), vhost(), source, routingKey, false);
        }
    }

    // ------------------------------------------------------------------ queues

    /** An empty queue name means the last queue declared on this channel. */
    private String resolveQueue(String name) throws BrokerException {
        if (!name.isEmpty()) {
            return name;
        }
        if (lastQueue == null) {
            throw BrokerException.notFound("no previously declared queue");
        }
        return lastQueue;
    }

    @Override
    public void onQueueDeclare(QueueMethods.Declare m) throws BrokerException {
        if (m.passive() && m.queue().equals(DirectReplyTo.PSEUDO_QUEUE)) {
            // as RabbitMQ: the direct reply-to pseudo-queue always "exists"
            if (!m.nowait()) {
                connection.sendMethod(id, new QueueMethods.DeclareOk(DirectReplyTo.PSEUDO_QUEUE, 0, 0));
            }
            return;
        }
        String name = m.passive() ? resolveQueue(m.queue()) : m.queue();
        Queue q = vhost().declareQueue(name, m.passive(), m.durable(), m.exclusive(), m.autoDelete(), m.arguments(),
                connection, connection.broker().queueDeclareCheck(connection.user().name(), vhost()));
        lastQueue = q.name();
        if (!m.nowait()) {
            connection.sendMethod(id, new QueueMethods.DeclareOk(q.name(), q.messageCount(), q.consumerCount()));
        }
    }

    @Override
    public void onQueueBind(QueueMethods.Bind m) throws BrokerException {
        String queue = resolveQueue(m.queue());
        String key = m.queue().isEmpty() && m.routingKey().isEmpty() ? queue : m.routingKey();
        checkBindingAccess("queue", queue, m.exchange());
        checkTopicRead(m.exchange(), key);
        vhost().bindQueue(queue, m.exchange(), key, m.arguments(), connection);
        if (!m.nowait()) {
            connection.sendMethod(id, new QueueMethods.BindOk());
        }
    }

    @Override
    public void onQueueUnbind(QueueMethods.Unbind m) throws BrokerException {
        String queue = resolveQueue(m.queue());
        String key = m.queue().isEmpty() && m.routingKey().isEmpty() ? queue : m.routingKey();
        checkBindingAccess("queue", queue, m.exchange());
        checkTopicRead(m.exchange(), key);
        vhost().unbindQueue(queue, m.exchange(), key, m.arguments(), connection);
        connection.sendMethod(id, new QueueMethods.UnbindOk());
    }

    @Override
    public void onQueuePurge(QueueMethods.Purge m) throws BrokerException {
        String name = resolveQueue(m.queue());
        checkAccess("queue", name, Permission.Kind.READ);
        Queue q = vhost().requireQueue(name, connection);
        if (q instanceof StreamQueue) {
            throw BrokerException.notImplemented("queue.purge not supported by stream queues " + q);
        }
        int count = q.purge();
        if (!m.nowait()) {
            connection.sendMethod(id, new QueueMethods.PurgeOk(count));
        }
    }

    @Override
    public void onQueueDelete(QueueMethods.Delete m) throws BrokerException {
        String name = resolveQueue(m.queue());
        checkAccess("queue", name, Permission.Kind.CONFIGURE);
        int count = vhost().deleteQueue(name, m.ifUnused(), m.ifEmpty(), connection);
        if (!m.nowait()) {
            connection.sendMethod(id, new QueueMethods.DeleteOk(count));
        }
    }

    // ------------------------------------------------------------------ publishing

    @Override
    public void onBasicPublish(BasicMethods.Publish m) throws BrokerException {
        if (m.immediate()) {
            throw BrokerException.notImplemented("immediate=true");
        }
        incoming = new IncomingContent(m);
    }

    private void finishPublish() throws BrokerException {
        IncomingContent content = incoming;
        incoming = null;
        BasicMethods.Publish m = content.publish();
        try {
            publish(m, content);
        } catch (BrokerException e) {
            fail(e, BasicMethods.Publish.CLASS_ID, BasicMethods.Publish.METHOD_ID);
        }
    }

    private void publish(BasicMethods.Publish m, IncomingContent content) throws BrokerException {
        checkPublishAccess(m.exchange()); // first, as RabbitMQ: before the exchange is looked up
        BasicProperties props = publishCache.properties(content.properties());
        if (props == null) {
            throw new BrokerException(BrokerException.FRAME_ERROR, "malformed content header properties");
        }
        String userId = props.userId();
        if (userId != null && !userId.equals(connection.user().name())) {
            throw BrokerException.preconditionFailed("user_id property set to '" + userId
                    + "' but authenticated user was '" + connection.user().name() + "'");
        }
        Exchange exchange = vhost().requireExchange(m.exchange());
        if (exchange.internal()) {
            throw BrokerException.accessRefused("cannot publish to internal exchange '" + m.exchange()
                    + "' in vhost '" + vhost().name() + "'");
        }
        connection.broker().checkTopicAccess(connection.user().name(), vhost(), exchange, m.routingKey(), true);
        byte[] rawProperties = content.properties();
        if (DirectReplyTo.PSEUDO_QUEUE.equals(props.replyTo())) {
            if (replyTo == null || vhost().queue(replyTo) == null) {
                throw BrokerException.preconditionFailed("fast reply consumer does not exist");
            }
            props = DirectReplyTo.withReplyTo(props, replyTo);
            rawProperties = props.encode();
        }
        if (rawProperties == content.properties()) {
            rawProperties = publishCache.rawProperties();
        }
        Message message = publishCache.message(m.exchange(), m.routingKey(), rawProperties, props, content.body());
        try {
            message.expirationMillis();
        } catch (IllegalArgumentException e) {
            throw BrokerException.preconditionFailed(e.getMessage());
        }
        if (tx != null) {
            tx.publishes.add(new Transaction.Publish(exchange, message, m.mandatory()));
            return;
        }
        MessageRouter.Outcome outcome = route(exchange, message, m.mandatory());
        long lsn = outcome.lsn();
        ResourceMonitor resources = connection.broker().resources();
        if (resources != null && resources.alarmed()) {
            connection.blockPublishing(resources);
        }
        if (confirmMode) {
            long seq = ++publishSeq;
            MessageStore store = connection.broker().store();
            if (outcome.rejected()) {
                nacked.add(seq);
            } else if (lsn > 0 && store.durableLsn() < lsn) {
                unsynced.add(new long[] {seq, lsn});
                awaitDurable(store, lsn);
            }
            if (!outcome.rejected() && outcome.streams() != null) {
                streamUnsynced.add(seq);
                outcome.streams().whenDurable(() -> connection.execute(() -> {
                    streamUnsynced.remove(seq);
                    flushConfirms();
                }));
            }
        }
    }

    /**
     * basic.publish writes to its exchange. The answer is kept for the next publishes to the same exchange
     * until a user or permission changes, so a publish costs a comparison, not a regex match.
     */
    private void checkPublishAccess(String exchangeName) throws BrokerException {
        long version = connection.broker().users().version();
        if (version == writableVersion && exchangeName.equals(writableExchange)) {
            return;
        }
        checkAccess("exchange", exchangeName, Permission.Kind.WRITE);
        writableExchange = exchangeName;
        writableVersion = version;
    }

    /**
     * Routes and enqueues (a persistent message bound for durable queues is written to the store first);
     * sends basic.return for an unroutable mandatory message. Returns the outcome.
     */
    private MessageRouter.Outcome route(Exchange exchange, Message message, boolean mandatory) {
        MessageRouter.Outcome outcome = connection.broker().router().publish(vhost(), exchange, message);
        counters.publish(vhost().stats(), outcome.routed(), mandatory);
        if (outcome.routed() == 0 && mandatory) {
            connection.sendContent(id, new BasicMethods.Return(BrokerException.NO_ROUTE, "NO_ROUTE",
                    message.exchange(), message.routingKey()), message);
        }
        return outcome;
    }

    private void awaitDurable(MessageStore store, long lsn) {
        if (!durabilityCallbackPending) {
            durabilityCallbackPending = true;
            store.whenDurable(lsn, () -> connection.execute(this::onDurable));
        }
    }

    /** The store's fsync caught up: confirm what is now safe. Runs on the event loop. */
    private void onDurable() {
        durabilityCallbackPending = false;
        MessageStore store = connection.broker().store();
        long durable = store.durableLsn();
        while (!unsynced.isEmpty() && unsynced.peekFirst()[1] <= durable) {
            unsynced.pollFirst();
        }
        flushConfirms();
        if (!unsynced.isEmpty() && open) {
            awaitDurable(store, unsynced.peekLast()[1]);
        }
    }

    /**
     * Sends one basic.ack covering every publish confirmed since the last one: all publishes before the
     * first one still waiting for the disk (called at the end of each read batch and after each fsync).
     */
    void flushConfirms() {
        long upTo = unsynced.isEmpty() ? publishSeq : unsynced.peekFirst()[0] - 1;
        if (!streamUnsynced.isEmpty()) {
            upTo = Math.min(upTo, streamUnsynced.first() - 1);
        }
        if (upTo <= confirmSent || !open) {
            return;
        }
        long nacks = 0;
        long from = confirmSent;
        while (!nacked.isEmpty() && nacked.first() <= upTo) {
            long rejected = nacked.pollFirst();
            if (rejected - 1 > confirmSent) {
                connection.sendMethod(id, new BasicMethods.Ack(rejected - 1, rejected - 1 - confirmSent > 1));
            }
            connection.sendMethod(id, new BasicMethods.Nack(rejected, false, false));
            confirmSent = rejected;
            nacks++;
        }
        if (upTo > confirmSent) {
            connection.sendMethod(id, new BasicMethods.Ack(upTo, upTo - confirmSent > 1));
            confirmSent = upTo;
        }
        counters.confirm(vhost().stats(), confirmSent - from - nacks);
    }

    @Override
    public void onConfirmSelect(ConfirmMethods.Select m) throws BrokerException {
        if (tx != null) {
            throw BrokerException.preconditionFailed("cannot switch from tx to confirm mode");
        }
        confirmMode = true;
        if (!m.nowait()) {
            connection.sendMethod(id, new ConfirmMethods.SelectOk());
        }
    }

    // ------------------------------------------------------------------ consuming

    @Override
    public void onBasicQos(BasicMethods.Qos m) throws BrokerException {
        if (m.prefetchSize() != 0) {
            throw BrokerException.notImplemented("prefetch_size!=0 (" + m.prefetchSize() + ")");
        }
        if (m.global()) {
            channelPrefetch = m.prefetchCount();
        } else {
            consumerPrefetch = m.prefetchCount();
        }
        connection.sendMethod(id, new BasicMethods.QosOk());
        resumeDeliveries();
    }

    @Override
    public void onBasicConsume(BasicMethods.Consume m) throws BrokerException {
        Queue q;
        if (m.queue().equals(DirectReplyTo.PSEUDO_QUEUE)) {
            if (!m.noAck()) {
                throw BrokerException.preconditionFailed("reply consumer cannot acknowledge");
            }
            if (replyTo != null) {
                throw BrokerException.preconditionFailed("reply consumer already set");
            }
            q = DirectReplyTo.createReplyQueue(vhost(), connection);
            replyTo = q.name();
        } else {
            String name = resolveQueue(m.queue());
            checkAccess("queue", name, Permission.Kind.READ);
            q = vhost().requireQueue(name, connection);
        }
        String tag = m.consumerTag().isEmpty() ? generateConsumerTag() : m.consumerTag();
        if (consumers.containsKey(tag)) {
            throw BrokerException.notAllowed("attempt to reuse consumer tag '" + tag + "'");
        }
        ChannelConsumer c = new ChannelConsumer(this, q, tag, m.noAck(), consumerPrefetch, consumerPriority(m, q),
                m.exclusive());
        if (q instanceof StreamQueue s) {
            s.addConsumer(c, m.exclusive(), m.arguments(), consumerPrefetch);
        } else {
            q.addConsumer(c, m.exclusive());
        }
        consumers.put(tag, c);
        if (!m.nowait()) {
            connection.sendMethod(id, new BasicMethods.ConsumeOk(tag));
        }
    }

    private static String generateConsumerTag() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "amq.ctag-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void onBasicCancel(BasicMethods.Cancel m) {
        ChannelConsumer c = consumers.remove(m.consumerTag());
        if (c != null) {
            detach(c);
        }
        if (!m.nowait()) {
            connection.sendMethod(id, new BasicMethods.CancelOk(m.consumerTag()));
        }
    }

    private void detach(ChannelConsumer c) {
        Queue q = c.queue();
        if (q.name().equals(replyTo)) {
            replyTo = null;
        }
        if (q.removeConsumer(c)) {
            vhost().removeQueue(q);
        }
    }

    /** The consumer's queue was deleted: forget it and tell clients that understand basic.cancel. */
    void consumerCancelledByBroker(ChannelConsumer c) {
        if (consumers.remove(c.tag(), c) && open && connection.consumerCancelNotify()) {
            connection.sendMethod(id, new BasicMethods.Cancel(c.tag(), true));
        }
    }

    /** Writes one delivery handed over by a queue; called on the event loop by the connection's outbox. */
    void sendDelivery(ChannelConsumer consumer, Queue queue, QueueEntry entry) {
        if (consumers.get(consumer.tag()) != consumer) {
            // Cancelled after the queue handed this entry over: nothing may follow cancel-ok, so the
            // entry goes back to its queue unmarked and the credit it took is freed.
            if (!consumer.noAck()) {
                consumer.release(1);
                channelInFlight.decrementAndGet();
            }
            queue.giveBack(entry, !consumer.noAck());
            return;
        }
        long tag = nextDeliveryTag++;
        if (!consumer.noAck()) {
            unacked.add(new UnackedDeliveries.Unacked(tag, queue, entry, consumer));
        }
        counters.deliver(vhost().stats(), consumer.noAck(), entry.redelivered());
        Message msg = entry.message();
        connection.sendDelivery(id, consumer.tagBytes(), tag, entry.redelivered(), msg);
    }

    @Override
    public void onBasicGet(BasicMethods.Get m) throws BrokerException {
        String name = resolveQueue(m.queue());
        checkAccess("queue", name, Permission.Kind.READ);
        Queue q = vhost().requireQueue(name, connection);
        if (q instanceof StreamQueue) {
            throw BrokerException.notImplemented("basic.get not supported by stream queues " + q);
        }
        QueueEntry e = q.poll(!m.noAck());
        if (e == null) {
            counters.getEmpty(vhost().stats());
            connection.sendMethod(id, new BasicMethods.GetEmpty(""));
            return;
        }
        long tag = nextDeliveryTag++;
        if (!m.noAck()) {
            unacked.add(new UnackedDeliveries.Unacked(tag, q, e, null));
        }
        counters.get(vhost().stats(), m.noAck(), e.redelivered());
        Message msg = e.message();
        connection.sendContent(id, new BasicMethods.GetOk(tag, e.redelivered(), msg.exchange(), msg.routingKey(),
                q.messageCount()), msg);
    }

    @Override
    public void onBasicAck(BasicMethods.Ack m) throws BrokerException {
        settle(m.deliveryTag(), m.multiple(), true, false);
    }

    @Override
    public void onBasicNack(BasicMethods.Nack m) throws BrokerException {
        settle(m.deliveryTag(), m.multiple(), false, m.requeue());
    }

    @Override
    public void onBasicReject(BasicMethods.Reject m) throws BrokerException {
        settle(m.deliveryTag(), false, false, m.requeue());
    }

    private void settle(long tag, boolean multiple, boolean ack, boolean requeue) throws BrokerException {
        List<UnackedDeliveries.Unacked> taken = unacked.take(tag, multiple);
        if (taken == null) {
            throw BrokerException.preconditionFailed("unknown delivery tag " + tag);
        }
        Settlement how = ack ? Settlement.ACK : requeue ? Settlement.REQUEUE : Settlement.REJECT;
        if (tx != null) {
            // As RabbitMQ: the deliveries leave the unacked set now; the settlement happens on commit.
            tx.settlements.add(new Transaction.Settlement(taken, how));
            return;
        }
        settle(taken, how, true);
    }

    /** How a delivery is settled: acked, rejected (dead-lettered if the queue says so) or requeued. */
    enum Settlement { ACK, REJECT, REQUEUE }

    /** Settles deliveries queue by queue, then frees the consumers' credit. */
    private void settle(List<UnackedDeliveries.Unacked> deliveries, Settlement how, boolean resume) {
        if (deliveries.isEmpty()) {
            return;
        }
        if (how == Settlement.ACK) {
            counters.ack(vhost().stats(), deliveries.size());
        }
        Map<Queue, List<QueueEntry>> byQueue = new LinkedHashMap<>();
        for (UnackedDeliveries.Unacked u : deliveries) {
            byQueue.computeIfAbsent(u.queue(), k -> new ArrayList<>()).add(u.entry());
            if (u.consumer() != null) {
                u.consumer().release(1);
                channelInFlight.decrementAndGet();
            }
        }
        for (Map.Entry<Queue, List<QueueEntry>> e : byQueue.entrySet()) {
            switch (how) {
                case REQUEUE -> e.getKey().requeue(e.getValue());
                case REJECT -> e.getKey().reject(e.getValue());
                default -> e.getKey().acknowledge(e.getValue());
            }
        }
        if (resume) {
            resumeDeliveries();
        }
    }

    @Override
    public void onBasicRecover(BasicMethods.Recover m) throws BrokerException {
        recover(m.requeue());
        connection.sendMethod(id, new BasicMethods.RecoverOk());
    }

    @Override
    public void onBasicRecoverAsync(BasicMethods.RecoverAsync m) throws BrokerException {
        recover(m.requeue());
    }

    private void recover(boolean requeue) throws BrokerException {
        if (!requeue) {
            throw BrokerException.notImplemented("requeue=false");
        }
        settle(unacked.takeAll(), Settlement.REQUEUE, true);
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void onTxSelect(TxMethods.Select m) throws BrokerException {
        if (confirmMode) {
            throw BrokerException.preconditionFailed("cannot switch from confirm to tx mode");
        }
        if (tx == null) {
            tx = new Transaction();
        }
        connection.sendMethod(id, new TxMethods.SelectOk());
    }

    @Override
    public void onTxCommit(TxMethods.Commit m) throws BrokerException {
        Transaction t = requireTx();
        long lsn = 0;
        StreamSync streams = null;
        for (Transaction.Publish p : t.publishes) {
            MessageRouter.Outcome outcome = route(p.exchange(), p.message(), p.mandatory());
            lsn = Math.max(lsn, outcome.lsn());
            streams = StreamSync.and(streams, outcome.streams());
        }
        for (Transaction.Settlement s : t.settlements) {
            settle(s.deliveries(), s.how(), false);
        }
        boolean settled = !t.settlements.isEmpty();
        t.clear();
        if (settled) {
            resumeDeliveries();
        }
        if (streams != null) {
            // and once what went into stream queues is on disk too
            long storeLsn = lsn;
            streams.whenDurable(() -> connection.execute(() -> commitOkWhenDurable(storeLsn)));
        } else {
            commitOkWhenDurable(lsn);
        }
    }

    private void commitOkWhenDurable(long lsn) {
        MessageStore store = connection.broker().store();
        if (lsn > 0 && store.durableLsn() < lsn) {
            // commit-ok only once the committed persistent messages are on disk
            store.whenDurable(lsn, () -> connection.execute(() -> {
                if (open) {
                    connection.sendMethod(id, new TxMethods.CommitOk());
                }
            }));
        } else if (open) {
            connection.sendMethod(id, new TxMethods.CommitOk());
        }
    }

    @Override
    public void onTxRollback(TxMethods.Rollback m) throws BrokerException {
        Transaction t = requireTx();
        unacked.restore(t.settledDeliveries()); // rolled-back settlements: unacknowledged again
        t.clear();
        connection.sendMethod(id, new TxMethods.RollbackOk());
    }

    private Transaction requireTx() throws BrokerException {
        if (tx == null) {
            throw BrokerException.preconditionFailed("channel is not transactional");
        }
        return tx;
    }

    // ------------------------------------------------------------------ management view

    /** A snapshot for management; call on the connection's event loop. */
    ConnectionInfo.ChannelInfo snapshot() {
        List<ConnectionInfo.ConsumerInfo> cs = new ArrayList<>(consumers.size());
        for (ChannelConsumer c : consumers.values()) {
            cs.add(new ConnectionInfo.ConsumerInfo(c.tag(), c.queue().name(), !c.noAck(), c.exclusive(),
                    c.prefetch()));
        }
        String st = state == State.OPEN ? "running" : "closing";
        return new ConnectionInfo.ChannelInfo(id, st, consumerPrefetch, channelPrefetch, confirmMode, tx != null,
                unacked.size(), counters.snapshot(), cs,
                confirmMode ? publishSeq - confirmSent : 0);
    }

    // ------------------------------------------------------------------ credit

    boolean acceptsDeliveries() {
        return open && connection.acceptsDeliveries();
    }

    boolean takeChannelCredit() {
        return ChannelConsumer.takeCredit(channelInFlight, channelPrefetch);
    }

    void releaseChannelCredit() {
        channelInFlight.decrementAndGet();
    }

    /** The {@code x-priority} consumer argument (default 0); a non-integer is 406 with RabbitMQ's text. */
    private static int consumerPriority(BasicMethods.Consume m, Queue q) throws BrokerException {
        Object p = m.arguments().get("x-priority");
        if (p == null) {
            return 0;
        }
        if (!(p instanceof Byte || p instanceof Short || p instanceof Integer || p instanceof Long)) {
            throw BrokerException.preconditionFailed("invalid arg 'x-priority' for queue '" + q.name()
                    + "' in vhost '" + q.vhost() + "': {unacceptable_type," + QueueArguments.amqpType(p) + "}");
        }
        return ((Number) p).intValue();
    }

    /** Lets the queues of this channel's consumers hand out more (credit freed, flow on, socket writable). */
    void resumeDeliveries() {
        if (!open) {
            return;
        }
        for (ChannelConsumer c : List.copyOf(consumers.values())) {
            c.queue().dispatch();
        }
    }
}
