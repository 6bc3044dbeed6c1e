package dev.warren.amqp.features;

import static dev.warren.amqp.features.FeatureSupport.args;
import static dev.warren.testing.AmqpErrors.expectChannelError;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.warren.testing.AmqpTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queue arguments are validated as RabbitMQ validates them: a bad value is 406 PRECONDITION_FAILED with
 * {@code invalid arg 'KEY' for queue 'q' in vhost '/': REASON}; a redeclaration with different values of
 * the arguments RabbitMQ compares is 406 {@code inequivalent arg}.
 */
class QueueArgumentValidationTest extends AmqpTestBase {

    static java.util.stream.Stream<Arguments> invalidArguments() {
        return java.util.stream.Stream.of(
                Arguments.of("x-max-length", -1, "{value_negative,-1}"),
                Arguments.of("x-max-length", "ten", "{unacceptable_type,longstr}"),
                Arguments.of("x-max-length-bytes", -10L, "{value_negative,-10}"),
                Arguments.of("x-max-length-bytes", 1.5, "{unacceptable_type,double}"),
                Arguments.of("x-message-ttl", -1, "{value_negative,-1}"),
                Arguments.of("x-message-ttl", 4294967296L, "{value_too_large,4294967296}"),
                Arguments.of("x-message-ttl", "1000", "{unacceptable_type,longstr}"),
                Arguments.of("x-expires", 0, "{value_zero,0}"),
                Arguments.of("x-expires", -5, "{value_negative,-5}"),
                Arguments.of("x-expires", 4294967296L, "{value_too_large,4294967296}"),
                Arguments.of("x-max-priority", 256, "{max_value_exceeded,256}"),
                Arguments.of("x-max-priority", -1, "{value_negative,-1}"),
                Arguments.of("x-max-priority", true, "{unacceptable_type,bool}"),
                Arguments.of("x-overflow", "drop-tail", "invalid_overflow"),
                Arguments.of("x-overflow", 1, "{unacceptable_type,signedint}"),
                Arguments.of("x-dead-letter-exchange", 7, "{unacceptable_type,signedint}"),
                Arguments.of("x-single-active-consumer", "yes", "{unacceptable_type,longstr}"),
                Arguments.of("x-single-active-consumer", 1, "{unacceptable_type,signedint}"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidArguments")
    void invalidArgumentValueIs406WithRabbitMqsText(String key, Object value, String reason) throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("q", false, false, false, args(key, value)));
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - invalid arg '" + key + "' for queue 'q' in vhost '/': " + reason);
    }

    @Test
    void deadLetterRoutingKeyWithoutExchangeIs406() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("q", false, false, false, args("x-dead-letter-routing-key", "k")));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - invalid arg 'x-dead-letter-routing-key' "
                + "for queue 'q' in vhost '/': routing_key_but_no_dlx_defined");
    }

    @Test
    void invalidArgumentLeavesNoQueueBehind() throws Exception {
        Channel ch = openChannel();
        expectChannelError(406, () -> ch.queueDeclare("q", false, false, false, args("x-max-length", -1)));
        Channel again = ch.getConnection().createChannel();
        expectChannelError(404, () -> again.queueDeclarePassive("q"));
    }

    @Test
    void validArgumentsAndUnknownOnesAreAccepted() throws Exception {
        Channel ch = openChannel();
        Map<String, Object> all = args("x-message-ttl", 60_000, "x-expires", 600_000L,
                "x-dead-letter-exchange", "dlx", "x-dead-letter-routing-key", "dead", "x-max-length", 10,
                "x-max-length-bytes", 1_000_000, "x-overflow", "reject-publish-dlx", "x-max-priority", (byte) 10,
                "x-single-active-consumer", true, "x-queue-type", "classic", "x-message-deduplication", true,
                "x-some-plugin-argument", "ignored");
        assertThat(ch.queueDeclare("q", false, false, false, all).getQueue()).isEqualTo("q");
        assertThat(ch.queueDeclare("q", false, false, false, all).getQueue()).as("an identical redeclaration")
                .isEqualTo("q");
    }

    @Test
    void redeclaringWithAnotherMessageTtlIs406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-message-ttl", 1000));
        AMQP.Channel.Close close = expectChannelError(406, () ->
                ch.queueDeclare("q", false, false, false, args("x-message-ttl", 2000)));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for "
                + "queue 'q' in vhost '/': received the value '2000' of type 'signedint' but current is the value "
                + "'1000' of type 'signedint'");
    }

    @Test
    void redeclaringWithoutAnArgumentTheQueueHasIs406() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 5));
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("q", false, false, false, null));
        assertThat(close.getReplyText()).isEqualTo("PRECONDITION_FAILED - inequivalent arg 'x-max-length' for "
                + "queue 'q' in vhost '/': received none but current is the value '5' of type 'signedint'");
    }

    static java.util.stream.Stream<Arguments> comparedArguments() {
        return java.util.stream.Stream.of(
                Arguments.of("x-expires", 10_000, 20_000),
                Arguments.of("x-dead-letter-exchange", "a", "b"),
                Arguments.of("x-dead-letter-routing-key", "a", "b"),
                Arguments.of("x-max-length", 1, 2),
                Arguments.of("x-max-length-bytes", 100, 200),
                Arguments.of("x-overflow", "drop-head", "reject-publish"),
                Arguments.of("x-max-priority", 5, 10),
                Arguments.of("x-single-active-consumer", true, false));
    }

    @ParameterizedTest(name = "{0}: {1} then {2}")
    @MethodSource("comparedArguments")
    void redeclaringWithADifferentValueIs406(String key, Object first, Object second) throws Exception {
        Channel ch = openChannel();
        Map<String, Object> base = key.equals("x-dead-letter-routing-key")
                ? args("x-dead-letter-exchange", "dlx") : args();
        Map<String, Object> a = new java.util.LinkedHashMap<>(base);
        a.put(key, first);
        Map<String, Object> b = new java.util.LinkedHashMap<>(base);
        b.put(key, second);
        ch.queueDeclare("q", false, false, false, a);
        AMQP.Channel.Close close = expectChannelError(406, () -> ch.queueDeclare("q", false, false, false, b));
        assertThat(close.getReplyText()).startsWith("PRECONDITION_FAILED - inequivalent arg '" + key + "'");
    }

    @Test
    void passiveDeclareIgnoresArguments() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, args("x-max-length", 5));
        assertThat(ch.queueDeclarePassive("q").getQueue()).isEqualTo("q");
    }
}
