package dev.warren.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code warren permissions set|clear}: RabbitMQ's {@code rabbitmqctl set_permissions} and
 * {@code clear_permissions}, through the management API ({@code warren list permissions} lists them).
 */
@Command(name = "permissions", mixinStandardHelpOptions = true,
        description = "Set or clear a user's permissions in a virtual host.",
        subcommands = {PermissionsCommand.Set.class, PermissionsCommand.Clear.class})
final class PermissionsCommand {

    static String path(String vhost, String user) {
        return "/api/permissions/" + ObjectCommands.enc(vhost) + "/" + ObjectCommands.enc(user);
    }

    static void say(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set (grant or replace) a user's permissions in a virtual host: three regular expressions"
                    + " matched against the names of exchanges and queues ('.*' for everything, '' for nothing).",
                    "Use -- before a regex that starts with '-'."})
    static final class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "CONFIGURE", description = "Declare and delete.") String configure;
        @Parameters(index = "2", paramLabel = "WRITE", description = "Publish, bind a queue to.") String write;
        @Parameters(index = "3", paramLabel = "READ", description = "Consume, get, purge, bind from.") String read;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("configure", configure).put("write", write)
                    .put("read", read);
            client.send("PUT", path(vhost, user), body.toString());
            say(spec, "Set permissions for user " + user + " in vhost " + vhost + ": configure '" + configure
                    + "', write '" + write + "', read '" + read + "'");
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear (revoke) a user's permissions in a virtual host.")
    static final class Clear implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            client.send("DELETE", path(vhost, user), null);
            say(spec, "Cleared permissions for user " + user + " in vhost " + vhost);
            return 0;
        }
    }
}
