package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import dev.warren.WarrenConfig;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ManagementAlarmsTest extends ManagementTestBase {

    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return super.configure(config).memoryHighWatermarkBytes(10_000);
    }

    @Test
    void alarmsHealthCheckFailsWith503WhileTheMemoryAlarmIsOn() throws Exception {
        assertThat(get("/api/health/checks/alarms").statusCode()).isEqualTo(200);
        Channel ch = openChannel();
        ch.queueDeclare("big", false, false, false, null);
        ch.basicPublish("", "big", null, new byte[20_000]);
        waitUntil("alarm reported", () -> get("/api/health/checks/alarms").statusCode() == 503);
        HttpResponse<String> r = get("/api/health/checks/alarms");
        JsonNode body = json(r);
        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("alarms").get(0).get("resource").asText()).isEqualTo("memory");
        assertThat(getJson("/api/nodes").get(0).get("mem_alarm").asBoolean()).isTrue();

        call("DELETE", "/api/queues/%2F/big/contents", null);
        waitUntil("alarm cleared", () -> get("/api/health/checks/alarms").statusCode() == 200);
    }
}
