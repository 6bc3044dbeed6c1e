package dev.warren.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warren's real launcher ({@code dev.warren.cli.WarrenCommand}) running in a child JVM, on the test
 * JVM's class path. Standard output and error go to a file (appended to, so a restarted server
 * can share it), which failures quote for diagnosis.
 *
 * <pre>{@code
 * int port = WarrenProcess.freePort();
 * try (WarrenProcess warren = WarrenProcess.start(tmp.resolve("warren.log"),
 *         "--amqp-port", String.valueOf(port), "--resp-port", "off", "--http-port", "off",
 *         "--bind", "127.0.0.1", "--data-dir", tmp.resolve("data").toString())) {
 *     warren.awaitPort(port, Duration.ofSeconds(30));
 *     ...
 *     warren.kill();           // kill -9: nothing is flushed, no shutdown hook runs
 * }
 * }</pre>
 */
public final class WarrenProcess implements AutoCloseable {
    /** Small heap and quick start-up; pass your own list to {@link #start(List, Path, String...)} to change them. */
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final String MAIN_CLASS = "dev.warren.cli.WarrenCommand";

    private final List<String> command;
    private final Path outputFile;
    private final Process process;

    private WarrenProcess(List<String> command, Path outputFile, Process process) {
        this.command = command;
        this.outputFile = outputFile;
        this.process = process;
    }

    /** Starts {@code warren ARGS...} with {@link #DEFAULT_JVM_OPTIONS}, output appended to {@code outputFile}. */
    public static WarrenProcess start(Path outputFile, String... args) {
        return start(DEFAULT_JVM_OPTIONS, outputFile, args);
    }

    public static WarrenProcess start(List<String> jvmOptions, Path outputFile, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.addAll(List.of(args));
        try {
            Files.createDirectories(outputFile.toAbsolutePath().getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new WarrenProcess(List.copyOf(command), outputFile, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago, for a server that must be told its port. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until something accepts TCP connections on 127.0.0.1:port. Fails, quoting the output,
     * if the process exits first or the timeout passes.
     */
    public WarrenProcess awaitPort(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("warren exited with code " + process.exitValue()
                        + " before listening on port " + port + "\n" + describe());
            }
            if (accepts(port)) {
                return this;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("warren did not listen on port " + port + " within "
                        + timeout.toSeconds() + " s\n" + describe());
            }
            sleep(20);
        }
    }

    /** Whether 127.0.0.1:port accepts a TCP connection right now. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("warren still running after " + timeout.toSeconds() + " s\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    /**
     * Graceful stop, as Ctrl+C or {@code kill} would do it: SIGTERM, so the shutdown hook closes Warren.
     * Returns the exit code (143 = 128 + SIGTERM for a JVM); fails if it is not gone within 30 s.
     */
    public int stop() {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** A crash: SIGKILL ({@code kill -9}), no shutdown hook, nothing flushed. Returns the exit code (137). */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The full command line, e.g. to start the same server again after {@link #kill()}. */
    public List<String> command() {
        return command;
    }

    public Path outputFile() {
        return outputFile;
    }

    /** Everything the process has printed so far (standard output and error). */
    public String output() {
        try {
            return Files.exists(outputFile) ? Files.readString(outputFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + outputFile + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String describe() {
        return "--- output of warren (pid " + process.pid() + ", " + outputFile + ") ---\n" + output();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "warren (pid " + process.pid() + ")";
    }
}
