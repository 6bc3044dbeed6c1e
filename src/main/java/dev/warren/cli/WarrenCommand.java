package dev.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warren}: the command-line entry point. {@code server} is the default subcommand. */
@Command(name = "warren", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Warren: a RabbitMQ- and Redis-compatible message broker and data server.",
        subcommands = {ServerCommand.class, StatusCommand.class, ListCommand.class, ObjectCommands.Purge.class,
                ObjectCommands.Delete.class, ObjectCommands.Publish.class, ObjectCommands.Get.class,
                UsersCommand.class, DefinitionsCommands.Export.class, DefinitionsCommands.Import.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class WarrenCommand implements Runnable {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new WarrenCommand());
        boolean hasSubcommand = args.length > 0 && cli.getSubcommands().containsKey(args[0]);
        boolean wantsTopLevel = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h")
                || args[0].equals("--version") || args[0].equals("-V"));
        if (!hasSubcommand && !wantsTopLevel) {
            String[] withServer = new String[args.length + 1];
            withServer[0] = "server";
            System.arraycopy(args, 0, withServer, 1, args.length);
            args = withServer;
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

    @Override
    public void run() {
        new ServerCommand().run();
    }
}
