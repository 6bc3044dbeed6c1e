package dev.warren.testing;

import dev.warren.cli.WarrenCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code warren} subcommands in this JVM against a running Warren's management port, as the
 * command line would (picocli, the same error handling), keeping what they print.
 */
public final class InProcessCli {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final int httpPort;

    public InProcessCli(int httpPort) {
        this.httpPort = httpPort;
    }

    /** Runs {@code warren ARGS... --port HTTP_PORT} and returns its exit code. */
    public int run(String... args) {
        CommandLine cli = new CommandLine(new WarrenCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("warren: " + ex.getMessage());
            cmd.getErr().flush();
            return 1;
        });
        String[] withPort = new String[args.length + 2];
        System.arraycopy(args, 0, withPort, 0, args.length);
        withPort[args.length] = "--port";
        withPort[args.length + 1] = String.valueOf(httpPort);
        return cli.execute(withPort);
    }

    /** Everything the commands run so far printed on standard output. */
    public String out() {
        return out.toString();
    }

    /** Everything the commands run so far printed on standard error. */
    public String err() {
        return err.toString();
    }
}
