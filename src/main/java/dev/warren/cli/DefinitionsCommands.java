package dev.warren.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warren export FILE} and {@code warren import FILE}: definitions in RabbitMQ's format. */
final class DefinitionsCommands {
    private DefinitionsCommands() {
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the definitions (users, vhosts, permissions, queues, exchanges, bindings) of a running"
                    + " Warren to FILE in RabbitMQ's format; '-' writes to standard output.")
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ManagementClient client;

        @Parameters(index = "0", paramLabel = "FILE")
        String file;

        @Override
        public Integer call() throws Exception {
            String json = ManagementClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(client.get("/api/definitions"));
            PrintWriter out = spec.commandLine().getOut();
            if (file.equals("-")) {
                out.println(json);
            } else {
                Files.writeString(Path.of(file), json + System.lineSeparator());
                out.println("Exported definitions to " + file);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Load a definitions file (as rabbitmqctl export_definitions or warren export write it) into"
                    + " a running Warren.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ManagementClient client;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            client.send("POST", "/api/definitions", Files.readString(file));
            spec.commandLine().getOut().println("Imported definitions from " + file);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
