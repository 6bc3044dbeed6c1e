package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code warren status}: is the server up, what does it hold, are alarms on. Exit code 1 when an alarm is on. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the status of a running Warren (through its management HTTP API).")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ManagementClient client;

    @Override
    public Integer call() {
        JsonNode o = client.get("/api/overview");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Node:         " + o.path("node").asText());
        out.println("Version:      " + o.path("product_name").asText() + " " + o.path("product_version").asText()
                + " (RabbitMQ " + o.path("rabbitmq_version").asText() + " compatible)");
        for (JsonNode l : o.path("listeners")) {
            out.println("Listener:     " + l.path("protocol").asText() + " on " + l.path("ip_address").asText() + ":"
                    + l.path("port").asText());
        }
        JsonNode t = o.path("object_totals");
        out.println("Connections:  " + t.path("connections").asText() + ", channels: " + t.path("channels").asText()
                + ", consumers: " + t.path("consumers").asText());
        out.println("Queues:       " + t.path("queues").asText() + ", exchanges: " + t.path("exchanges").asText());
        JsonNode q = o.path("queue_totals");
        out.println("Messages:     " + q.path("messages").asText() + " (ready " + q.path("messages_ready").asText()
                + ", unacknowledged " + q.path("messages_unacknowledged").asText() + ")");
        JsonNode m = o.path("message_stats");
        out.printf("Rates:        publish %.1f/s, deliver/get %.1f/s, ack %.1f/s%n",
                m.path("publish_details").path("rate").asDouble(), m.path("deliver_get_details").path("rate").asDouble(),
                m.path("ack_details").path("rate").asDouble());
        boolean alarmed;
        try {
            client.get("/api/health/checks/alarms");
            alarmed = false;
        } catch (IllegalStateException e) {
            alarmed = e.getMessage().contains(" 503 ");
            if (!alarmed) {
                throw e;
            }
        }
        out.println("Alarms:       " + (alarmed ? "IN EFFECT (publishers are blocked)" : "none"));
        out.flush();
        return alarmed ? 1 : 0;
    }
}
