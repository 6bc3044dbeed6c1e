package dev.warren.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A Python program (one of the examples) running as a child process of the test, with its standard
 * output and error merged and collected line by line. Always run with {@link #PYTHON}, Debian's
 * interpreter, which is the one {@code scripts/install-test-deps.sh} installs pika for.
 */
public final class PythonProgram implements AutoCloseable {
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PythonProgram(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(this::readOutput, "output of " + name);
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Starts {@code python3 -u script args...} in the script's directory with extra environment variables. */
    public static PythonProgram start(Path script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-u", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(script.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PYTHONUNBUFFERED", "1");
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        String name = script.getFileName() + (args.length == 0 ? "" : " " + String.join(" ", args));
        try {
            return new PythonProgram(name, builder.start());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + " with " + PYTHON + ": " + e.getMessage(), e);
        }
    }

    /**
     * Fails with a message pointing at {@code scripts/install-test-deps.sh} unless {@link #PYTHON}
     * exists and can import the given modules.
     */
    public static void requireModules(String... modules) {
        String hint = "; run scripts/install-test-deps.sh (it installs Debian's python3-pika) and try again";
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " not found" + hint);
        }
        String imports = "import " + String.join(", ", modules);
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-c", imports).redirectErrorStream(true);
        try {
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(PYTHON + " -c '" + imports + "' did not finish in 30 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(PYTHON + " cannot " + imports + hint + "\n" + output.strip());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON + ": " + e.getMessage() + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process was destroyed
        }
    }

    /** Every line printed so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines printed so far that start with the prefix, e.g. {@code " [x]"}. */
    public List<String> lines(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
    }

    /** Waits until the program has printed this exact line; fails early if it exits first. */
    public void awaitLine(String line, Duration timeout) {
        awaitOutput("it prints \"" + line + "\"", timeout, all -> all.contains(line));
    }

    /** Waits until the program has printed {@code count} lines starting with the prefix. */
    public void awaitLines(String prefix, int count, Duration timeout) {
        awaitOutput("it prints " + count + " lines starting with \"" + prefix + "\"", timeout,
                all -> all.stream().filter(l -> l.startsWith(prefix)).count() >= count);
    }

    private void awaitOutput(String what, Duration timeout, Predicate<List<String>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(lines())) {
            if (!process.isAlive()) {
                joinReader();
                if (condition.test(lines())) {
                    return;
                }
                throw new AssertionError(name + " exited with code " + process.exitValue()
                        + " before " + what + "\n" + describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + name
                        + " " + what.replaceFirst("^it ", "") + "\n" + describe());
            }
            sleep(10);
        }
    }

    /** Waits for the program to exit by itself and returns its exit code (all its output is then in {@link #lines()}). */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still running after " + timeout.toSeconds() + " s\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        joinReader();
        return process.exitValue();
    }

    /** Waits for the program to exit and fails unless its exit code is 0. */
    public PythonProgram awaitSuccess(Duration timeout) {
        int code = awaitExit(timeout);
        if (code != 0) {
            throw new AssertionError(name + " exited with code " + code + "\n" + describe());
        }
        return this;
    }

    /** Like Ctrl+C's harsher cousin: SIGKILL, the program gets no chance to clean up. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the program if it is still running (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void joinReader() {
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describe() {
        List<String> out = lines();
        return "--- output of " + name + " (" + out.size() + " lines) ---\n" + String.join("\n", out);
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
        return name;
    }
}
