package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurableDefinitionsTest extends DurabilityTestBase {

    @Test
    void durableExchangesQueuesAndBindingsSurviveRestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.exchangeDeclare("orders", "topic", true, false, Map.of("alternate-exchange", "unrouted"));
        ch.queueDeclare("eu-orders", true, false, false, Map.of("x-max-length", 1000));
        ch.queueBind("eu-orders", "orders", "eu.#");
        ch.exchangeDeclare("audit", "fanout", true);
        ch.exchangeBind("audit", "orders", "#");
        ch.queueDeclare("audit-log", true, false, false, null);
        ch.queueBind("audit-log", "audit", "");

        restart();

        Channel after = connect().createChannel();
        after.exchangeDeclarePassive("orders");
        after.exchangeDeclarePassive("audit");
        assertThat(after.queueDeclarePassive("eu-orders").getQueue()).isEqualTo("eu-orders");
        // redeclaring with the same arguments is accepted: the arguments came back too
        after.queueDeclare("eu-orders", true, false, false, Map.of("x-max-length", 1000));
        after.basicPublish("orders", "eu.de.berlin", null, "o-1".getBytes(StandardCharsets.UTF_8));
        GetResponse viaQueueBinding = after.basicGet("eu-orders", true);
        GetResponse viaExchangeBinding = after.basicGet("audit-log", true);
        assertThat(viaQueueBinding).isNotNull();
        assertThat(viaExchangeBinding).isNotNull();
        assertThat(new String(viaExchangeBinding.getBody(), StandardCharsets.UTF_8)).isEqualTo("o-1");
    }

    @Test
    void transientAndExclusiveDefinitionsAreGoneAfterRestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.exchangeDeclare("transient-x", "direct", false);
        ch.queueDeclare("transient-q", false, false, false, null);
        ch.queueDeclare("exclusive-q", true, true, false, null);
        ch.queueDeclare("durable-q", true, false, false, null);

        restart();

        Channel after = connect().createChannel();
        after.queueDeclarePassive("durable-q");
        assertThatThrownBy(() -> connect().createChannel().exchangeDeclarePassive("transient-x"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> connect().createChannel().queueDeclarePassive("transient-q"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> connect().createChannel().queueDeclarePassive("exclusive-q"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void deletedDurableQueueStaysDeletedAfterRestart() throws Exception {
        start();
        Channel ch = connect().createChannel();
        ch.queueDeclare("short-lived", true, false, false, null);
        ch.basicPublish("", "short-lived", PERSISTENT, "x".getBytes(StandardCharsets.UTF_8));
        ch.queueDelete("short-lived");

        restart();

        Channel after = connect().createChannel();
        // declaring it anew gives an empty queue: the old message does not come back
        assertThat(after.queueDeclare("short-lived", true, false, false, null).getMessageCount()).isZero();
    }

    @Test
    void secondWarrenOnSameDataDirectoryRefusesToStart() {
        start();
        assertThatThrownBy(() -> config().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another Warren");
    }
}
