package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RoutingTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Topic exchanges match dot-separated words: {@code *} is exactly one word, {@code #} zero or more.
 * As in RabbitMQ, "" is zero words and "a..b" is the three words a, "", b.
 */
class TopicExchangeTest extends RoutingTestBase {
    /** Binding patterns, each bound to its own queue. */
    private static final String[] PATTERNS = {
        "", "#", "*", "a", "a.b", "*.b", "a.*", "a.#", "#.a", "#.b", "#.a.#", "*.#", "#.*", "a.*.c", "a.#.c",
        "#.#", "*.*", "a..b", "*.*.*", "#.b.#.d", "a.#.#", "*.a.*",
    };

    private final Map<String, String> queueOf = new LinkedHashMap<>();

    @BeforeEach
    void bindEveryPattern() throws Exception {
        ch.exchangeDeclare("t", "topic");
        for (int i = 0; i < PATTERNS.length; i++) {
            String q = "p" + i;
            queueBound(q, "t", PATTERNS[i]);
            queueOf.put(q, PATTERNS[i]);
        }
    }

    /** Which patterns the routing key reaches. */
    private Set<String> patternsMatching(String routingKey) throws Exception {
        Set<String> queues = route("t", routingKey, queueOf.keySet().toArray(new String[0]));
        Set<String> patterns = new TreeSet<>();
        for (String q : queues) {
            patterns.add(queueOf.get(q));
        }
        return patterns;
    }

    private static Set<String> set(String spaceSeparated) {
        Set<String> s = new TreeSet<>();
        for (String p : spaceSeparated.split(" ")) {
            if (!p.isEmpty()) {
                s.add(p.equals("''") ? "" : p);
            }
        }
        return s;
    }

    @ParameterizedTest(name = "routing key \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // routing key | matching patterns ('' is the empty pattern)
        "          | '' # #.# ",
        "a         | # * a a.# #.a #.a.# *.# #.* #.# a.#.#",
        "b         | # * #.b *.# #.* #.#",
        "a.b       | # a.b *.b a.* a.# #.b #.a.# *.# #.* #.# *.* a.#.#",
        "a.c       | # a.* a.# #.a.# *.# #.* a.#.c #.# *.* a.#.#",
        "a.b.c     | # a.# #.a.# *.# #.* a.*.c a.#.c #.# *.*.* a.#.#",
        "a.b.b.c   | # a.# #.a.# *.# #.* a.#.c #.# a.#.#",
        "a..c      | # a.# #.a.# *.# #.* a.*.c a.#.c #.# *.*.* a.#.#",
        "a..b      | # a.# #.b #.a.# *.# #.* #.# a..b *.*.* a.#.#",
        "x.a       | # #.a #.a.# *.# #.* #.# *.*",
        "x.a.y     | # #.a.# *.# #.* #.# *.*.* *.a.*",
        "b.d       | # *.# #.* #.# *.* #.b.#.d",
        "x.b.y.z.d | # *.# #.* #.# #.b.#.d",
        "b.d.e     | # *.# #.* #.# *.*.*",
        "a.        | # a.* a.# #.a.# *.# #.* #.# *.* a.#.#",
        ".         | # *.# #.* #.# *.*",
        ".a        | # #.a #.a.# *.# #.* #.# *.*",
        "A         | # * *.# #.* #.#",
        "a.b.c.d.e | # a.# #.a.# *.# #.* #.# a.#.#",
    })
    void routesExactlyAsRabbitMqMatchesTopics(String routingKey, String expected) throws Exception {
        assertThat(patternsMatching(routingKey == null ? "" : routingKey)).isEqualTo(set(expected));
    }

    @Test
    void hashAloneMatchesEverythingIncludingTheEmptyKey() throws Exception {
        for (String key : new String[] {"", "a", "a.b.c", "..", "#", "*"}) {
            assertThat(patternsMatching(key)).as(key).contains("#", "#.#");
        }
    }

    @Test
    void wildcardCharactersInTheRoutingKeyAreOrdinaryCharacters() throws Exception {
        // A message published with key "*" is just the one-word key "*".
        assertThat(patternsMatching("*")).isEqualTo(set("# * *.# #.* #.#"));
        assertThat(patternsMatching("a.*")).isEqualTo(set("# a.* a.# #.a.# *.# #.* #.# *.* a.#.#"));
    }

    @Test
    void wildcardsInsideAWordAreLiteral() throws Exception {
        queueBound("lit", "t", "a*.b#");
        assertThat(route("t", "a*.b#", "lit")).containsExactly("lit");
        assertThat(route("t", "ax.by", "lit")).isEmpty();
        assertThat(route("t", "a.b", "lit")).isEmpty();
    }

    @Test
    void queueMatchingSeveralOfItsPatternsGetsOneCopy() throws Exception {
        queueBound("multi", "t", "a.*");
        ch.queueBind("multi", "t", "*.b");
        ch.queueBind("multi", "t", "#");
        ch.queueBind("multi", "t", "a.b");
        assertThat(route("t", "a.b", "multi")).containsExactly("multi"); // route() fails on duplicates
    }

    @Test
    void unbindingOnePatternKeepsTheQueuesOtherPatterns() throws Exception {
        queueBound("q", "t", "a.#");
        ch.queueBind("q", "t", "a.b");
        ch.queueBind("q", "t", "a.b.c");
        ch.queueUnbind("q", "t", "a.#");
        assertThat(route("t", "a.b", "q")).containsExactly("q");
        assertThat(route("t", "a.b.c", "q")).containsExactly("q");
        assertThat(route("t", "a.x", "q")).isEmpty();
        ch.queueUnbind("q", "t", "a.b");
        assertThat(route("t", "a.b", "q")).isEmpty();
        assertThat(route("t", "a.b.c", "q")).containsExactly("q");
        ch.queueUnbind("q", "t", "a.b.c");
        assertThat(route("t", "a.b.c", "q")).isEmpty();
    }

    @Test
    void samePatternForTwoQueuesSurvivesUnbindingOne() throws Exception {
        queueBound("one", "t", "x.*");
        queueBound("two", "t", "x.*");
        ch.queueUnbind("one", "t", "x.*");
        assertThat(route("t", "x.y", "one", "two")).containsExactly("two");
    }

    @Test
    void predeclaredAmqTopicMatchesPatterns() throws Exception {
        queueBound("q", "amq.topic", "stock.*.nyse");
        assertThat(route("amq.topic", "stock.ibm.nyse", "q")).containsExactly("q");
        assertThat(route("amq.topic", "stock.ibm.lse", "q")).isEmpty();
    }

    @Test
    void routingStaysExactWhileOtherBindingsOnTheSamePathsChange() throws Exception {
        queueBound("stable", "t", "stable.#");
        queue("churn");
        com.rabbitmq.client.Channel publisher = ch.getConnection().createChannel();
        publisher.confirmSelect();
        int messages = 2_000;
        Thread churn = new Thread(() -> {
            try {
                com.rabbitmq.client.Channel c = ch.getConnection().createChannel();
                for (int i = 0; i < 100; i++) {
                    for (String p : new String[] {"stable.k", "stable.*", "*.k", "stable.k.#", "#"}) {
                        c.queueBind("churn", "t", p);
                    }
                    for (String p : new String[] {"stable.k", "stable.*", "*.k", "stable.k.#", "#"}) {
                        c.queueUnbind("churn", "t", p);
                    }
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        churn.start();
        for (int i = 0; i < messages; i++) {
            publisher.basicPublish("t", "stable.k", null, new byte[] {1});
        }
        publisher.waitForConfirmsOrDie(30_000);
        churn.join(30_000);
        assertThat(churn.isAlive()).isFalse();
        assertThat(ch.queueDeclarePassive("stable").getMessageCount()).isEqualTo(messages);
        // Every binding of "churn" is gone again, and so are the trie paths only it used.
        ch.queuePurge("churn");
        assertThat(route("t", "stable.k", "churn")).isEmpty();
        assertThat(route("t", "other.k", "churn")).isEmpty();
    }

    @Test
    void patternsWithManyHashesRouteLongKeysQuickly() throws Exception {
        // Naive backtracking tries every way to split the key among the '#'s: for these patterns and a
        // 127-word key that is billions of steps, blocking the connection's event loop.
        queueBound("hashes", "t", "#.#.#.#.#.#.#.#");
        queueBound("alternating", "t", "#.a.#.a.#.a.#.a.#.b");
        String key = String.join(".", java.util.Collections.nCopies(127, "a"));
        com.rabbitmq.client.Channel publisher = ch.getConnection().createChannel();
        publisher.confirmSelect();
        long start = System.nanoTime();
        publisher.basicPublish("t", key, null, new byte[] {1});
        publisher.waitForConfirmsOrDie(10_000);
        assertThat(System.nanoTime() - start).isLessThan(java.time.Duration.ofSeconds(2).toNanos());
        assertThat(drain("hashes")).isEqualTo(1);
        assertThat(drain("alternating")).isZero();
    }

    @Test
    void randomPatternsAndKeysMatchLikeTheReferenceDefinition() throws Exception {
        Random random = new Random(20261125);
        String[] words = {"a", "b", "", "*", "#"};
        String[] keyWords = {"a", "b", ""};
        Map<String, String> randomQueues = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String pattern = randomKey(random, words, 4);
            randomQueues.put(queueBound("r" + i, "t", pattern), pattern);
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String key = randomKey(random, keyWords, 5);
            Set<String> got = route("t", key, randomQueues.keySet().toArray(new String[0]));
            for (Map.Entry<String, String> e : randomQueues.entrySet()) {
                boolean expected = topicMatches(e.getValue(), key);
                if (expected != got.contains(e.getKey())) {
                    failures.add("pattern '" + e.getValue() + "' key '" + key + "' expected " + expected);
                }
            }
            // the fixed patterns bound before were routed too; empty them
            for (String q : queueOf.keySet()) {
                drain(q);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static String randomKey(Random random, String[] words, int maxWords) {
        int n = random.nextInt(maxWords + 1);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(words[random.nextInt(words.length)]);
        }
        return String.join(".", parts);
    }

    /** The reference: split on dots ("" is no words), then * = one word, # = any number of words. */
    static boolean topicMatches(String pattern, String key) {
        String[] p = pattern.isEmpty() ? new String[0] : pattern.split("\\.", -1);
        String[] k = key.isEmpty() ? new String[0] : key.split("\\.", -1);
        return matches(p, 0, k, 0);
    }

    private static boolean matches(String[] p, int i, String[] k, int j) {
        if (i == p.length) {
            return j == k.length;
        }
        if (p[i].equals("#")) {
            for (int skip = j; skip <= k.length; skip++) {
                if (matches(p, i + 1, k, skip)) {
                    return true;
                }
            }
            return false;
        }
        return j < k.length && (p[i].equals("*") || p[i].equals(k[j])) && matches(p, i + 1, k, j + 1);
    }
}
