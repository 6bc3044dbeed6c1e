package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.AMQP;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManagementQueuesTest extends ManagementTestBase {

    @Test
    void queueShowsDepthConsumersAndMessageStats() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("work", true, false, false, Map.of("x-max-length", 100));
        for (int i = 0; i < 5; i++) {
            ch.basicPublish("", "work", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        ch.basicQos(2);
        LinkedBlockingQueue<Long> tags = new LinkedBlockingQueue<>();
        ch.basicConsume("work", false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body) {
                tags.add(env.getDeliveryTag());
            }
        });
        long first = tags.poll(5, TimeUnit.SECONDS);
        ch.basicAck(first, false);
        waitUntil("queue shows 1 acked, 2 unacked, 2 ready", () -> {
            JsonNode q = getJson("/api/queues/%2F/work");
            return q.get("message_stats").get("ack").asLong() == 1 && q.get("messages_unacknowledged").asInt() == 2
                    && q.get("messages_ready").asInt() == 2;
        });
        JsonNode q = getJson("/api/queues/%2F/work");
        assertThat(q.get("name").asText()).isEqualTo("work");
        assertThat(q.get("vhost").asText()).isEqualTo("/");
        assertThat(q.get("durable").asBoolean()).isTrue();
        assertThat(q.get("auto_delete").asBoolean()).isFalse();
        assertThat(q.get("exclusive").asBoolean()).isFalse();
        assertThat(q.get("arguments").get("x-max-length").asInt()).isEqualTo(100);
        assertThat(q.get("messages").asInt()).isEqualTo(4);
        assertThat(q.get("consumers").asInt()).isEqualTo(1);
        assertThat(q.get("memory").asLong()).isPositive();
        JsonNode stats = q.get("message_stats");
        assertThat(stats.get("publish").asLong()).isEqualTo(5);
        assertThat(stats.get("deliver").asLong()).isEqualTo(3);
        assertThat(stats.get("deliver_get").asLong()).isEqualTo(3);
        assertThat(stats.get("publish_details").has("rate")).isTrue();
        waitUntil("publish rate is visible", () ->
                getJson("/api/queues/%2F/work").get("message_stats").get("publish_details").get("rate").asDouble() > 0);
        JsonNode list = getJson("/api/queues");
        assertThat(find(list, "name", "work")).isNotNull();
        assertThat(getJson("/api/queues/%2F")).hasSize(list.size());
    }

    @Test
    void putCreatesQueueThenIsIdempotentAndInequivalentIs400() {
        HttpResponse<String> created = call("PUT", "/api/queues/%2F/orders",
                "{\"durable\":true,\"auto_delete\":false,\"arguments\":{\"x-message-ttl\":1000}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/api/queues/%2F/orders",
                "{\"durable\":true,\"arguments\":{\"x-message-ttl\":1000}}").statusCode()).isEqualTo(204);
        HttpResponse<String> bad = call("PUT", "/api/queues/%2F/orders", "{\"durable\":false}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("error").asText()).isEqualTo("bad_request");
        assertThat(json(bad).get("reason").asText())
                .startsWith("406 PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'orders' in vhost '/'");
        assertThat(warren.broker().virtualHost("/").queue("orders").durable()).isTrue();
        assertThat(call("PUT", "/api/queues/%2F/x", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void deleteRemovesQueueAndMissingQueueIs404() {
        call("PUT", "/api/queues/%2F/gone", "{}");
        assertThat(call("DELETE", "/api/queues/%2F/gone", null).statusCode()).isEqualTo(204);
        assertThat(warren.broker().virtualHost("/").queue("gone")).isNull();
        assertThat(call("DELETE", "/api/queues/%2F/gone", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/queues/%2F/gone").statusCode()).isEqualTo(404);
    }

    @Test
    void deleteIfEmptyRefusesNonEmptyQueue() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("full", false, false, false, null);
        ch.basicPublish("", "full", null, "x".getBytes(StandardCharsets.UTF_8));
        waitUntil("message queued", () -> warren.broker().virtualHost("/").queue("full").messageCount() == 1);
        assertThat(call("DELETE", "/api/queues/%2F/full?if-empty=true", null).statusCode()).isEqualTo(400);
    }

    @Test
    void deletingContentsPurgesReadyMessages() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("purge-me", false, false, false, null);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "purge-me", null, "x".getBytes(StandardCharsets.UTF_8));
        }
        waitUntil("3 queued", () -> warren.broker().virtualHost("/").queue("purge-me").messageCount() == 3);
        assertThat(call("DELETE", "/api/queues/%2F/purge-me/contents", null).statusCode()).isEqualTo(204);
        assertThat(getJson("/api/queues/%2F/purge-me").get("messages").asInt()).isZero();
    }

    @Test
    void getReturnsMessagesAndRequeuesThemWhenAsked() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("peek", false, false, false, null);
        ch.basicPublish("", "peek", new AMQP.BasicProperties.Builder().contentType("text/plain")
                .headers(Map.of("k", "v")).build(), "hello".getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "peek", null, new byte[] {(byte) 0xff, 0x00});
        waitUntil("2 queued", () -> warren.broker().virtualHost("/").queue("peek").messageCount() == 2);
        HttpResponse<String> r = call("POST", "/api/queues/%2F/peek/get",
                "{\"count\":5,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":50000}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode msgs = json(r);
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).get("payload").asText()).isEqualTo("hello");
        assertThat(msgs.get(0).get("payload_encoding").asText()).isEqualTo("string");
        assertThat(msgs.get(0).get("routing_key").asText()).isEqualTo("peek");
        assertThat(msgs.get(0).get("properties").get("content_type").asText()).isEqualTo("text/plain");
        assertThat(msgs.get(0).get("properties").get("headers").get("k").asText()).isEqualTo("v");
        assertThat(msgs.get(1).get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(warren.broker().virtualHost("/").queue("peek").messageCount()).isEqualTo(2);

        call("POST", "/api/queues/%2F/peek/get", "{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}");
        assertThat(warren.broker().virtualHost("/").queue("peek").messageCount()).isEqualTo(1);
        assertThat(call("POST", "/api/queues/%2F/peek/get", "{\"count\":1,\"ackmode\":\"bogus\",\"encoding\":\"auto\"}")
                .statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/queues/%2F/peek/get", "{\"count\":1}").statusCode()).isEqualTo(400);
    }

    @Test
    void managementUserCannotTouchQueuesOfAnotherVhost() {
        call("PUT", "/api/queues/%2F/mine", "{}");
        assertThat(call("DELETE", "/api/queues/%2F/mine", null, "other", "other").statusCode()).isEqualTo(401);
        assertThat(call("PUT", "/api/queues/%2F/mine2", "{}", "mgmt", "mgmt").statusCode()).isEqualTo(201);
    }
}
