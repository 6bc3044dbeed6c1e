package dev.warren.broker.queue;

import dev.warren.broker.BrokerException;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.MessageCounts;
import dev.warren.broker.ResourceMonitor;
import dev.warren.broker.policy.Policy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A classic queue. All its state changes happen under the queue's own lock (never a global one):
 * enqueue, hand-out to consumers, acknowledgement, requeue, expiry and length limits.
 *
 * <p>Messages that come back (nack/reject with requeue, or a closed channel) return to their original
 * position. Messages with a TTL die when they reach the head. A durable queue over its memory budget
 * keeps further persistent messages only as positions in the store ({@link PagedTail}) and reads them
 * back when they near the head. Messages that die (rejected, expired, over the length limit) go to the
 * {@link DeadLetterSink}.
 */
public class Queue implements Destination {
    /** What became of an enqueue. */
    public enum EnqueueResult { ENQUEUED, REJECTED, DUPLICATE, GONE }

    private static final long DELIVERED_AHEAD = 1024;
    private static final int PAGE_IN_BATCH = 1024;

    private final String vhost;
    private final String name;
    private final boolean durable;
    private final boolean autoDelete;
    private final Object exclusiveOwner;
    private final Map<String, Object> arguments;
    /** The arguments as declared. */
    private final QueueArguments declaredArgs;
    /** The effective arguments: declared ones combined with the applying policy's ({@link PolicyArguments}). */
    private volatile QueueArguments args;
    /** The policy that applies to this queue, or null. */
    private volatile Policy policy;
    /** The operator policy that applies to this queue, or null. */
    private volatile Policy operatorPolicy;
    private final QueueJournal journal;
    private final ResourceMonitor resources;
    private final QueueContext context;

    private final ReentrantLock lock = new ReentrantLock();
    private final ReadyList ready;
    /** The stored messages beyond the memory budget, in order, kept as positions in the store. */
    private final PagedTail paged = new PagedTail();
    private final boolean mayPage;
    /** Transient messages of the tail, off the heap (created when first needed). */
    private SpilledMessages spilled;
    private final boolean maySpill;
    private final QueueConsumers consumers;
    private Consumer exclusiveConsumer;
    private long nextSequence;
    private int unacked;
    /** Body bytes of the ready messages (x-max-length-bytes counts these). */
    private long readyBytes;
    /** Bytes of messages this queue holds in memory (ready, unacknowledged and resident tail). */
    private long residentBytes;
    /** Stored messages with ids up to this mark may have been delivered (as last told to the journal). */
    private long deliveredMark;
    /** Deduplication header values of the messages in the queue, with counts. */
    private final Map<String, Integer> dedupKeys;
    /** Delivered, unacknowledged persistent entries by store id (the store's compaction must find them). */
    private final Map<Long, QueueEntry> unackedStored = new HashMap<>();
    private ScheduledFuture<?> ttlTimer;
    private long ttlTimerAt;
    private ScheduledFuture<?> expiryTimer;
    private long lastUsed = System.currentTimeMillis();
    private boolean hadConsumer;
    private volatile boolean deleted;
    // counters for management and metrics, changed only under the lock
    private long publishedCount;
    private long deliveredAckCount;
    private long deliveredNoAckCount;
    private long getAckCount;
    private long getNoAckCount;
    private long getEmptyCount;
    private long redeliveredCount;
    private long ackedCount;

    /** A queue with no arguments and nothing around it (no store, no alarms, no dead-lettering). */
    public Queue(String vhost, String name, boolean durable, boolean autoDelete, Object exclusiveOwner,
                 Map<String, Object> arguments) {
        this(vhost, name, durable, autoDelete, exclusiveOwner, arguments, QueueArguments.NONE, QueueContext.NONE);
    }

    public Queue(String vhost, String name, boolean durable, boolean autoDelete, Object exclusiveOwner,
                 Map<String, Object> arguments, QueueArguments args, QueueContext context) {
        this.vhost = vhost;
        this.name = name;
        this.durable = durable;
        this.autoDelete = autoDelete;
        this.exclusiveOwner = exclusiveOwner;
        this.arguments = arguments == null ? Map.of() : arguments;
        this.declaredArgs = args;
        this.args = args;
        this.context = context;
        this.journal = context.journal();
        this.resources = context.resources();
        this.ready = new ReadyList(args.maxPriority());
        this.mayPage = journal != null && args.maxPriority() == 0 && !args.deduplication();
        this.maySpill = resources != null && args.maxPriority() == 0 && !args.deduplication();
        this.consumers = new QueueConsumers(args.singleActiveConsumer());
        this.dedupKeys = args.deduplication() ? new HashMap<>() : null;
        if (args.expires() != null) {
            scheduleExpiry();
        }
    }

    // ------------------------------------------------------------------ enqueue

    /** Adds a message at the tail and hands out what consumers can take. */
    public EnqueueResult enqueue(Message message) {
        return enqueue(message, 0, 0, 0);
    }

    /**
     * Adds a message at the tail; {@code storeId}/{@code segment}/{@code offset} say where the store
     * keeps it (store id 0 when transient). Over the memory budget a stored message is kept only as
     * that position (paged out).
     */
    public EnqueueResult enqueue(Message message, long storeId, long segment, long offset) {
        if (journal == null) {
            storeId = 0;
        }
        EnqueueResult result;
        lock.lock();
        try {
            if (deleted) {
                forgetStored(storeId, segment, offset, false);
                return EnqueueResult.GONE;
            }
            String dedupKey = dedupKey(message);
            if (dedupKey != null && dedupKeys.containsKey(dedupKey)) {
                forgetStored(storeId, segment, offset, true);
                return EnqueueResult.DUPLICATE;
            }
            if (args.hasLengthLimit() && args.overflow() != QueueArguments.Overflow.DROP_HEAD
                    && wouldOverflow(message.body().length)) {
                forgetStored(storeId, segment, offset, true);
                if (args.overflow() == QueueArguments.Overflow.REJECT_PUBLISH_DLX) {
                    context.deadLetters().deadLetter(this, List.of(message), "maxlen");
                }
                return EnqueueResult.REJECTED;
            }
            if (dedupKey != null) {
                dedupKeys.merge(dedupKey, 1, Integer::sum);
            }
            if (storeId != 0 && mayPage && (!paged.isEmpty() || overBudget())) {
                readyBytes += message.body().length;
                paged.addPaged(storeId, segment, offset, false, message.body().length);
            } else if (storeId == 0 && maySpill && (!paged.isEmpty() || overBudget()) && spill(message)) {
                readyBytes += message.body().length;
            } else if (!paged.isEmpty()) {
                readyBytes += message.body().length;
                paged.addResident(message, storeId, segment, offset);
                account(footprint(message));
            } else {
                QueueEntry e = newEntry(message, storeId, segment, offset);
                account(footprint(message));
                if (!ready.isEmpty() || !deliverOnArrival(e)) {
                    readyBytes += message.body().length;
                    ready.addLast(e);
                }
            }
            dispatchLocked();
            if (args.hasLengthLimit()) {
                dropHeadOverLimit();
            }
            expireHeadLocked();
            result = EnqueueResult.ENQUEUED;
            publishedCount++;
        } finally {
            lock.unlock();
        }
        return result;
    }

    /** A hint for the router: false when this message would be refused (full with reject-publish, duplicate). */
    public boolean wouldAccept(Message message) {
        if (!args.hasLengthLimit() && dedupKeys == null) {
            return true;
        }
        lock.lock();
        try {
            String key = dedupKey(message);
            if (key != null && dedupKeys.containsKey(key)) {
                return false;
            }
            return !(args.hasLengthLimit() && args.overflow() != QueueArguments.Overflow.DROP_HEAD
                    && wouldOverflow(message.body().length));
        } finally {
            lock.unlock();
        }
    }

    private QueueEntry newEntry(Message message, long storeId, long segment, long offset) {
        return new QueueEntry(message, nextSequence++, storeId, segment, offset, expiryOf(message));
    }

    /** The epoch ms at which a message dies here: queue TTL or per-message TTL, whichever is sooner. */
    private long expiryOf(Message m) {
        long ttl = args.messageTtl() == null ? -1 : args.messageTtl();
        long perMessage;
        try {
            perMessage = m.expirationMillis();
        } catch (IllegalArgumentException e) {
            perMessage = -1;
        }
        if (perMessage >= 0 && (ttl < 0 || perMessage < ttl)) {
            ttl = perMessage;
        }
        return ttl < 0 ? 0 : m.timestamp() + ttl;
    }

    private boolean wouldOverflow(int bodySize) {
        long count = ready.size() + paged.size();
        return (args.maxLength() != null && count >= args.maxLength())
                || (args.maxLengthBytes() != null && readyBytes + bodySize > args.maxLengthBytes());
    }

    /** x-overflow drop-head: the oldest ready messages die until the queue is within its limits. */
    private void dropHeadOverLimit() {
        List<Message> dropped = null;
        while ((args.maxLength() != null && ready.size() + paged.size() > args.maxLength())
                || (args.maxLengthBytes() != null && readyBytes > args.maxLengthBytes())) {
            QueueEntry e = pollReady();
            if (e == null) {
                break;
            }
            if (dropped == null) {
                dropped = new ArrayList<>();
            }
            dropped.add(e.message());
            leave(List.of(e), true);
        }
        if (dropped != null) {
            context.deadLetters().deadLetter(this, dropped, "maxlen");
        }
    }

    private String dedupKey(Message m) {
        if (dedupKeys == null || m == null || m.properties().headers() == null) {
            return null;
        }
        Object v = m.properties().headers().get("x-deduplication-header");
        return v == null ? null : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(v);
    }

    /** A stored message that will not be kept here after all: the store must not keep it for this queue. */
    private void forgetStored(long storeId, long segment, long offset, boolean record) {
        if (storeId != 0) {
            journal.removed(this, List.of(new QueueEntry(null, 0, storeId, segment, offset)), record);
        }
    }

    // ------------------------------------------------------------------ recovery and paging

    /**
     * Puts back a message recovered from the store at the tail, as it was before the restart; over the
     * memory budget only its position is kept and {@code message} is not even built.
     */
    public void recover(Supplier<Message> message, long storeId, long segment, long offset, int bodySize,
                        boolean redelivered) {
        lock.lock();
        try {
            deliveredMark = Math.max(deliveredMark, redelivered ? storeId : 0);
            readyBytes += bodySize;
            if (mayPage && (!paged.isEmpty() || overBudget())) {
                paged.addPaged(storeId, segment, offset, redelivered, bodySize);
                return;
            }
            Message m = message.get();
            String key = dedupKey(m);
            if (key != null) {
                dedupKeys.merge(key, 1, Integer::sum);
            }
            QueueEntry e = newEntry(m, storeId, segment, offset);
            if (redelivered) {
                e.markRedelivered();
            }
            ready.addLast(e);
            account(footprint(m));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recovery of the stored messages is over: messages whose TTL ran out while the broker was down die
     * now, and the TTL timer is armed for the rest (TTLs count from publication, not from the restart).
     */
    public void recoveryComplete() {
        lock.lock();
        try {
            if (!deleted) {
                expireHeadLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keeps a transient message off the heap at the tail; false when no off-heap memory can be had. */
    private boolean spill(Message message) {
        long position;
        try {
            position = spilled().append(message);
        } catch (OutOfMemoryError noDirectMemory) {
            return false; // kept on the heap instead (the memory alarm stops publishers soon enough)
        }
        paged.addSpilled(position, message.body().length);
        return true;
    }

    private SpilledMessages spilled() {
        if (spilled == null) {
            spilled = new SpilledMessages(resources::addMessageBytes);
        }
        return spilled;
    }

    private boolean overBudget() {
        return resources != null && residentBytes > resources.queuePagingThreshold();
    }

    /** Brings paged-out messages back from the store while the head runs short. */
    private void pageIn() {
        long target = resources == null ? Long.MAX_VALUE : resources.queuePagingThreshold() / 2;
        int moved = 0;
        while (!paged.isEmpty() && moved < PAGE_IN_BATCH && (residentBytes < target || ready.isEmpty())) {
            Message m = paged.headResident();
            boolean fromStore = m == null;
            boolean wasSpilled = paged.headSpilled();
            long spillPosition = paged.headOffset();
            if (wasSpilled) {
                m = spilled.read(spillPosition);
            } else if (fromStore) {
                m = journal.load(paged.headId(), paged.headSegment(), paged.headOffset());
            }
            QueueEntry e = wasSpilled ? newEntry(m, 0, 0, 0)
                    : newEntry(m, paged.headId(), paged.headSegment(), paged.headOffset());
            if (paged.headRedelivered()) {
                e.markRedelivered();
            }
            paged.removeHead();
            if (spilled != null) {
                if (paged.isEmpty()) {
                    spilled.clear();
                } else if (wasSpilled) {
                    spilled.releaseBefore(spillPosition);
                }
            }
            ready.addLast(e);
            if (fromStore) {
                account(footprint(m));
            }
            moved++;
        }
    }

    /** Takes every paged-out slot out of the queue, as entries the journal can forget. */
    private List<QueueEntry> drainPaged() {
        List<QueueEntry> out = new ArrayList<>(paged.size());
        while (!paged.isEmpty()) {
            if (!paged.headSpilled()) {
                out.add(new QueueEntry(paged.headResident(), 0, paged.headId(), paged.headSegment(),
                        paged.headOffset()));
            }
            readyBytes -= paged.headBodySize();
            paged.removeHead();
        }
        if (spilled != null) {
            spilled.clear();
        }
        return out;
    }

    // ------------------------------------------------------------------ taking messages

    /** basic.get: takes the head entry, or null when empty. With ack, it counts as unacknowledged. */
    public QueueEntry poll(boolean ack) {
        lock.lock();
        try {
            touch();
            QueueEntry e = takeHead();
            if (e == null) {
                getEmptyCount++;
            } else {
                noteDelivered(e);
                if (e.redelivered()) {
                    redeliveredCount++;
                }
                if (ack) {
                    getAckCount++;
                    unacked++;
                    trackUnacked(e);
                } else {
                    getNoAckCount++;
                    leave(List.of(e), true);
                }
            }
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** The next live message for a consumer; expired ones met on the way die. */
    private QueueEntry takeHead() {
        List<Message> expired = null;
        QueueEntry e;
        long now = 0;
        while ((e = pollReady()) != null) {
            if (e.expiresAt() == 0) {
                break;
            }
            if (now == 0) {
                now = System.currentTimeMillis();
            }
            if (e.expiresAt() > now) {
                break;
            }
            if (expired == null) {
                expired = new ArrayList<>();
            }
            expired.add(e.message());
            leave(List.of(e), true);
        }
        if (expired != null) {
            context.deadLetters().deadLetter(this, expired, "expired");
        }
        return e;
    }

    private QueueEntry pollReady() {
        if (ready.size() < PAGE_IN_BATCH && !paged.isEmpty()) {
            pageIn();
        }
        QueueEntry e = ready.poll();
        if (e != null) {
            readyBytes -= e.message().body().length;
        }
        return e;
    }

    private boolean hasReady() {
        return !ready.isEmpty() || !paged.isEmpty();
    }

    /** Hands out messages to consumers with credit until either runs out. */
    public void dispatch() {
        lock.lock();
        try {
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    private void dispatchLocked() {
        List<QueueEntry> settledAtOnce = null;
        while (hasReady() && !consumers.isEmpty()) {
            Consumer chosen = consumers.next();
            if (chosen == null) {
                break;
            }
            QueueEntry e = takeHead();
            if (e == null) {
                chosen.cancelReservation();
                break;
            }
            noteDelivered(e);
            if (e.redelivered()) {
                redeliveredCount++;
            }
            if (!chosen.noAck()) {
                deliveredAckCount++;
                unacked++;
                trackUnacked(e);
            } else {
                deliveredNoAckCount++;
                if (settledAtOnce == null) {
                    settledAtOnce = new ArrayList<>();
                }
                settledAtOnce.add(e);
            }
            chosen.deliver(this, e);
        }
        if (settledAtOnce != null) {
            leave(settledAtOnce, true);
        }
    }

    /**
     * A message arriving at an empty queue goes straight to a consumer with credit, if there is one,
     * before its TTL is looked at: as in RabbitMQ, a TTL of 0 means "delivered only if a consumer can
     * take it immediately". Returns false when nobody could take it.
     */
    private boolean deliverOnArrival(QueueEntry e) {
        Consumer chosen = consumers.isEmpty() ? null : consumers.next();
        if (chosen == null) {
            return false;
        }
        noteDelivered(e);
        if (chosen.noAck()) {
            chosen.deliver(this, e);
            leave(List.of(e), true);
        } else {
            unacked++;
            trackUnacked(e);
            chosen.deliver(this, e);
        }
        return true;
    }

    /** Tells the journal, a batch ahead, that stored messages up to this one may have been delivered. */
    private void noteDelivered(QueueEntry e) {
        if (e.storeId() > deliveredMark) {
            deliveredMark = e.storeId() + DELIVERED_AHEAD;
            journal.delivered(this, deliveredMark);
        }
    }

    // ------------------------------------------------------------------ TTL and queue expiry

    /** Removes expired messages at the head and arms the timer for the next head's expiry. */
    private void expireHeadLocked() {
        if (ready.isEmpty() && !paged.isEmpty()) {
            pageIn();
        }
        QueueEntry head = ready.peek();
        if (head == null || head.expiresAt() == 0) {
            return;
        }
        long now = System.currentTimeMillis();
        if (head.expiresAt() <= now) {
            List<Message> expired = new ArrayList<>();
            while ((head = ready.peek()) != null && head.expiresAt() != 0 && head.expiresAt() <= now) {
                QueueEntry e = pollReady();
                expired.add(e.message());
                leave(List.of(e), true);
            }
            context.deadLetters().deadLetter(this, expired, "expired");
        }
        if (head != null && head.expiresAt() != 0 && context.timer() != null
                && (ttlTimer == null || ttlTimer.isDone() || head.expiresAt() < ttlTimerAt)) {
            if (ttlTimer != null) {
                ttlTimer.cancel(false);
            }
            ttlTimerAt = head.expiresAt();
            ttlTimer = context.timer().schedule(this::expireHead, Math.max(0, head.expiresAt() - now),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void expireHead() {
        lock.lock();
        try {
            ttlTimer = null; // this timer has fired: the next head needs a timer of its own
            if (!deleted) {
                expireHeadLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The queue was used (declared again, basic.get): an x-expires countdown starts over. */
    public void touch() {
        lastUsed = System.currentTimeMillis();
    }

    private void scheduleExpiry() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
        Long expires = args.expires();
        if (context.timer() == null || expires == null) {
            return;
        }
        long due = lastUsed + expires - System.currentTimeMillis();
        expiryTimer = context.timer().schedule(this::checkExpiry, Math.max(0, due), TimeUnit.MILLISECONDS);
    }

    private void checkExpiry() {
        boolean expire;
        lock.lock();
        try {
            Long expires = args.expires();
            if (deleted || !consumers.isEmpty() || expires == null) {
                return;
            }
            expire = System.currentTimeMillis() - lastUsed >= expires;
            if (!expire) {
                scheduleExpiry();
            }
        } finally {
            lock.unlock();
        }
        if (expire) {
            context.expire().accept(this);
        }
    }

    // ------------------------------------------------------------------ policies

    /**
     * Applies a policy (null: none applies any more) to the live queue, as RabbitMQ does: a length limit
     * with drop-head overflow trims the queue at once (dead-lettering what it drops), an {@code expires} countdown starts over,
     * and dead-lettering, overflow and TTL use the new values from now on (a message keeps the expiry
     * it was given when it was enqueued).
     */
    public void applyPolicy(Policy newPolicy) {
        applyPolicies(newPolicy, operatorPolicy);
    }

    /** As {@link #applyPolicy}, with the operator policy (null: none) merged in as RabbitMQ does. */
    public void applyPolicies(Policy newPolicy, Policy newOperatorPolicy) {
        QueueArguments effective = PolicyArguments.effective(arguments, declaredArgs,
                effectiveDefinition(newPolicy, newOperatorPolicy));
        lock.lock();
        try {
            policy = newPolicy;
            operatorPolicy = newOperatorPolicy;
            QueueArguments before = args;
            args = effective;
            if (deleted) {
                return;
            }
            if (effective.hasLengthLimit() && effective.overflow() == QueueArguments.Overflow.DROP_HEAD) {
                dropHeadOverLimit(); // with reject-publish what is there stays; only new messages are refused
            }
            if (!Objects.equals(before.expires(), effective.expires())) {
                touch();
                if (consumers.isEmpty()) {
                    scheduleExpiry();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The policy that applies to this queue, or null. */
    public Policy policy() {
        return policy;
    }

    /** The operator policy that applies to this queue, or null. */
    public Policy operatorPolicy() {
        return operatorPolicy;
    }

    /** The policy definition in effect: the policy's merged with the operator policy's. */
    public Map<String, Object> effectivePolicyDefinition() {
        return effectiveDefinition(policy, operatorPolicy);
    }

    private static Map<String, Object> effectiveDefinition(Policy p, Policy op) {
        return PolicyArguments.merge(p == null ? Map.of() : p.definition(), op == null ? Map.of() : op.definition());
    }

    // ------------------------------------------------------------------ consumers

    public void addConsumer(Consumer consumer, boolean exclusive) throws BrokerException {
        lock.lock();
        try {
            if (deleted) {
                throw BrokerException.notFound("no queue '" + name + "' in vhost '" + vhost + "'");
            }
            if (exclusiveConsumer != null || (exclusive && !consumers.isEmpty())) {
                throw BrokerException.accessRefused("queue '" + name + "' in vhost '" + vhost + "' in exclusive use");
            }
            consumers.add(consumer);
            hadConsumer = true;
            touch();
            if (exclusive) {
                exclusiveConsumer = consumer;
            }
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Detaches a consumer. Returns true when this was an auto-delete queue's last consumer. */
    public boolean removeConsumer(Consumer consumer) {
        lock.lock();
        try {
            if (!consumers.remove(consumer)) {
                return false;
            }
            if (exclusiveConsumer == consumer) {
                exclusiveConsumer = null;
            }
            touch();
            if (consumers.isEmpty() && args.expires() != null) {
                scheduleExpiry();
            }
            if (args.singleActiveConsumer()) {
                dispatchLocked(); // the next consumer in line becomes active
            }
            return autoDelete && hadConsumer && consumers.isEmpty() && !deleted;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ settling deliveries

    /** Delivered entries were acknowledged: they leave the queue for good. */
    public void acknowledge(List<QueueEntry> entries) {
        lock.lock();
        try {
            unacked -= entries.size();
            ackedCount += entries.size();
            untrackUnacked(entries);
            leave(entries, !deleted);
        } finally {
            lock.unlock();
        }
    }

    /** Delivered entries were rejected without requeue: they leave the queue and are dead-lettered. */
    public void reject(List<QueueEntry> entries) {
        lock.lock();
        try {
            unacked -= entries.size();
            untrackUnacked(entries);
            leave(entries, !deleted);
            if (!deleted) {
                List<Message> dead = new ArrayList<>(entries.size());
                for (QueueEntry e : entries) {
                    dead.add(e.message());
                }
                context.deadLetters().deadLetter(this, dead, "rejected");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Delivered entries come back to their original positions, marked redelivered. */
    public void requeue(Collection<QueueEntry> entries) {
        lock.lock();
        try {
            unacked -= entries.size();
            untrackUnacked(entries);
            if (deleted) {
                leave(new ArrayList<>(entries), false);
                return;
            }
            for (QueueEntry e : entries) {
                e.markRedelivered();
                ready.addReturned(e);
                readyBytes += e.message().body().length;
            }
            dispatchLocked();
            expireHeadLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * An entry handed to a consumer that could never see it (its channel closed or consumer cancelled
     * first) comes back unmarked. A no-ack entry had already left the queue when it was handed out (its
     * memory freed, its store record settled), so it comes back as a fresh, memory-only entry.
     */
    public void giveBack(QueueEntry entry, boolean wasUnacked) {
        lock.lock();
        try {
            if (wasUnacked) {
                unacked--;
                untrackUnacked(List.of(entry));
            }
            if (deleted) {
                if (wasUnacked) {
                    leave(List.of(entry), false);
                }
                return;
            }
            QueueEntry back = entry;
            if (!wasUnacked) {
                back = new QueueEntry(entry.message(), entry.sequence(), 0, 0, 0, entry.expiresAt());
                if (entry.redelivered()) {
                    back.markRedelivered();
                }
                account(footprint(entry.message()));
            }
            ready.addReturned(back);
            readyBytes += back.message().body().length;
            dispatchLocked();
        } finally {
            lock.unlock();
        }
    }

    private void trackUnacked(QueueEntry e) {
        if (e.storeId() != 0) {
            unackedStored.put(e.storeId(), e);
        }
    }

    private void untrackUnacked(Collection<QueueEntry> entries) {
        if (!unackedStored.isEmpty()) {
            for (QueueEntry e : entries) {
                unackedStored.remove(e.storeId());
            }
        }
    }

    /**
     * Visits every persistent message this queue still holds (ready, paged out, or delivered and not yet
     * acknowledged), for the store's compaction. The message is null when it is paged out.
     */
    public void forEachStoredEntry(StoredEntryVisitor visitor) {
        lock.lock();
        try {
            if (journal == null || deleted) {
                return;
            }
            ready.forEach(e -> {
                if (e.storeId() != 0) {
                    visitor.visit(e.storeId(), e.segment(), e.offset(), e.message());
                }
            });
            paged.forEach(visitor);
            for (QueueEntry e : unackedStored.values()) {
                visitor.visit(e.storeId(), e.segment(), e.offset(), e.message());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stored messages with ids up to this mark may have been delivered. */
    public long deliveredMark() {
        lock.lock();
        try {
            return deliveredMark;
        } finally {
            lock.unlock();
        }
    }

    /** Entries leave the queue for good: the store forgets them (logging an ACK when asked), memory is freed. */
    private void leave(List<QueueEntry> entries, boolean record) {
        long bytes = 0;
        for (QueueEntry e : entries) {
            Message m = e.message();
            if (m != null) {
                bytes += footprint(m);
                String key = dedupKey(m);
                if (key != null) {
                    dedupKeys.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
                }
            }
        }
        account(-bytes);
        if (journal != null) {
            journal.removed(this, entries, record);
        }
    }

    /** Counts message memory held by this queue (and by the broker, for the memory alarm). */
    private void account(long bytes) {
        residentBytes += bytes;
        if (resources != null) {
            resources.addMessageBytes(bytes);
        }
    }

    private static long footprint(Message m) {
        return m.body().length + m.rawProperties().length + ResourceMonitor.MESSAGE_OVERHEAD;
    }

    // ------------------------------------------------------------------ purge and delete

    /** Removes all ready messages (not unacknowledged ones) and returns how many. */
    public int purge() {
        lock.lock();
        try {
            int n = ready.size() + paged.size();
            List<QueueEntry> purged = ready.drain();
            purged.addAll(drainPaged());
            readyBytes = 0;
            leave(purged, true);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the queue deleted and returns the consumers to notify and the ready count it had. */
    public int markDeleted(List<Consumer> detached) {
        lock.lock();
        try {
            deleted = true;
            int n = ready.size() + paged.size();
            if (journal != null) {
                journal.queueDeleted(this);
            }
            List<QueueEntry> dropped = ready.drain();
            dropped.addAll(drainPaged());
            readyBytes = 0;
            leave(dropped, false);
            detached.addAll(consumers.all());
            consumers.clear();
            exclusiveConsumer = null;
            if (ttlTimer != null) {
                ttlTimer.cancel(false);
            }
            if (expiryTimer != null) {
                expiryTimer.cancel(false);
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ views

    public int messageCount() {
        lock.lock();
        try {
            return ready.size() + paged.size();
        } finally {
            lock.unlock();
        }
    }

    /** Depth and counters in one consistent snapshot (for management and metrics). */
    public QueueStats stats() {
        lock.lock();
        try {
            return new QueueStats(ready.size() + paged.size(), unacked, consumers.size(), residentBytes,
                    MessageCounts.ofQueue(publishedCount, deliveredAckCount, deliveredNoAckCount, getAckCount,
                            getNoAckCount, getEmptyCount, redeliveredCount, ackedCount));
        } finally {
            lock.unlock();
        }
    }

    public int unackedCount() {
        lock.lock();
        try {
            return unacked;
        } finally {
            lock.unlock();
        }
    }

    public int consumerCount() {
        lock.lock();
        try {
            return consumers.size();
        } finally {
            lock.unlock();
        }
    }

    public boolean isDeleted() {
        return deleted;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "queue";
    }

    public String vhost() {
        return vhost;
    }

    public boolean durable() {
        return durable;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public boolean exclusive() {
        return exclusiveOwner != null;
    }

    public Object exclusiveOwner() {
        return exclusiveOwner;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    /** The effective arguments: the declared ones combined with the applying policy's definition. */
    public QueueArguments parsedArguments() {
        return args;
    }

    /** The arguments as declared, without any policy. */
    public QueueArguments declaredArguments() {
        return declaredArgs;
    }

    @Override
    public String toString() {
        return "queue '" + name + "' in vhost '" + vhost + "'";
    }
}
