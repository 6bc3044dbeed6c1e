package dev.warren.store;

/** Receives what recovery finds: each surviving message, once per durable queue that still holds it. */
public interface RecoveryListener {
    /**
     * Called in log order, so per-queue order is publish order.
     *
     * @param redelivered true when the message may have been delivered before the restart
     * @return false when no such durable queue exists any more (the message is then dropped)
     */
    boolean recovered(String vhost, String queue, long msgId, long segment, long offset, long timestamp,
                      String exchange, String routingKey, byte[] properties, byte[] body, boolean redelivered);
}
