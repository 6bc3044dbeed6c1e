package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A consumer that records deliveries and consumer notifications in blocking queues for tests to poll. */
public class RecordingConsumer extends DefaultConsumer {
    /** One delivery: the body as UTF-8 text and as bytes, with its envelope and properties. */
    public record Delivery(String body, byte[] bytes, Envelope envelope, AMQP.BasicProperties properties) {
        public long tag() {
            return envelope.getDeliveryTag();
        }

        public boolean redelivered() {
            return envelope.isRedeliver();
        }
    }

    public final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> cancelledByBroker = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> cancelOk = new LinkedBlockingQueue<>();
    public final BlockingQueue<String> consumeOk = new LinkedBlockingQueue<>();

    public RecordingConsumer(Channel ch) {
        super(ch);
    }

    @Override
    public void handleConsumeOk(String consumerTag) {
        super.handleConsumeOk(consumerTag);
        consumeOk.add(consumerTag);
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        deliveries.add(new Delivery(new String(body, StandardCharsets.UTF_8), body, envelope, props));
    }

    @Override
    public void handleCancel(String consumerTag) {
        cancelledByBroker.add(consumerTag);
    }

    @Override
    public void handleCancelOk(String consumerTag) {
        cancelOk.add(consumerTag);
    }

    /** The next delivery; fails the test if none arrives within 10 s. */
    public Delivery next() throws InterruptedException {
        Delivery d = deliveries.poll(10, TimeUnit.SECONDS);
        assertThat(d).as("a delivery within 10 s").isNotNull();
        return d;
    }

    /** Asserts that no delivery arrives within a short bounded wait. */
    public void assertNothingMore() throws InterruptedException {
        Delivery d = deliveries.poll(200, TimeUnit.MILLISECONDS);
        assertThat(d).as("no further delivery").isNull();
    }
}
