package dev.warren.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.broker.Binding;
import dev.warren.broker.Broker;
import dev.warren.broker.BrokerException;
import dev.warren.broker.TopologyListener;
import dev.warren.broker.VirtualHost;
import dev.warren.broker.auth.Permission;
import dev.warren.broker.auth.TopicPermission;
import dev.warren.broker.auth.User;
import dev.warren.broker.auth.UserStore;
import dev.warren.config.Definitions;
import dev.warren.broker.exchange.Exchange;
import dev.warren.broker.policy.Policy;
import dev.warren.broker.queue.Queue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable definitions of a broker (users with their password hashes and tags, permissions, topic
 * permissions, global parameters, virtual hosts, policies, durable exchanges, queues and bindings) kept
 * in {@code definitions.json} in RabbitMQ's definitions format. Rewritten atomically (temp file, fsync,
 * rename) whenever any of them changes.
 *
 * <p>The users part is read leniently: an entry that cannot be used (no name, an unknown hashing
 * algorithm, a permission of an unknown user, a bad regex) is skipped with a warning; a "users" section
 * that is missing (a file written before users were kept) or not a list counts as none kept, so the
 * caller creates the default user as on a fresh data directory.
 */
public final class DefinitionsFile implements TopologyListener {
    private static final Logger log = LoggerFactory.getLogger(DefinitionsFile.class);
    /** Made when first needed: setting up Jackson is a noticeable part of start-up. */
    private static final class Lazy {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final Path file;
    private final Broker broker;
    private String lastWritten;
    private boolean usersRestored;

    public DefinitionsFile(Path dataDir, Broker broker) {
        this.file = dataDir.resolve("definitions.json");
        this.broker = broker;
    }

    @Override
    public synchronized void durableTopologyChanged(VirtualHost vhost) {
        String json;
        try {
            json = Lazy.JSON.writeValueAsString(snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (json.equals(lastWritten)) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, json);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten = json;
        } catch (IOException e) {
            log.error("cannot write {}: {}", file, e.toString());
        }
    }

    private ObjectNode snapshot() {
        ObjectNode root = Lazy.JSON.createObjectNode();
        root.put("warren_version", "0.1.0");
        ArrayNode users = root.putArray("users");
        ArrayNode permissions = root.putArray("permissions");
        List<User> allUsers = new ArrayList<>(broker.users().all());
        allUsers.sort(Comparator.comparing(User::name));
        for (User u : allUsers) {
            users.add(Definitions.userJson(u));
            for (String v : u.vhosts().stream().sorted().toList()) {
                if (broker.virtualHost(v) != null) {
                    permissions.add(Definitions.permissionJson(u.name(), v, u.permission(v)));
                }
            }
        }
        ArrayNode topicPermissions = root.putArray("topic_permissions");
        for (TopicPermission p : broker.users().topicPermissions(null, null)) {
            topicPermissions.add(Definitions.topicPermissionJson(p));
        }
        ArrayNode global = root.putArray("global_parameters");
        new TreeMap<>(broker.globalParameters()).forEach((name, value) ->
                global.addObject().put("name", name).set("value", Lazy.JSON.valueToTree(value)));
        ArrayNode vhosts = root.putArray("vhosts");
        ArrayNode policies = root.putArray("policies");
        ArrayNode operatorPolicies = root.putArray("operator_policies");
        ArrayNode exchanges = root.putArray("exchanges");
        ArrayNode queues = root.putArray("queues");
        ArrayNode bindings = root.putArray("bindings");
        List<VirtualHost> all = new ArrayList<>(broker.virtualHosts());
        all.sort(Comparator.comparing(VirtualHost::name));
        for (VirtualHost vh : all) {
            ObjectNode vn = vhosts.addObject().put("name", vh.name());
            vn.set("metadata", Definitions.vhostMetadataJson(vh.metadata()));
            if (!vh.limits().isEmpty()) {
                vn.set("limits", Lazy.JSON.valueToTree(vh.limits()));
            }
            for (Policy p : vh.operatorPolicies().list()) {
                operatorPolicies.add(Definitions.policyJson(p, true));
            }
            for (Policy p : vh.policies().list()) {
                ObjectNode n = policies.addObject();
                n.put("vhost", vh.name()).put("name", p.name()).put("pattern", p.pattern()).put("apply-to", p.applyTo());
                n.set("definition", Lazy.JSON.valueToTree(p.definition()));
                n.put("priority", p.priority());
            }
            List<Exchange> xs = new ArrayList<>(vh.exchanges());
            xs.sort(Comparator.comparing(Exchange::name));
            for (Exchange x : xs) {
                if (!x.durable() || x.name().isEmpty() || x.name().startsWith("amq.")) {
                    continue;
                }
                ObjectNode n = exchanges.addObject();
                n.put("name", x.name()).put("vhost", vh.name()).put("type", x.type()).put("durable", true)
                        .put("auto_delete", x.autoDelete()).put("internal", x.internal());
                n.set("arguments", Lazy.JSON.valueToTree(x.arguments()));
            }
            List<Queue> qs = new ArrayList<>(vh.queues());
            qs.sort(Comparator.comparing(Queue::name));
            for (Queue q : qs) {
                if (!VirtualHost.isRecoverable(q)) {
                    continue;
                }
                ObjectNode n = queues.addObject();
                n.put("name", q.name()).put("vhost", vh.name()).put("durable", true).put("auto_delete", q.autoDelete());
                n.set("arguments", Lazy.JSON.valueToTree(q.arguments()));
            }
            for (Binding b : vh.bindings()) {
                if (!VirtualHost.isRecoverable(b)) {
                    continue;
                }
                ObjectNode n = bindings.addObject();
                n.put("source", b.source().name()).put("vhost", vh.name()).put("destination", b.destination().name())
                        .put("destination_type", b.destination().kind()).put("routing_key", b.routingKey());
                n.set("arguments", Lazy.JSON.valueToTree(b.arguments()));
            }
        }
        return root;
    }

    /**
     * True when the last {@link #load()} found a "users" list: then the users (even none) and their
     * permissions are what was kept, and the default user must not be created again.
     */
    public boolean usersRestored() {
        return usersRestored;
    }

    private void loadUsers(JsonNode root) {
        JsonNode users = root.get("users");
        if (users == null) {
            return;
        }
        if (!users.isArray()) {
            log.warn("{}: \"users\" is not a list; ignored (the default user is created)", file);
            return;
        }
        usersRestored = true;
        UserStore store = broker.users();
        for (JsonNode u : users) {
            String name = u.path("name").asText("");
            String algorithm = u.path("hashing_algorithm").asText(Definitions.HASHING);
            JsonNode hash = u.get("password_hash");
            if (name.isEmpty() || hash == null || !hash.isTextual() || !algorithm.equals(Definitions.HASHING)) {
                // the entry itself is not logged: it may hold a password hash
                log.warn("{}: user entry '{}' skipped: it needs a name, a password_hash and hashing_algorithm {}",
                        file, name, Definitions.HASHING);
                continue;
            }
            store.put(new User(name, hash.asText(), Definitions.tags(u.path("tags")), Map.of()));
        }
        for (JsonNode p : root.path("permissions")) {
            String user = p.path("user").asText("");
            String vhost = p.path("vhost").asText("");
            if (store.get(user) == null || vhost.isEmpty()) {
                log.warn("{}: permission entry {} skipped: no such user, or no vhost", file, p);
                continue;
            }
            Permission perm;
            try {
                // a file written before permissions had regexes has none: they meant full access
                perm = p.has("configure") || p.has("write") || p.has("read") ? Definitions.permission(p)
                        : Permission.FULL;
            } catch (IllegalArgumentException e) {
                log.warn("{}: permission entry of user '{}' in vhost '{}' skipped: {}", file, user, vhost,
                        e.getMessage());
                continue;
            }
            broker.addVirtualHost(vhost);
            store.setPermission(user, vhost, perm);
        }
        for (JsonNode p : root.path("topic_permissions")) {
            String user = p.path("user").asText("");
            String vhost = p.path("vhost").asText("");
            try {
                if (store.get(user) == null || vhost.isEmpty() || !p.hasNonNull("exchange")) {
                    throw new IllegalArgumentException("no such user, or no vhost or exchange");
                }
                TopicPermission tp = new TopicPermission(user, vhost, p.get("exchange").asText(),
                        p.path("write").asText(".*"), p.path("read").asText(".*"));
                broker.addVirtualHost(vhost);
                store.putTopicPermission(tp);
            } catch (IllegalArgumentException e) {
                log.warn("{}: topic permission entry {} skipped: {}", file, p, e.getMessage());
            }
        }
    }

    private void loadGlobalParameters(JsonNode root) {
        for (JsonNode p : root.path("global_parameters")) {
            String name = p.path("name").asText("");
            if (name.isEmpty() || !p.has("value")) {
                log.warn("{}: global parameter entry {} skipped: it needs a name and a value", file, p);
                continue;
            }
            broker.setGlobalParameter(name, Lazy.JSON.convertValue(p.get("value"), Object.class));
        }
    }

    /** Recreates what the file holds (if it exists) in the broker. */
    @SuppressWarnings("unchecked")
    public void load() {
        if (!Files.exists(file)) {
            return;
        }
        JsonNode root;
        try {
            root = Lazy.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (JsonNode v : root.path("vhosts")) {
            VirtualHost vh = broker.addVirtualHost(v.path("name").asText());
            vh.setMetadata(Definitions.vhostMetadata(v));
            if (v.path("limits").isObject()) {
                try {
                    Definitions.setLimits(vh, v.get("limits"));
                } catch (IllegalArgumentException e) {
                    log.warn("{}: {}; ignored", file, e.getMessage());
                }
            }
        }
        loadUsers(root);
        loadGlobalParameters(root);
        for (JsonNode p : root.path("policies")) {
            VirtualHost vh = broker.addVirtualHost(p.path("vhost").asText());
            vh.setPolicy(Policy.of(vh.name(), p.path("name").asText(), p.path("pattern").asText(),
                    p.path("apply-to").asText("all"), p.path("priority").asInt(0),
                    Lazy.JSON.convertValue(p.path("definition"), Map.class)));
        }
        for (JsonNode p : root.path("operator_policies")) {
            VirtualHost vh = broker.addVirtualHost(p.path("vhost").asText());
            try {
                vh.setOperatorPolicy(Policy.operator(vh.name(), p.path("name").asText(), p.path("pattern").asText(),
                        p.path("apply-to").asText("all"), p.path("priority").asInt(0),
                        Lazy.JSON.convertValue(p.path("definition"), Map.class)));
            } catch (IllegalArgumentException e) {
                log.warn("{}: operator policy entry {} skipped: {}", file, p.path("name").asText(), e.getMessage());
            }
        }
        try {
            for (JsonNode x : root.path("exchanges")) {
                VirtualHost vh = broker.addVirtualHost(x.path("vhost").asText());
                vh.declareExchange(x.path("name").asText(), x.path("type").asText(), false, true,
                        x.path("auto_delete").asBoolean(), x.path("internal").asBoolean(),
                        Lazy.JSON.convertValue(x.path("arguments"), Map.class));
            }
            for (JsonNode q : root.path("queues")) {
                VirtualHost vh = broker.addVirtualHost(q.path("vhost").asText());
                vh.declareQueue(q.path("name").asText(), false, true, false, q.path("auto_delete").asBoolean(),
                        Lazy.JSON.convertValue(q.path("arguments"), Map.class), null);
            }
            for (JsonNode b : root.path("bindings")) {
                VirtualHost vh = broker.addVirtualHost(b.path("vhost").asText());
                Map<String, Object> args = Lazy.JSON.convertValue(b.path("arguments"), Map.class);
                if ("exchange".equals(b.path("destination_type").asText())) {
                    vh.bindExchange(b.path("destination").asText(), b.path("source").asText(),
                            b.path("routing_key").asText(), args);
                } else {
                    vh.bindQueue(b.path("destination").asText(), b.path("source").asText(),
                            b.path("routing_key").asText(), args, null);
                }
            }
        } catch (BrokerException e) {
            throw new IllegalStateException("definitions in " + file + " cannot be applied: " + e.getMessage(), e);
        }
        try {
            lastWritten = Files.readString(file);
        } catch (IOException e) {
            lastWritten = null;
        }
    }
}
