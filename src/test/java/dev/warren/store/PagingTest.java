package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A durable queue over its memory budget keeps persistent messages on disk and reads them back in order. */
class PagingTest extends DurabilityTestBase {
    private static final int COUNT = 3000;

    @Override
    WarrenConfig config() {
        return super.config().queueMemoryBudgetBytes(64 * 1024);
    }

    private static byte[] body(int i) {
        byte[] b = new byte[1024];
        Arrays.fill(b, (byte) i);
        ByteBuffer.wrap(b).putInt(i);
        return b;
    }

    private void publish(Channel ch, int from, int to) throws Exception {
        ch.confirmSelect();
        for (int i = from; i < to; i++) {
            ch.basicPublish("", "deep", PERSISTENT, body(i));
        }
        ch.waitForConfirmsOrDie(30_000);
    }

    private void consumeInOrder(Channel ch, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            GetResponse r = ch.basicGet("deep", false);
            assertThat(r).as("message %d", i).isNotNull();
            assertThat(r.getBody()).as("message %d", i).isEqualTo(body(i));
            ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void messagesBeyondTheMemoryBudgetAreDeliveredInOrder() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("deep", true, false, false, null);
        publish(ch, 0, COUNT);
        assertThat(ch.queueDeclarePassive("deep").getMessageCount()).isEqualTo(COUNT);
        // far more than the 64 KiB budget arrived, yet the broker holds only about the budget in memory
        assertThat(warren.broker().resources().messageBytes()).isLessThan(256 * 1024);

        // a transient message behind the paged ones keeps its place
        ch.basicPublish("", "deep", null, "transient tail".getBytes());
        consumeInOrder(ch, 0, COUNT);
        GetResponse last = ch.basicGet("deep", true);
        assertThat(new String(last.getBody())).isEqualTo("transient tail");
        assertThat(ch.basicGet("deep", true)).isNull();
    }

    @Test
    void pagedMessagesSurviveRestartAndConsumersReceiveThemAll() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("deep", true, false, false, null);
        publish(ch, 0, COUNT);

        restart();

        Channel after = connect().createChannel();
        assertThat(after.queueDeclarePassive("deep").getMessageCount()).isEqualTo(COUNT);
        assertThat(warren.broker().resources().messageBytes()).isLessThan(256 * 1024);
        consumeInOrder(after, 0, 1000);
        publish(after, COUNT, COUNT + 100);
        consumeInOrder(after, 1000, COUNT + 100);
    }
}
