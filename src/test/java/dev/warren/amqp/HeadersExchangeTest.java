package dev.warren.amqp;

import static dev.warren.testing.AmqpAssertions.assertUsable;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.warren.testing.RoutingTestBase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Headers exchanges match message headers against binding arguments: {@code x-match} all (default) or
 * any; arguments starting with {@code x-} are ignored unless x-match is all-with-x or any-with-x; an
 * argument without a value (void) matches on the header's presence. The routing key is ignored.
 */
class HeadersExchangeTest extends RoutingTestBase {
    @BeforeEach
    void declareExchange() throws Exception {
        ch.exchangeDeclare("h", "headers");
    }

    /** A map that may hold nulls (void field values), from alternating keys and values. */
    private static Map<String, Object> table(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private boolean reaches(String queue, AMQP.BasicProperties props) throws Exception {
        return route("h", "ignored", props, queue).contains(queue);
    }

    private boolean reaches(String queue, Map<String, Object> headers) throws Exception {
        return reaches(queue, headers(headers));
    }

    @Test
    void allRequiresEveryArgumentToBePresentWithTheSameValue() throws Exception {
        queueBound("q", "h", "", table("x-match", "all", "format", "pdf", "type", "report"));
        assertThat(reaches("q", table("format", "pdf", "type", "report"))).isTrue();
        assertThat(reaches("q", table("format", "pdf", "type", "report", "extra", 1))).isTrue();
        assertThat(reaches("q", table("format", "pdf"))).isFalse();
        assertThat(reaches("q", table("format", "pdf", "type", "log"))).isFalse();
        assertThat(reaches("q", table())).isFalse();
        assertThat(reaches("q", (AMQP.BasicProperties) null)).as("message without headers").isFalse();
    }

    @Test
    void allIsTheDefaultWhenXMatchIsMissing() throws Exception {
        queueBound("q", "h", "", table("format", "pdf", "type", "report"));
        assertThat(reaches("q", table("format", "pdf", "type", "report"))).isTrue();
        assertThat(reaches("q", table("format", "pdf"))).isFalse();
    }

    @Test
    void anyRequiresOneArgumentToBePresentWithTheSameValue() throws Exception {
        queueBound("q", "h", "", table("x-match", "any", "format", "pdf", "type", "report"));
        assertThat(reaches("q", table("format", "pdf"))).isTrue();
        assertThat(reaches("q", table("type", "report", "other", "x"))).isTrue();
        assertThat(reaches("q", table("format", "zip", "type", "log"))).isFalse();
        assertThat(reaches("q", table("other", "x"))).isFalse();
        assertThat(reaches("q", (AMQP.BasicProperties) null)).isFalse();
    }

    @Test
    void bindingWithoutArgumentsMatchesEverythingWithAllAndNothingWithAny() throws Exception {
        queueBound("all", "h", "", table("x-match", "all"));
        queueBound("any", "h", "", table("x-match", "any"));
        queueBound("none", "h", "", null);
        assertThat(route("h", "", headers(table("a", 1)), "all", "any", "none")).containsExactly("all", "none");
        assertThat(route("h", "", (AMQP.BasicProperties) null, "all", "any", "none")).containsExactly("all", "none");
    }

    @Test
    void xPrefixedArgumentsAreIgnoredByAllAndAny() throws Exception {
        queueBound("all", "h", "", table("x-match", "all", "x-tenant", "acme", "a", 1));
        queueBound("any", "h", "", table("x-match", "any", "x-tenant", "acme"));
        assertThat(route("h", "", headers(table("a", 1)), "all", "any")).containsExactly("all");
        assertThat(route("h", "", headers(table("a", 1, "x-tenant", "acme")), "all", "any")).containsExactly("all");
    }

    @Test
    void allWithXAlsoComparesXPrefixedArguments() throws Exception {
        queueBound("q", "h", "", table("x-match", "all-with-x", "x-tenant", "acme", "a", 1));
        assertThat(reaches("q", table("a", 1, "x-tenant", "acme"))).isTrue();
        assertThat(reaches("q", table("a", 1))).isFalse();
        assertThat(reaches("q", table("a", 1, "x-tenant", "other"))).isFalse();
    }

    @Test
    void anyWithXAlsoComparesXPrefixedArguments() throws Exception {
        queueBound("q", "h", "", table("x-match", "any-with-x", "x-tenant", "acme", "a", 1));
        assertThat(reaches("q", table("x-tenant", "acme"))).isTrue();
        assertThat(reaches("q", table("a", 1))).isTrue();
        assertThat(reaches("q", table("x-tenant", "other", "a", 2))).isFalse();
    }

    @Test
    void voidArgumentMatchesOnPresenceOfTheHeaderWhateverItsValue() throws Exception {
        queueBound("all", "h", "", table("x-match", "all", "flag", null, "a", 1));
        queueBound("any", "h", "", table("x-match", "any", "flag", null));
        assertThat(route("h", "", headers(table("flag", "anything", "a", 1)), "all", "any"))
                .containsExactly("all", "any");
        assertThat(route("h", "", headers(table("flag", 42)), "all", "any")).containsExactly("any");
        assertThat(route("h", "", headers(table("flag", null, "a", 1)), "all", "any")).containsExactly("all", "any");
        assertThat(route("h", "", headers(table("a", 1)), "all", "any")).isEmpty();
    }

    @Test
    void voidHeaderDoesNotMatchAnArgumentWithAValue() throws Exception {
        queueBound("q", "h", "", table("a", 1));
        assertThat(reaches("q", table("a", null))).isFalse();
    }

    @Test
    void integersOfDifferentWidthsCompareByValue() throws Exception {
        queueBound("q", "h", "", table("n", 7));
        assertThat(reaches("q", table("n", 7L))).isTrue();
        assertThat(reaches("q", table("n", (short) 7))).isTrue();
        assertThat(reaches("q", table("n", (byte) 7))).isTrue();
        assertThat(reaches("q", table("n", 8L))).isFalse();
        assertThat(reaches("q", table("n", "7"))).as("a string is not a number").isFalse();
    }

    @Test
    void booleanAndStringValuesCompareByValue() throws Exception {
        queueBound("q", "h", "", table("urgent", true, "kind", "order"));
        assertThat(reaches("q", table("urgent", true, "kind", "order"))).isTrue();
        assertThat(reaches("q", table("urgent", false, "kind", "order"))).isFalse();
        assertThat(reaches("q", table("urgent", true, "kind", "Order"))).isFalse();
    }

    @Test
    void routingKeyIsIgnored() throws Exception {
        queueBound("q", "h", "some-key", table("a", 1));
        assertThat(route("h", "other-key", headers(table("a", 1)), "q")).containsExactly("q");
    }

    @Test
    void eachMatchingBindingOfAQueueStillYieldsOneCopy() throws Exception {
        queueBound("q", "h", "", table("a", 1));
        ch.queueBind("q", "h", "", table("b", 2));
        assertThat(route("h", "", headers(table("a", 1, "b", 2)), "q")).containsExactly("q");
    }

    @Test
    void unbindingNeedsTheSameArguments() throws Exception {
        queueBound("q", "h", "", table("a", 1));
        ch.queueUnbind("q", "h", "", table("a", 2)); // no such binding: nothing happens
        assertThat(reaches("q", table("a", 1))).isTrue();
        ch.queueUnbind("q", "h", "", table("a", 1));
        assertThat(reaches("q", table("a", 1))).isFalse();
    }

    @Test
    void invalidXMatchIsPreconditionFailed() throws Exception {
        queue("q");
        AMQP.Channel.Close close = expectChannelError(406,
                () -> ch.queueBind("q", "h", "", table("x-match", "some")));
        assertThat(close.getReplyText()).contains("x-match");
        Channel ch2 = ch.getConnection().createChannel();
        assertThat(warren.broker().virtualHost("/").exchange("h").bindings()).isEmpty();
        expectChannelError(406, () -> ch2.queueBind("q", "h", "", table("x-match", 1)));
        assertUsable(ch.getConnection());
    }

    @Test
    void predeclaredAmqHeadersAndAmqMatchAreHeadersExchanges() throws Exception {
        queueBound("q1", "amq.headers", "", table("a", 1));
        queueBound("q2", "amq.match", "", table("x-match", "any", "a", 1, "b", 2));
        assertThat(route("amq.headers", "", headers(table("a", 1)), "q1")).containsExactly("q1");
        assertThat(route("amq.match", "", headers(table("b", 2)), "q2")).containsExactly("q2");
        assertThat(route("amq.headers", "", headers(table("a", 2)), "q1")).isEmpty();
    }
}
