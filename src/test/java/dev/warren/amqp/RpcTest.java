package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.RecordingConsumer;
import dev.warren.testing.RecordingConsumer.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Request/response over queues with reply_to and correlation_id (RabbitMQ tutorial 6). */
class RpcTest extends AmqpTestBase {
    private static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** The RPC server: consumes rpc_queue with prefetch 1 and answers to each request's reply_to. */
    private void startServer() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("rpc_queue", false, false, false, null);
        ch.queuePurge("rpc_queue");
        ch.basicQos(1);
        ch.basicConsume("rpc_queue", false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
                    throws IOException {
                int n = Integer.parseInt(new String(body, StandardCharsets.UTF_8));
                AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                        .correlationId(props.getCorrelationId()).build();
                getChannel().basicPublish("", props.getReplyTo(), reply,
                        Integer.toString(fib(n)).getBytes(StandardCharsets.UTF_8));
                getChannel().basicAck(env.getDeliveryTag(), false);
            }
        });
    }

    @Test
    void clientGetsTheResponseMatchingItsCorrelationId() throws Exception {
        startServer();
        Channel client = openChannel();
        String replyQueue = client.queueDeclare().getQueue();
        RecordingConsumer replies = new RecordingConsumer(client);
        client.basicConsume(replyQueue, true, replies);

        Map<String, Integer> expected = new HashMap<>();
        for (int n = 0; n < 20; n++) {
            String corrId = UUID.randomUUID().toString();
            expected.put(corrId, fib(n));
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .correlationId(corrId).replyTo(replyQueue).build();
            client.basicPublish("", "rpc_queue", props, Integer.toString(n).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Integer> got = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            Delivery d = replies.next();
            got.put(d.properties().getCorrelationId(), Integer.parseInt(d.body()));
        }
        assertThat(got).isEqualTo(expected);
        replies.assertNothingMore();
    }

    @Test
    void twoClientsEachGetOnlyTheirOwnResponses() throws Exception {
        startServer();
        Channel a = openChannel();
        Channel b = openChannel();
        String qa = a.queueDeclare("", false, true, true, null).getQueue();
        String qb = b.queueDeclare("", false, true, true, null).getQueue();
        RecordingConsumer ra = new RecordingConsumer(a);
        RecordingConsumer rb = new RecordingConsumer(b);
        a.basicConsume(qa, true, ra);
        b.basicConsume(qb, true, rb);
        a.basicPublish("", "rpc_queue", new AMQP.BasicProperties.Builder().correlationId("a1").replyTo(qa).build(),
                "10".getBytes(StandardCharsets.UTF_8));
        b.basicPublish("", "rpc_queue", new AMQP.BasicProperties.Builder().correlationId("b1").replyTo(qb).build(),
                "11".getBytes(StandardCharsets.UTF_8));
        Delivery da = ra.next();
        Delivery db = rb.next();
        assertThat(da.properties().getCorrelationId()).isEqualTo("a1");
        assertThat(da.body()).isEqualTo("55");
        assertThat(db.properties().getCorrelationId()).isEqualTo("b1");
        assertThat(db.body()).isEqualTo("89");
        ra.assertNothingMore();
        rb.assertNothingMore();
    }
}
