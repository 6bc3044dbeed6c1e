package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes by pattern: binding keys are dot-separated words where {@code *} matches exactly one word and
 * {@code #} matches zero or more. Bindings live in a trie of words, so routing costs depend on the
 * routing key's length, not on the number of bindings.
 */
public final class TopicExchange extends Exchange {
    private static final String[] NO_WORDS = new String[0];

    private final Node root = new Node();

    public TopicExchange(String vhost, String name, boolean durable, boolean autoDelete, boolean internal,
                         Map<String, Object> arguments) {
        super(vhost, name, durable, autoDelete, internal, arguments);
    }

    @Override
    public String type() {
        return "topic";
    }

    /** Splits a key into words as RabbitMQ does: "" is no words, "a..b" is a, "", b. */
    static String[] words(String key) {
        return key.isEmpty() ? NO_WORDS : key.split("\\.", -1);
    }

    @Override
    public void route(Message message, RoutingResult result) {
        match(root, words(message.routingKey()), 0, result);
    }

    private static void match(Node node, String[] words, int i, RoutingResult result) {
        Node hash = node.children.get("#");
        if (hash != null) {
            for (int j = i; j <= words.length; j++) {
                match(hash, words, j, result);
            }
        }
        if (i == words.length) {
            for (Destination d : node.destinations) {
                result.add(d);
            }
            return;
        }
        Node exact = node.children.get(words[i]);
        if (exact != null) {
            match(exact, words, i + 1, result);
        }
        Node star = node.children.get("*");
        if (star != null) {
            match(star, words, i + 1, result);
        }
    }

    @Override
    protected void indexBinding(Binding binding) {
        Node node = root;
        for (String w : words(binding.routingKey())) {
            node = node.children.computeIfAbsent(w, k -> new Node());
        }
        node.destinations = Destinations.with(node.destinations, binding.destination());
    }

    @Override
    protected void unindexBinding(Binding binding) {
        if (bindings().stream().anyMatch(b -> b.destination() == binding.destination()
                && b.routingKey().equals(binding.routingKey()))) {
            return;
        }
        remove(root, words(binding.routingKey()), 0, binding.destination());
    }

    /** Removes the destination and prunes nodes left empty; returns true when {@code node} is empty. */
    private static boolean remove(Node node, String[] words, int i, Destination d) {
        if (i == words.length) {
            Destination[] left = Destinations.without(node.destinations, d);
            node.destinations = left == null ? Destinations.NONE : left;
        } else {
            Node child = node.children.get(words[i]);
            if (child != null && remove(child, words, i + 1, d)) {
                node.children.remove(words[i]);
            }
        }
        return node.destinations.length == 0 && node.children.isEmpty();
    }

    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>();
        volatile Destination[] destinations = Destinations.NONE;
    }
}
