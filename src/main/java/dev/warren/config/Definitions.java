package dev.warren.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.Binding;
import dev.warren.broker.Broker;
import dev.warren.broker.BrokerException;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.PasswordHash;
import dev.warren.broker.auth.Permission;
import dev.warren.broker.auth.TopicPermission;
import dev.warren.broker.auth.User;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.policy.Policy;
import dev.warren.broker.queue.Queue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RabbitMQ definitions (as {@code rabbitmqctl export_definitions} writes them): users with their
 * password hashes, vhosts, permissions, exchanges, queues and bindings. Export and import, used by
 * the management API ({@code /api/definitions}) and at boot ({@code load_definitions}). Policies,
 * global parameters and topic permissions are exported and imported; vhost parameters (federation,
 * shovels) are exported empty and skipped with a warning on import: Warren has no such components.
 */
public final class Definitions {
    public static final String HASHING = "rabbit_password_hashing_sha256";
    public static final String RABBITMQ_VERSION = "3.13.7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Definitions.class);

    private Definitions() {
    }

    /** Everything (only == null), or one vhost's objects in RabbitMQ's per-vhost format. */
    public static ObjectNode export(Broker broker, VirtualHost only) {
        ObjectNode root = JSON.createObjectNode();
        root.put("rabbit_version", RABBITMQ_VERSION);
        if (only == null) {
            root.put("rabbitmq_version", RABBITMQ_VERSION).put("product_name", "Warren").put("product_version", "0.1.0");
        }
        List<VirtualHost> all = new ArrayList<>(only != null ? List.of(only) : broker.virtualHosts());
        all.sort(Comparator.comparing(VirtualHost::name));
        if (only == null) {
            ArrayNode users = root.putArray("users");
            ArrayNode vhosts = root.putArray("vhosts");
            ArrayNode permissions = root.putArray("permissions");
            List<User> allUsers = new ArrayList<>(broker.users().all());
            allUsers.sort(Comparator.comparing(User::name));
            for (User u : allUsers) {
                users.add(userJson(u));
                for (String v : u.vhosts().stream().sorted().toList()) {
                    if (broker.virtualHost(v) != null) {
                        permissions.add(permissionJson(u.name(), v, u.permission(v)));
                    }
                }
            }
            for (VirtualHost vh : all) {
                ObjectNode n = vhosts.addObject().put("name", vh.name());
                n.set("limits", JSON.valueToTree(vh.limits()));
                n.set("metadata", vhostMetadataJson(vh.metadata()));
            }
            ArrayNode topicPermissions = root.putArray("topic_permissions");
            for (TopicPermission p : broker.users().topicPermissions(null, null)) {
                topicPermissions.add(topicPermissionJson(p));
            }
        }
        ArrayNode parameters = root.putArray("parameters");
        for (VirtualHost vh : all) {
            // vhost limits are RabbitMQ's runtime parameter "limits" of component vhost-limits
            if (!vh.limits().isEmpty()) {
                ObjectNode n = parameters.addObject();
                n.set("value", JSON.valueToTree(vh.limits()));
                if (only == null) {
                    n.put("vhost", vh.name());
                }
                n.put("component", "vhost-limits").put("name", "limits");
            }
        }
        for (VirtualHost vh : all) {
            // operator policies are RabbitMQ's runtime parameters of component operator_policy
            for (Policy p : vh.operatorPolicies().list()) {
                ObjectNode n = parameters.addObject();
                ObjectNode value = policyJson(p, false);
                value.remove("name");
                n.set("value", value);
                if (only == null) {
                    n.put("vhost", vh.name());
                }
                n.put("component", "operator_policy").put("name", p.name());
            }
        }
        if (only == null) {
            ArrayNode global = root.putArray("global_parameters");
            new java.util.TreeMap<>(broker.globalParameters()).forEach((name, value) ->
                    global.addObject().put("name", name).set("value", JSON.valueToTree(value)));
        }
        ArrayNode policies = root.putArray("policies");
        ArrayNode queues = root.putArray("queues");
        ArrayNode exchanges = root.putArray("exchanges");
        ArrayNode bindings = root.putArray("bindings");
        for (VirtualHost vh : all) {
            for (Policy p : vh.policies().list()) {
                policies.add(policyJson(p, only == null));
            }
            List<Queue> qs = new ArrayList<>(vh.queues());
            qs.sort(Comparator.comparing(Queue::name));
            for (Queue q : qs) {
                if (q.exclusive()) {
                    continue;
                }
                ObjectNode n = queues.addObject().put("name", q.name());
                vhostField(n, vh, only);
                n.put("durable", q.durable()).put("auto_delete", q.autoDelete());
                n.set("arguments", JSON.valueToTree(q.arguments()));
            }
            List<Exchange> xs = new ArrayList<>(vh.exchanges());
            xs.sort(Comparator.comparing(Exchange::name));
            for (Exchange x : xs) {
                if (x.name().isEmpty() || x.name().startsWith("amq.")) {
                    continue;
                }
                ObjectNode n = exchanges.addObject().put("name", x.name());
                vhostField(n, vh, only);
                n.put("type", x.type()).put("durable", x.durable()).put("auto_delete", x.autoDelete())
                        .put("internal", x.internal());
                n.set("arguments", JSON.valueToTree(x.arguments()));
            }
            List<Binding> bs = new ArrayList<>(vh.bindings());
            bs.sort(Comparator.comparing((Binding b) -> b.source().name()).thenComparing(b -> b.destination().name())
                    .thenComparing(Binding::routingKey));
            for (Binding b : bs) {
                if (b.destination() instanceof Queue q && q.exclusive()) {
                    continue;
                }
                ObjectNode n = bindings.addObject().put("source", b.source().name());
                vhostField(n, vh, only);
                n.put("destination", b.destination().name()).put("destination_type", b.destination().kind())
                        .put("routing_key", b.routingKey());
                n.set("arguments", JSON.valueToTree(b.arguments()));
            }
        }
        return root;
    }

    private static void vhostField(ObjectNode n, VirtualHost vh, VirtualHost only) {
        if (only == null) {
            n.put("vhost", vh.name());
        }
    }

    /**
     * A policy as definitions and /api/policies show it: vhost (unless left out), name, pattern, apply-to,
     * definition, priority.
     */
    public static ObjectNode policyJson(Policy p, boolean withVhost) {
        ObjectNode n = JSON.createObjectNode();
        if (withVhost) {
            n.put("vhost", p.vhost());
        }
        n.put("name", p.name()).put("pattern", p.pattern()).put("apply-to", p.applyTo());
        n.set("definition", JSON.valueToTree(p.definition()));
        n.put("priority", p.priority());
        return n;
    }

    /** A user as /api/users and definitions show it. */
    public static ObjectNode userJson(User u) {
        ObjectNode n = JSON.createObjectNode().put("name", u.name()).put("password_hash", u.passwordHash())
                .put("hashing_algorithm", HASHING);
        ArrayNode tags = n.putArray("tags");
        u.tags().stream().sorted().forEach(tags::add);
        n.putObject("limits");
        return n;
    }

    /** A permission as /api/permissions and definitions show it: user, vhost, configure, write, read. */
    public static ObjectNode permissionJson(String user, String vhost, Permission p) {
        return JSON.createObjectNode().put("user", user).put("vhost", vhost).put("configure", p.configure())
                .put("write", p.write()).put("read", p.read());
    }

    /**
     * The permission of a definitions (or API) entry; a missing regex is refused, as RabbitMQ's import
     * and API refuse it.
     *
     * @throws IllegalArgumentException when a regex is missing or does not compile
     */
    public static Permission permission(JsonNode p) {
        for (String key : List.of("configure", "write", "read")) {
            if (!p.hasNonNull(key)) {
                throw new IllegalArgumentException("[{key_missing," + key + "}]");
            }
        }
        return new Permission(p.get("configure").asText(), p.get("write").asText(), p.get("read").asText());
    }

    /** A topic permission as /api/topic-permissions and definitions show it. */
    public static ObjectNode topicPermissionJson(TopicPermission p) {
        return JSON.createObjectNode().put("user", p.user()).put("vhost", p.vhost()).put("exchange", p.exchange())
                .put("write", p.write()).put("read", p.read());
    }

    /** A vhost's "metadata" object: description, tags, default_queue_type. */
    public static ObjectNode vhostMetadataJson(VirtualHost.Metadata meta) {
        ObjectNode n = JSON.createObjectNode().put("description", meta.description());
        meta.tags().forEach(n.putArray("tags")::add);
        return n.put("default_queue_type", meta.defaultQueueType());
    }

    /** Reads a vhost's metadata from definitions (top-level fields or a "metadata" object). */
    public static VirtualHost.Metadata vhostMetadata(JsonNode v) {
        JsonNode meta = v.path("metadata");
        String description = v.hasNonNull("description") ? v.get("description").asText()
                : meta.path("description").asText("");
        JsonNode tags = v.has("tags") ? v.get("tags") : meta.path("tags");
        String queueType = v.hasNonNull("default_queue_type") ? v.get("default_queue_type").asText()
                : meta.path("default_queue_type").asText("classic");
        return new VirtualHost.Metadata(description, List.copyOf(new java.util.TreeSet<>(tags(tags))), queueType);
    }

    /** RabbitMQ's refusal of a runtime parameter whose component it does not have (none exist in Warren). */
    public static String unknownComponent(String component) {
        return "Validation failed\n\ncomponent " + component + " not found\n";
    }

    /** Tags as RabbitMQ writes them: a list (3.10+) or a comma-separated string. */
    public static Set<String> tags(JsonNode node) {
        Set<String> tags = new LinkedHashSet<>();
        if (node.isArray()) {
            node.forEach(t -> tags.add(t.asText()));
        } else {
            for (String t : node.asText("").split(",")) {
                if (!t.isBlank()) {
                    tags.add(t.strip());
                }
            }
        }
        return Set.copyOf(tags);
    }

    /** Gives a user full permissions (".*" for all three) in a vhost. */
    public static void grant(Broker broker, String userName, String vhost) {
        broker.users().setPermission(userName, vhost, Permission.FULL);
    }

    /**
     * Whether a definitions file lists at least one user. Unreadable files answer false: their import
     * reports the problem.
     */
    public static boolean definesUsers(Path file) {
        try {
            return JSON.readTree(file.toFile()).path("users").size() > 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Reads a definitions file and imports it (load_definitions at boot). */
    public static void importFile(Broker broker, Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read definitions file " + file + ": " + e.getMessage());
        }
        try {
            importInto(broker, root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("definitions file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Creates what the definitions describe; what exists already is kept when equivalent. Throws
     * IllegalArgumentException, naming the object, for what cannot be applied.
     */
    public static void importInto(Broker broker, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("definitions must be a JSON object");
        }
        for (JsonNode v : root.path("vhosts")) {
            VirtualHost vh = broker.addVirtualHost(v.path("name").asText());
            vh.setMetadata(vhostMetadata(v));
            if (v.path("limits").isObject() && v.path("limits").size() > 0) {
                setLimits(vh, v.get("limits"));
            }
        }
        if (root.path("vhosts").size() > 0) {
            broker.vhostsChanged();
        }
        for (JsonNode u : root.path("users")) {
            String name = u.path("name").asText();
            String algorithm = u.path("hashing_algorithm").asText(HASHING);
            String hash;
            if (u.hasNonNull("password_hash") && !u.get("password_hash").asText().isEmpty()) {
                if (!algorithm.equals(HASHING)) {
                    throw new IllegalArgumentException("unsupported hashing_algorithm '" + algorithm + "' for user '"
                            + name + "'");
                }
                hash = u.get("password_hash").asText();
            } else if (u.hasNonNull("password")) {
                hash = PasswordHash.hash(u.get("password").asText());
            } else {
                throw new IllegalArgumentException("user '" + name + "' has neither password nor password_hash");
            }
            User existing = broker.users().get(name);
            broker.users().put(existing == null ? new User(name, hash, tags(u.path("tags")), Map.of())
                    : existing.withCredentials(hash, tags(u.path("tags"))));
        }
        for (JsonNode p : root.path("permissions")) {
            if (broker.users().get(p.path("user").asText()) == null) {
                throw new IllegalArgumentException("no user '" + p.path("user").asText() + "' for permissions");
            }
            Permission perm;
            try {
                perm = permission(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("permission of user '" + p.path("user").asText() + "' in vhost '"
                        + p.path("vhost").asText() + "': " + e.getMessage());
            }
            broker.addVirtualHost(p.path("vhost").asText());
            broker.users().setPermission(p.path("user").asText(), p.path("vhost").asText(), perm);
        }
        for (JsonNode p : root.path("policies")) {
            VirtualHost vh = broker.addVirtualHost(p.path("vhost").asText("/"));
            String name = p.path("name").asText();
            try {
                vh.setPolicy(Policy.of(vh.name(), name, p.hasNonNull("pattern") ? p.get("pattern").asText() : null,
                        p.path("apply-to").asText("all"), scalar(p.get("priority")), definition(p)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policy '" + name + "' in vhost '" + vh.name() + "': "
                        + e.getMessage().strip());
            }
        }
        for (JsonNode p : root.path("global_parameters")) {
            String name = p.path("name").asText();
            if (!name.isEmpty() && !name.equals("internal_cluster_id") && p.has("value")) {
                broker.setGlobalParameter(name, JSON.convertValue(p.get("value"), Object.class));
            }
        }
        for (JsonNode p : root.path("parameters")) {
            if ("vhost-limits".equals(p.path("component").asText())) {
                setLimits(broker.addVirtualHost(p.path("vhost").asText("/")), p.path("value"));
                continue;
            }
            if ("operator_policy".equals(p.path("component").asText())) {
                VirtualHost vh = broker.addVirtualHost(p.path("vhost").asText("/"));
                JsonNode v = p.path("value");
                String name = p.path("name").asText();
                try {
                    vh.setOperatorPolicy(Policy.operator(vh.name(), name, v.hasNonNull("pattern")
                            ? v.get("pattern").asText() : null, v.path("apply-to").asText("all"),
                            scalar(v.get("priority")), definition(v)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("operator policy '" + name + "' in vhost '" + vh.name() + "': "
                            + e.getMessage().strip());
                }
                continue;
            }
            // Warren has no parameter components (federation upstreams, shovels): such parameters are skipped
            log.warn("definitions: parameter '{}' of component '{}' in vhost '{}' ignored: Warren has no such component",
                    p.path("name").asText(), p.path("component").asText(), p.path("vhost").asText());
        }
        for (JsonNode p : root.path("topic_permissions")) {
            String user = p.path("user").asText();
            if (broker.users().get(user) == null) {
                throw new IllegalArgumentException("no user '" + user + "' for topic permissions");
            }
            broker.addVirtualHost(p.path("vhost").asText("/"));
            broker.users().putTopicPermission(new TopicPermission(user, p.path("vhost").asText("/"),
                    p.path("exchange").asText(), p.path("write").asText(".*"), p.path("read").asText(".*")));
        }
        try {
            for (JsonNode x : root.path("exchanges")) {
                VirtualHost vh = broker.addVirtualHost(x.path("vhost").asText("/"));
                vh.declareExchange(x.path("name").asText(), x.path("type").asText(), false,
                        x.path("durable").asBoolean(true), x.path("auto_delete").asBoolean(),
                        x.path("internal").asBoolean(), arguments(x));
            }
            for (JsonNode q : root.path("queues")) {
                VirtualHost vh = broker.addVirtualHost(q.path("vhost").asText("/"));
                vh.declareQueue(q.path("name").asText(), false, q.path("durable").asBoolean(true), false,
                        q.path("auto_delete").asBoolean(), arguments(q), null);
            }
            for (JsonNode b : root.path("bindings")) {
                VirtualHost vh = broker.addVirtualHost(b.path("vhost").asText("/"));
                if ("exchange".equals(b.path("destination_type").asText())) {
                    vh.bindExchange(b.path("destination").asText(), b.path("source").asText(),
                            b.path("routing_key").asText(), arguments(b));
                } else {
                    vh.bindQueue(b.path("destination").asText(), b.path("source").asText(),
                            b.path("routing_key").asText(), arguments(b), null);
                }
            }
        } catch (BrokerException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Sets a vhost's limits from {"max-connections": n, ...}; refuses unknown names and non-integers. */
    public static void setLimits(VirtualHost vh, JsonNode limits) {
        Map<String, Long> values = new java.util.TreeMap<>();
        limits.fields().forEachRemaining(e -> {
            if (!e.getValue().isIntegralNumber()) {
                throw new IllegalArgumentException("vhost limit " + e.getKey() + " of vhost '" + vh.name()
                        + "' should be a number");
            }
            values.put(e.getKey(), e.getValue().asLong());
        });
        try {
            vh.setLimits(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vhost limits of vhost '" + vh.name() + "': " + e.getMessage().strip());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> definition(JsonNode p) {
        return p.has("definition") && p.get("definition").isObject()
                ? JSON.convertValue(p.get("definition"), Map.class) : null;
    }

    /** A JSON number or string as Java: 5 stays a number, "5" a string (RabbitMQ accepts both for priority). */
    private static Object scalar(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isIntegralNumber() ? (Object) n.asLong() : n.asText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(JsonNode n) {
        return n.has("arguments") ? JSON.convertValue(n.get("arguments"), Map.class) : Map.of();
    }
}
