package dev.warren.amqp;

import static dev.warren.testing.AmqpErrors.awaitChannelClosed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import dev.warren.Warren;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import dev.warren.testing.RecordingConsumer.Delivery;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Message bodies and all basic properties arrive exactly as published, whatever their size. */
class MessageContentTest extends AmqpTestBase {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBody(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Field-table values as amqp-client decodes them: strings as LongString, byte arrays as byte[]. */
    private static Object normalise(Object v) {
        if (v instanceof LongString ls) {
            return ls.toString();
        }
        if (v instanceof byte[] b) {
            return "bytes" + Arrays.toString(b);
        }
        if (v instanceof Object[] array) {
            return normalise(Arrays.asList(array));
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>();
            m.forEach((k, val) -> out.put(k, normalise(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalise(x)));
            return out;
        }
        return v;
    }

    private static Map<String, Object> everyFieldType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("inner-string", "deep");
        nested.put("inner-int", -7);
        nested.put("inner-table", Map.of("deeper", true));
        List<Object> list = new ArrayList<>();
        list.add("s");
        list.add(1);
        list.add(2L);
        list.add(false);
        list.add(Map.of("in-array", 1.5d));
        list.add(List.of("nested", "list"));
        list.add(null);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("string", "hello wörld ✓");
        h.put("empty-string", "");
        h.put("int", 42);
        h.put("negative-int", Integer.MIN_VALUE);
        h.put("long", Long.MAX_VALUE);
        h.put("true", true);
        h.put("false", false);
        h.put("double", 3.141592653589793d);
        h.put("float", 2.5f);
        h.put("byte", (byte) -3);
        h.put("short", (short) 1234);
        h.put("decimal", new BigDecimal("123.4567"));
        h.put("date", new Date(1_700_000_000_000L));
        h.put("bytes", new byte[] {0, 1, 2, (byte) 0xff});
        h.put("table", nested);
        h.put("list", list);
        h.put("object-array", new Object[] {"a", 1});
        h.put("null", null);
        return h;
    }

    private static AMQP.BasicProperties allProperties() {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json; charset=utf-8")
                .contentEncoding("gzip")
                .headers(everyFieldType())
                .deliveryMode(2)
                .priority(7)
                .correlationId("corr-123")
                .replyTo("amq.gen-reply")
                .expiration("600000")
                .messageId("msg-1")
                .timestamp(new Date(1_700_000_000_000L))
                .type("order.created")
                .userId("guest")
                .appId("warren-tests")
                .build();
    }

    private static void assertSameProperties(AMQP.BasicProperties got, AMQP.BasicProperties sent) {
        assertThat(got.getContentType()).isEqualTo(sent.getContentType());
        assertThat(got.getContentEncoding()).isEqualTo(sent.getContentEncoding());
        assertThat(got.getDeliveryMode()).isEqualTo(sent.getDeliveryMode());
        assertThat(got.getPriority()).isEqualTo(sent.getPriority());
        assertThat(got.getCorrelationId()).isEqualTo(sent.getCorrelationId());
        assertThat(got.getReplyTo()).isEqualTo(sent.getReplyTo());
        assertThat(got.getExpiration()).isEqualTo(sent.getExpiration());
        assertThat(got.getMessageId()).isEqualTo(sent.getMessageId());
        assertThat(got.getTimestamp()).isEqualTo(sent.getTimestamp());
        assertThat(got.getType()).isEqualTo(sent.getType());
        assertThat(got.getUserId()).isEqualTo(sent.getUserId());
        assertThat(got.getAppId()).isEqualTo(sent.getAppId());
        assertThat(got.getClusterId()).isEqualTo(sent.getClusterId());
        assertThat(normalise(got.getHeaders())).isEqualTo(normalise(sent.getHeaders()));
    }

    @Test
    void everyBasicPropertyRoundTripsToAConsumer() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("props", false, false, false, null);
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("props", true, c);
        AMQP.BasicProperties sent = allProperties();
        ch.basicPublish("", "props", sent, bytes("{\"id\":1}"));
        Delivery d = c.next();
        assertThat(d.body()).isEqualTo("{\"id\":1}");
        assertSameProperties(d.properties(), sent);
        Map<String, Object> h = d.properties().getHeaders();
        // Spot-check the decoded Java types, not just their text.
        assertThat(h.get("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(h.get("float")).isEqualTo(2.5f);
        assertThat(h.get("decimal")).isEqualTo(new BigDecimal("123.4567"));
        assertThat(h.get("bytes")).isEqualTo(new byte[] {0, 1, 2, (byte) 0xff});
        assertThat(h).containsKey("null");
        assertThat(h.get("null")).isNull();
    }

    @Test
    void everyBasicPropertyRoundTripsThroughBasicGet() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("props", false, false, false, null);
        AMQP.BasicProperties sent = allProperties();
        ch.basicPublish("", "props", sent, bytes("body"));
        GetResponse r = ch.basicGet("props", true);
        assertThat(r.getBody()).isEqualTo(bytes("body"));
        assertSameProperties(r.getProps(), sent);
    }

    @Test
    void propertiesAreIdenticalInEveryQueueAMessageIsRoutedTo() throws Exception {
        Channel ch = openChannel();
        ch.exchangeDeclare("fan", "fanout");
        for (String q : List.of("a", "b")) {
            ch.queueDeclare(q, false, false, false, null);
            ch.queueBind(q, "fan", "");
        }
        AMQP.BasicProperties sent = allProperties();
        ch.basicPublish("fan", "rk", sent, bytes("both"));
        for (String q : List.of("a", "b")) {
            GetResponse r = ch.basicGet(q, true);
            assertThat(r.getEnvelope().getExchange()).isEqualTo("fan");
            assertThat(r.getEnvelope().getRoutingKey()).isEqualTo("rk");
            assertThat(r.getBody()).isEqualTo(bytes("both"));
            assertSameProperties(r.getProps(), sent);
        }
    }

    @Test
    void messageWithoutPropertiesHasNoneWhenDelivered() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("bare", false, false, false, null);
        ch.basicPublish("", "bare", null, bytes("x"));
        AMQP.BasicProperties p = ch.basicGet("bare", true).getProps();
        assertThat(p.getContentType()).isNull();
        assertThat(p.getHeaders()).isNull();
        assertThat(p.getDeliveryMode()).isNull();
        assertThat(p.getTimestamp()).isNull();
        assertThat(p.getUserId()).isNull();
    }

    @Test
    void emptyBodiesAreDelivered() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("empty", false, false, false, null);
        ch.basicPublish("", "empty", new AMQP.BasicProperties.Builder().messageId("e1").build(), new byte[0]);
        ch.basicPublish("", "empty", new AMQP.BasicProperties.Builder().messageId("e2").build(), new byte[0]);
        GetResponse viaGet = ch.basicGet("empty", true);
        assertThat(viaGet.getBody()).isEmpty();
        assertThat(viaGet.getProps().getMessageId()).isEqualTo("e1");
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("empty", true, c);
        Delivery d = c.next();
        assertThat(d.bytes()).isEmpty();
        assertThat(d.properties().getMessageId()).isEqualTo("e2");
    }

    @Test
    void userIdMatchingTheLoggedInUserIsAccepted() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        ch.basicPublish("", "q", new AMQP.BasicProperties.Builder().userId("guest").build(), bytes("x"));
        assertThat(ch.basicGet("q", true).getProps().getUserId()).isEqualTo("guest");
    }

    @Test
    void userIdOfAnotherUserIsPreconditionFailed() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("q", false, false, false, null);
        Connection bystander = connect();
        ch.basicPublish("", "q", new AMQP.BasicProperties.Builder().userId("mallory").build(), bytes("x"));
        AMQP.Channel.Close close = awaitChannelClosed(ch, 406);
        assertThat(close.getReplyText()).isEqualTo(
                "PRECONDITION_FAILED - user_id property set to 'mallory' but authenticated user was 'guest'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertThat(bystander.isOpen()).isTrue();
        assertThat(ch.getConnection().createChannel().queueDeclarePassive("q").getMessageCount())
                .as("the message was not enqueued").isZero();
    }

    @Test
    void sixteenMebibyteBodySpansManyFramesAndArrivesIntact() throws Exception {
        byte[] body = randomBody(16 * 1024 * 1024, 16);
        String hash = sha256(body);
        Channel pub = openChannel();
        pub.queueDeclare("big", false, false, false, null);
        pub.basicPublish("", "big", null, body);
        pub.basicPublish("", "big", null, body);
        GetResponse r = pub.basicGet("big", true);
        assertThat(r.getBody()).hasSize(body.length);
        assertThat(sha256(r.getBody())).isEqualTo(hash);
        Channel ch = openChannel();
        RecordingConsumer c = new RecordingConsumer(ch);
        ch.basicConsume("big", true, c);
        Delivery d = c.next();
        assertThat(d.bytes()).hasSize(body.length);
        assertThat(sha256(d.bytes())).isEqualTo(hash);
    }

    @Test
    void bodiesOfEverySizeAroundTheFrameBoundaryArriveIntact() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("sizes", false, false, false, null);
        int frameMax = ch.getConnection().getFrameMax();
        int[] sizes = {1, frameMax - 9, frameMax - 8, frameMax - 7, frameMax, frameMax + 1, 2 * (frameMax - 8),
                2 * (frameMax - 8) + 1};
        for (int size : sizes) {
            ch.basicPublish("", "sizes", null, randomBody(size, size));
        }
        for (int size : sizes) {
            GetResponse r = ch.basicGet("sizes", true);
            assertThat(r.getBody()).as("body of %d bytes", size).isEqualTo(randomBody(size, size));
        }
    }

    @Test
    void smallNegotiatedFrameMaxStillCarriesLargeBodies() throws Exception {
        try (Warren small = Warren.builder()
                .bindAddress("127.0.0.1")
                .amqpPort(0)
                .respPort(WarrenConfig.OFF)
                .httpPort(WarrenConfig.OFF)
                .ioThreads(1)
                .frameMax(4096)
                .start()) {
            ConnectionFactory f = new ConnectionFactory();
            f.setHost("127.0.0.1");
            f.setPort(small.amqpPort());
            f.setAutomaticRecoveryEnabled(false);
            try (Connection conn = f.newConnection()) {
                assertThat(conn.getFrameMax()).isEqualTo(4096);
                Channel ch = conn.createChannel();
                ch.queueDeclare("big", false, false, false, null);
                byte[] body = randomBody(1024 * 1024 + 17, 4096);
                AMQP.BasicProperties props = allProperties();
                ch.basicPublish("", "big", props, body);
                GetResponse r = ch.basicGet("big", true);
                assertThat(sha256(r.getBody())).isEqualTo(sha256(body));
                assertSameProperties(r.getProps(), props);
                ch.basicPublish("", "big", null, body);
                RecordingConsumer c = new RecordingConsumer(ch);
                ch.basicConsume("big", true, c);
                assertThat(sha256(c.next().bytes())).isEqualTo(sha256(body));
            }
        }
    }
}
