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

/** {@code warren users add|delete|passwd}: manage users through the management API. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Add, delete or change the password of users.",
        subcommands = {UsersCommand.Add.class, UsersCommand.Delete.class, UsersCommand.Passwd.class})
final class UsersCommand {

    private static void say(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user with full permissions in the given virtual hosts.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "PASSWORD") String newPassword;
        @Option(names = "--tags", defaultValue = "", description = "Comma-separated tags: management, monitoring,"
                + " policymaker, administrator.") String tags;
        @Option(names = "--vhost", description = "Grant permissions in this virtual host (repeatable).")
        String[] vhosts = {};

        @Override
        public Integer call() {
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("password", newPassword).put("tags", tags);
            client.send("PUT", "/api/users/" + ObjectCommands.enc(name), body.toString());
            for (String v : vhosts) {
                client.send("PUT", "/api/permissions/" + ObjectCommands.enc(v) + "/" + ObjectCommands.enc(name),
                        "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
            }
            say(spec, "Added user " + name);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            client.send("DELETE", "/api/users/" + ObjectCommands.enc(name), null);
            say(spec, "Deleted user " + name);
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Change a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "PASSWORD") String newPassword;

        @Override
        public Integer call() {
            client.get("/api/users/" + ObjectCommands.enc(name)); // 404 for an unknown user
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("password", newPassword);
            client.send("PUT", "/api/users/" + ObjectCommands.enc(name), body.toString());
            say(spec, "Changed the password of " + name);
            return 0;
        }
    }
}
