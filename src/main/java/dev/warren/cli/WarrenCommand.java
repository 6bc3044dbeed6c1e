package dev.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warren}: the command-line entry point. {@code server} is the default subcommand. */
@Command(name = "warren", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Warren: a RabbitMQ- and Redis-compatible message broker and data server.",
        subcommands = {ServerCommand.class, StatusCommand.class, ListCommand.class, ObjectCommands.Purge.class,
                ObjectCommands.Delete.class, ObjectCommands.Publish.class, ObjectCommands.Get.class,
                UsersCommand.class, PermissionsCommand.class, TopicPermissionsCommand.class, PoliciesCommand.class,
                DefinitionsCommands.Export.class, DefinitionsCommands.Import.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class WarrenCommand implements Runnable {

    public static void main(String[] args) {
        boolean wantsTopLevel = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")
                || args[0].equals("--version") || args[0].equals("-V"));
        boolean server = args.length == 0 || args[0].equals("server")
                || (!wantsTopLevel && (args[0].startsWith("-") || !isSubcommand(args[0])));
        CommandLine cli;
        if (server) {
            // The standalone server does without Netty's per-access buffer checks (reference count
            // and bounds on every getByte): Warren's codecs are tested with them on, in the test suite.
            // A -D on the command line (WARREN_JAVA_OPTS) still decides.
            setDefault("io.netty.buffer.checkAccessible", "false");
            setDefault("io.netty.buffer.checkBounds", "false");
            dev.warren.net.NettyTransport.preload();
            // Starting the server is the common case and start-up time counts: only the server
            // command's model is built, not every subcommand's.
            if (args.length > 0 && args[0].equals("server")) {
                args = java.util.Arrays.copyOfRange(args, 1, args.length);
            }
            cli = ServerCommand.commandLine().setCommandName("warren server");
        } else {
            cli = new CommandLine(new WarrenCommand());
        }
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("warren: " + ex.getMessage());
            return 1;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Whether a word names one of the subcommands, read from the annotations alone. */
    private static boolean isSubcommand(String word) {
        for (Class<?> c : WarrenCommand.class.getAnnotation(Command.class).subcommands()) {
            Command command = c.getAnnotation(Command.class);
            if (command != null && (command.name().equals(word) || java.util.Arrays.asList(command.aliases())
                    .contains(word))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        ServerCommand.commandLine().execute();
    }
}
