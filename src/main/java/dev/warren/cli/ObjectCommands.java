package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warren purge|delete|publish|get}: one-shot operations on queues and exchanges through the API. */
final class ObjectCommands {
    private ObjectCommands() {
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void say(CommandSpec spec, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(text);
        out.flush();
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Remove the ready messages of a queue.")
    static final class Purge implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "QUEUE") String queue;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            client.send("DELETE", "/api/queues/" + enc(vhost) + "/" + enc(queue) + "/contents", null);
            say(spec, "Purged queue " + queue);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a queue or an exchange.")
    static final class Delete implements Callable<Integer> {
        enum Kind { queue, exchange, vhost }

        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "KIND",
                description = "queue, exchange or vhost (a vhost goes with everything in it).") Kind kind;
        @Parameters(index = "1", paramLabel = "NAME") String name;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;

        @Override
        public Integer call() {
            client.send("DELETE", kind == Kind.vhost ? "/api/vhosts/" + enc(name)
                    : "/api/" + kind + "s/" + enc(vhost) + "/" + enc(name), null);
            say(spec, "Deleted " + kind + " " + name);
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish one message (exit code 1 when it was not routed to any queue).")
    static final class Publish implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "PAYLOAD") String payload;
        @Option(names = {"-e", "--exchange"}, defaultValue = "amq.default",
                description = "Exchange (default: the default exchange).") String exchange;
        @Option(names = {"-k", "--routing-key"}, defaultValue = "", description = "Routing key.") String routingKey;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;
        @Option(names = "--persistent", description = "delivery_mode 2.") boolean persistent;

        @Override
        public Integer call() {
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("routing_key", routingKey)
                    .put("payload", payload).put("payload_encoding", "string");
            ObjectNode props = body.putObject("properties");
            if (persistent) {
                props.put("delivery_mode", 2);
            }
            String answer = client.send("POST", "/api/exchanges/" + enc(vhost) + "/" + enc(exchange) + "/publish",
                    body.toString());
            boolean routed = answer.contains("\"routed\":true");
            say(spec, routed ? "Message published" : "Message published but NOT routed");
            return routed ? 0 : 1;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show messages from the head of a queue; they stay in it unless --ack is given.")
    static final class Get implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ManagementClient client;
        @Parameters(index = "0", paramLabel = "QUEUE") String queue;
        @Option(names = "--count", defaultValue = "1", description = "How many (default: ${DEFAULT-VALUE}).") int count;
        @Option(names = "--ack", description = "Remove the messages from the queue.") boolean ack;
        @Option(names = "--vhost", defaultValue = "/", description = "Virtual host (default: ${DEFAULT-VALUE}).")
        String vhost;
        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        String format;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = ManagementClient.JSON.createObjectNode().put("count", count)
                    .put("ackmode", ack ? "ack_requeue_false" : "ack_requeue_true").put("encoding", "auto");
            JsonNode msgs = ManagementClient.JSON.readTree(client.send("POST",
                    "/api/queues/" + enc(vhost) + "/" + enc(queue) + "/get", body.toString()));
            PrintWriter out = spec.commandLine().getOut();
            if (format.equals("json")) {
                out.println(ManagementClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(msgs));
            } else {
                ListCommand.printTable(out, new String[] {"routing_key", "exchange", "redelivered", "payload_bytes",
                        "payload"}, msgs);
            }
            out.flush();
            return 0;
        }
    }
}
