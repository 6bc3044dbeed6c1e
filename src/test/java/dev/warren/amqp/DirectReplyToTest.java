package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.testing.AmqpTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** RPC with RabbitMQ's direct reply-to pseudo-queue amq.rabbitmq.reply-to. */
class DirectReplyToTest extends AmqpTestBase {

    @Test
    void rpcReplyReachesTheClientThroughTheReplyToPseudoQueue() throws Exception {
        Channel server = openChannel();
        server.queueDeclare("rpc", false, false, false, null);
        BlockingQueue<String> seenReplyTo = new LinkedBlockingQueue<>();
        server.basicConsume("rpc", true, (tag, d) -> {
            String replyTo = d.getProperties().getReplyTo();
            seenReplyTo.add(replyTo);
            AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder()
                    .correlationId(d.getProperties().getCorrelationId()).build();
            server.basicPublish("", replyTo, reply, ("echo:" + new String(d.getBody(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }, tag -> { });

        Channel client = openChannel();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        DeliverCallback onReply = (tag, d) -> replies.add(d.getProperties().getCorrelationId() + " "
                + new String(d.getBody(), StandardCharsets.UTF_8));
        client.basicConsume("amq.rabbitmq.reply-to", true, onReply, tag -> { });
        AMQP.BasicProperties request = new AMQP.BasicProperties.Builder()
                .replyTo("amq.rabbitmq.reply-to").correlationId("c-1").build();
        client.basicPublish("", "rpc", request, "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(replies.poll(10, TimeUnit.SECONDS)).isEqualTo("c-1 echo:hello");
        assertThat(seenReplyTo.poll()).startsWith("amq.rabbitmq.reply-to.").isNotEqualTo("amq.rabbitmq.reply-to");
    }

    @Test
    void replyToPseudoQueueCanBeDeclaredPassively() throws Exception {
        AMQP.Queue.DeclareOk ok = openChannel().queueDeclarePassive("amq.rabbitmq.reply-to");
        assertThat(ok.getQueue()).isEqualTo("amq.rabbitmq.reply-to");
    }

    @Test
    void consumingTheReplyToPseudoQueueWithAcksIsRefused() throws Exception {
        Channel ch = openChannel();
        assertThatThrownBy(() -> ch.basicConsume("amq.rabbitmq.reply-to", false, (t, d) -> { }, t -> { }))
                .isInstanceOf(IOException.class)
                .cause().isInstanceOf(ShutdownSignalException.class)
                .hasMessageContaining("406");
    }

    @Test
    void publishingWithReplyToWithoutAReplyConsumerIsRefused() throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("rpc", false, false, false, null);
        ch.basicPublish("", "rpc", new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to").build(),
                new byte[0]);
        waitUntil("the channel is closed", () -> !ch.isOpen());
        AMQP.Channel.Close close = (AMQP.Channel.Close) ch.getCloseReason().getReason();
        assertThat(close.getReplyCode()).isEqualTo(406);
        assertThat(close.getReplyText()).contains("fast reply consumer does not exist");
    }
}
