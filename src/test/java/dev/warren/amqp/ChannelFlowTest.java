package dev.warren.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import dev.warren.testing.AmqpTestBase;
import org.junit.jupiter.api.Test;

/** channel.flow from the client: RabbitMQ accepts active=true and refuses active=false with 540. */
class ChannelFlowTest extends AmqpTestBase {

    @Test
    void flowActiveTrueIsConfirmed() throws Exception {
        Channel ch = openChannel();
        AMQP.Channel.FlowOk ok = (AMQP.Channel.FlowOk) ch.asyncCompletableRpc(
                new AMQP.Channel.Flow.Builder().active(true).build()).get().getMethod();
        assertThat(ok.getActive()).isTrue();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void flowActiveFalseIsANotImplementedConnectionError() throws Exception {
        Connection c = connect();
        Channel ch = c.createChannel();
        assertThatThrownBy(() -> ch.asyncCompletableRpc(new AMQP.Channel.Flow.Builder().active(false).build()).get())
                .hasRootCauseInstanceOf(ShutdownSignalException.class);
        waitUntil("the connection is closed", () -> !c.isOpen());
        AMQP.Connection.Close close = (AMQP.Connection.Close) c.getCloseReason().getReason();
        assertThat(close.getReplyCode()).isEqualTo(540);
        assertThat(close.getReplyText()).isEqualTo("NOT_IMPLEMENTED - active=false");
        assertThat(openChannel().isOpen()).isTrue();
    }
}
