package dev.warren.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process figures RabbitMQ reports as rabbitmq_process_*: resident memory, open file descriptors and
 * sockets, and the descriptor limit. On Linux they come from /proc/self (one pass over the descriptor table
 * per scrape); elsewhere from the JVM's operating-system bean, with the AMQP connections as the sockets.
 */
final class ProcessStats {
    private static final Path PROC_FD = Path.of("/proc/self/fd");
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    /** One reading; -1 where the figure is not available. */
    record Sample(long residentBytes, long openFds, long maxFds, long openSockets) {
        static final Sample NONE = new Sample(-1, -1, -1, -1);
    }

    private ProcessStats() {
    }

    /** @param connections open AMQP connections, the socket count where /proc is not there */
    static Sample sample(long connections) {
        long maxFds = -1, openFds = -1;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            maxFds = unix.getMaxFileDescriptorCount();
            openFds = unix.getOpenFileDescriptorCount();
        }
        long sockets = connections;
        if (Files.isDirectory(PROC_FD)) {
            long fds = 0, socketFds = 0;
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC_FD)) {
                for (Path fd : dir) {
                    fds++;
                    try {
                        if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                            socketFds++;
                        }
                    } catch (IOException | UnsupportedOperationException e) {
                        // closed while we looked
                    }
                }
                openFds = fds - 1; // the directory stream's own descriptor
                sockets = socketFds;
            } catch (IOException e) {
                // keep the bean's figures
            }
        }
        return new Sample(residentBytes(), openFds, maxFds, sockets);
    }

    /** VmRSS from /proc/self/status; elsewhere the JVM's committed heap and non-heap memory. */
    private static long residentBytes() {
        try {
            List<String> lines = Files.readAllLines(PROC_STATUS);
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        var memory = ManagementFactory.getMemoryMXBean();
        return memory.getHeapMemoryUsage().getCommitted() + memory.getNonHeapMemoryUsage().getCommitted();
    }
}
