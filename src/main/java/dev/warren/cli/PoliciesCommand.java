package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code warren policies set|clear}: RabbitMQ's {@code rabbitmqctl set_policy} and {@code clear_policy},
 * through the management API ({@code warren list policies} lists them).
 */
@Command(name = "policies", mixinStandardHelpOptions = true, description = "Set or clear policies.",
        subcommands = {PoliciesCommand.Set.class, PoliciesCommand.Clear.class})
final class PoliciesCommand {

    private static String path(String vhost, String name) {
        return "/api/policies/" + ObjectCommands.enc(vhost) + "/" + ObjectCommands.enc(name);
    }

    private static void say(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Set (add or replace) a policy: queues and/or exchanges whose names match PATTERN get"
                    + " the keys of DEFINITION, e.g. '{\"max-length\":1000,\"dead-letter-exchange\":\"dlx\"}'.")
    static final class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "PATTERN", description = "Regular expression matched against names.")
        String pattern;
        @Parameters(index = "2", paramLabel = "DEFINITION", description = "The policy's keys, as a JSON object.")
        String definition;
        @Option(names = "--priority", defaultValue = "0", description = "Priority (default: ${DEFAULT-VALUE});"
                + " of the policies matching an object, the highest applies.") int priority;
        @Option(names = "--apply-to", defaultValue = "all", description = "queues, exchanges, all, classic_queues,"
                + " quorum_queues or streams (default: ${DEFAULT-VALUE}).") String applyTo;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            JsonNode def;
            try {
                def = ManagementClient.JSON.readTree(definition);
            } catch (IOException e) {
                throw new IllegalArgumentException("DEFINITION is not valid JSON: " + definition);
            }
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("pattern", pattern)
                    .put("apply-to", applyTo).put("priority", priority);
            body.set("definition", def);
            client.send("PUT", path(vhost, name), body.toString());
            say(spec, "Set policy " + name + " for pattern " + pattern + " to " + def + " with priority " + priority
                    + " for vhost " + vhost);
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Clear (delete) a policy.")
    static final class Clear implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            client.send("DELETE", path(vhost, name), null);
            say(spec, "Cleared policy " + name + " in vhost " + vhost);
            return 0;
        }
    }
}
