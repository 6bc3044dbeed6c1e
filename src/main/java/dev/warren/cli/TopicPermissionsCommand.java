package dev.warren.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code warren topic-permissions set|clear}: RabbitMQ's {@code rabbitmqctl set_topic_permissions} and
 * {@code clear_topic_permissions}, through the management API ({@code warren list topic-permissions}
 * lists them).
 */
@Command(name = "topic-permissions", mixinStandardHelpOptions = true,
        description = "Set or clear a user's topic permissions (routing keys allowed on a topic exchange).",
        subcommands = {TopicPermissionsCommand.Set.class, TopicPermissionsCommand.Clear.class})
final class TopicPermissionsCommand {

    private static String path(String vhost, String user) {
        return "/api/topic-permissions/" + ObjectCommands.enc(vhost) + "/" + ObjectCommands.enc(user);
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a user's topic permission on a topic exchange: regular expressions the routing key"
                    + " must match to publish (WRITE) and to bind (READ); {username} and {vhost} stand for the"
                    + " user's and the vhost's names.", "Use -- before a regex that starts with '-'."})
    static final class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "EXCHANGE", description = "A topic exchange.") String exchange;
        @Parameters(index = "2", paramLabel = "WRITE", description = "Routing keys the user may publish with.")
        String write;
        @Parameters(index = "3", paramLabel = "READ", description = "Routing keys the user may bind with.")
        String read;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("exchange", exchange).put("write", write)
                    .put("read", read);
            client.send("PUT", path(vhost, user), body.toString());
            PermissionsCommand.say(spec, "Set topic permission for user " + user + " on exchange " + exchange
                    + " in vhost " + vhost + ": write '" + write + "', read '" + read + "'");
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Clear a user's topic permissions in a virtual host: on one exchange, or on all of them.")
    static final class Clear implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "USER") String user;
        @Parameters(index = "1", paramLabel = "EXCHANGE", arity = "0..1",
                description = "Only the permission on this exchange (default: all of the user's in the vhost).")
        String exchange;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            String p = path(vhost, user) + (exchange == null ? "" : "/" + ObjectCommands.enc(exchange));
            client.send("DELETE", p, null);
            PermissionsCommand.say(spec, "Cleared topic permissions for user " + user
                    + (exchange == null ? "" : " on exchange " + exchange) + " in vhost " + vhost);
            return 0;
        }
    }
}
