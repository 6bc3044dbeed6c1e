package dev.warren.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ's resource alarms. The memory alarm goes off while the messages held by queues take more
 * than the high watermark; the disk alarm while the data directory's file system has less free space
 * than the limit. While either is on, publishing connections are blocked; consumers keep draining.
 */
public final class ResourceMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourceMonitor.class);
    /** What one queued message costs besides its body and properties (entry, message, strings). */
    public static final int MESSAGE_OVERHEAD = 160;

    private final long memoryHighWatermark;
    private final long queuePagingThreshold;
    private final Path diskPath;
    private final long diskFreeLimit;
    private final AtomicLong messageBytes = new AtomicLong();
    private final List<Runnable> clearListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile boolean memoryAlarm;
    private volatile boolean diskAlarm;
    /** Free bytes on the data directory's file system at the last check; -1 when unknown or not measured. */
    private volatile long diskFree = -1;

    /**
     * @param diskPath where to measure free disk space, or null for no disk alarm
     */
    public ResourceMonitor(long memoryHighWatermark, Path diskPath, long diskFreeLimit) {
        this(memoryHighWatermark, diskPath, diskFreeLimit, Math.max(1L << 20, memoryHighWatermark / 8));
    }

    /**
     * @param queuePagingThreshold bytes of messages a durable queue keeps in memory before it keeps further
     *     persistent messages only on disk
     */
    public ResourceMonitor(long memoryHighWatermark, Path diskPath, long diskFreeLimit, long queuePagingThreshold) {
        this.memoryHighWatermark = memoryHighWatermark;
        this.queuePagingThreshold = queuePagingThreshold;
        this.diskPath = diskPath;
        this.diskFreeLimit = diskFreeLimit;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warren-resource-monitor");
            t.setDaemon(true);
            return t;
        });
        check(); // the alarms' state is known from the start, before any client connects
        timer.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Queues report what they hold: positive when a message comes in, negative when it leaves for good. */
    public void addMessageBytes(long delta) {
        long now = messageBytes.addAndGet(delta);
        if (delta > 0 && !memoryAlarm && now > memoryHighWatermark) {
            check();
        }
    }

    public long queuePagingThreshold() {
        return queuePagingThreshold;
    }

    public long messageBytes() {
        return messageBytes.get();
    }

    public long memoryHighWatermark() {
        return memoryHighWatermark;
    }

    public long diskFreeLimit() {
        return diskFreeLimit;
    }

    /** Whether free disk space is measured at all (only with a data directory). */
    public boolean measuresDisk() {
        return diskPath != null;
    }

    /** Free bytes on the data directory's file system as last measured (every 100 ms), or -1. */
    public long diskFree() {
        return diskFree;
    }

    public boolean memoryAlarm() {
        return memoryAlarm;
    }

    public boolean diskAlarm() {
        return diskAlarm;
    }

    public boolean alarmed() {
        return memoryAlarm || diskAlarm;
    }

    /** Why publishers are blocked, as RabbitMQ words it in connection.blocked. */
    public String reason() {
        return memoryAlarm ? "low on memory" : diskAlarm ? "low on disk" : "";
    }

    /** Runs once (on the monitor's thread) when every alarm has cleared; right away if none is on. */
    public void whenClear(Runnable action) {
        if (!alarmed()) {
            action.run();
            return;
        }
        clearListeners.add(action);
        if (!alarmed() && clearListeners.remove(action)) {
            action.run();
        }
    }

    private synchronized void check() {
        boolean wasAlarmed = alarmed();
        long used = messageBytes.get();
        boolean memory = used > memoryHighWatermark;
        if (memory != memoryAlarm) {
            memoryAlarm = memory;
            log.warn("memory alarm {}: queued messages use {} bytes, high watermark {}", memory ? "set" : "cleared",
                    used, memoryHighWatermark);
        }
        if (diskPath != null) {
            try {
                long free = Files.getFileStore(diskPath).getUsableSpace();
                diskFree = free;
                boolean disk = free < diskFreeLimit;
                if (disk != diskAlarm) {
                    diskAlarm = disk;
                    log.warn("disk alarm {}: {} bytes free on {}, limit {}", disk ? "set" : "cleared", free, diskPath,
                            diskFreeLimit);
                }
            } catch (IOException e) {
                log.debug("cannot read free disk space: {}", e.toString());
            }
        }
        if (wasAlarmed && !alarmed()) {
            for (Runnable r : clearListeners) {
                clearListeners.remove(r);
                r.run();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
