package dev.warren.broker.exchange;

import dev.warren.broker.Binding;
import dev.warren.broker.Destination;
import dev.warren.broker.Message;
import dev.warren.broker.RoutingResult;
import java.util.BitSet;
import java.util.IdentityHashMap;
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
        new Walk(words(message.routingKey()), result).match(root, 0);
    }

    /**
     * One message's walk through the trie. Below a {@code #} the same node can be reached at the same
     * word position in many ways - combinatorially many for bindings like "#.a.#.a.#" and a long key,
     * enough to stall the event loop - so from the first {@code #} on, each (node, position) is matched
     * once only. That keeps a walk within (trie nodes x key words) steps.
     */
    private static final class Walk {
        private final String[] words;
        private final RoutingResult result;
        private Map<Node, BitSet> seen;

        Walk(String[] words, RoutingResult result) {
            this.words = words;
            this.result = result;
        }

        void match(Node node, int i) {
            if (seen != null) {
                BitSet done = seen.computeIfAbsent(node, k -> new BitSet(words.length + 1));
                if (done.get(i)) {
                    return;
                }
                done.set(i);
            }
            Node hash = node.children.get("#");
            if (hash != null) {
                if (seen == null) {
                    seen = new IdentityHashMap<>();
                }
                for (int j = i; j <= words.length; j++) {
                    match(hash, j);
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
                match(exact, i + 1);
            }
            Node star = node.children.get("*");
            if (star != null) {
                match(star, i + 1);
            }
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
        if (anyBinding(b -> b.destination() == binding.destination()
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
