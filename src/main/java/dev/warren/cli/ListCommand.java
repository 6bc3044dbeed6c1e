package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code warren list queues|exchanges|bindings|connections|consumers|users|vhosts|policies|permissions|topic-permissions}:
 * an aligned table or JSON.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List objects of a running Warren (through its management HTTP API).")
final class ListCommand implements Callable<Integer> {
    enum Kind {
        queues, exchanges, bindings, connections, consumers, users, vhosts, policies, permissions,
        topic_permissions("topic-permissions");

        private final String word;

        Kind() {
            this.word = name();
        }

        Kind(String word) {
            this.word = word;
        }

        /** The word typed on the command line, also the API's path segment. */
        @Override
        public String toString() {
            return word;
        }
    }

    /** The columns shown per kind: header and JSON path (dots descend into objects). */
    private static final Map<Kind, String[]> COLUMNS = Map.ofEntries(
            Map.entry(Kind.queues, new String[] {"vhost", "name", "messages_ready", "messages_unacknowledged",
                    "messages", "consumers"}),
            Map.entry(Kind.exchanges, new String[] {"vhost", "name", "type", "durable", "auto_delete", "internal"}),
            Map.entry(Kind.bindings, new String[] {"vhost", "source", "destination", "destination_type", "routing_key"}),
            Map.entry(Kind.connections, new String[] {"name", "user", "vhost", "state", "channels"}),
            Map.entry(Kind.consumers, new String[] {"queue.vhost", "queue.name", "consumer_tag", "ack_required",
                    "prefetch_count", "channel_details.connection_name"}),
            Map.entry(Kind.users, new String[] {"name", "tags"}),
            Map.entry(Kind.vhosts, new String[] {"name", "messages", "messages_ready", "messages_unacknowledged"}),
            Map.entry(Kind.policies, new String[] {"vhost", "name", "pattern", "apply-to", "definition", "priority"}),
            Map.entry(Kind.permissions, new String[] {"vhost", "user", "configure", "write", "read"}),
            Map.entry(Kind.topic_permissions, new String[] {"vhost", "user", "exchange", "write", "read"}));

    @Spec
    CommandSpec spec;

    @Mixin
    ManagementClient client;

    @Parameters(index = "0", paramLabel = "WHAT", description = "One of: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--vhost", description = "Only this virtual host (queues, exchanges, bindings, consumers,"
            + " policies, permissions, topic-permissions).")
    String vhost;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        String path = "/api/" + kind;
        if (vhost != null && List.of(Kind.queues, Kind.exchanges, Kind.bindings, Kind.consumers, Kind.policies).contains(kind)) {
            path += "/" + ObjectCommands.enc(vhost);
        } else if (vhost != null && (kind == Kind.permissions || kind == Kind.topic_permissions)) {
            path = "/api/vhosts/" + ObjectCommands.enc(vhost) + "/" + kind;
        }
        JsonNode items = client.get(path);
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(ManagementClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(items));
        } else if (format.equals("table")) {
            printTable(out, COLUMNS.get(kind), items);
        } else {
            throw new IllegalArgumentException("unknown --format '" + format + "' (table or json)");
        }
        out.flush();
        return 0;
    }

    static void printTable(PrintWriter out, String[] columns, JsonNode items) {
        List<String[]> rows = new ArrayList<>();
        rows.add(columns);
        for (JsonNode item : items) {
            String[] row = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                row[i] = text(item, columns[i]);
            }
            rows.add(row);
        }
        int[] widths = new int[columns.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing()); // an empty last column leaves no blanks behind
        }
    }

    private static String text(JsonNode item, String path) {
        JsonNode n = item;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(e.asText()));
            return String.join(",", parts);
        }
        return n.isMissingNode() || n.isNull() ? "" : n.isObject() ? n.toString() : n.asText();
    }
}
