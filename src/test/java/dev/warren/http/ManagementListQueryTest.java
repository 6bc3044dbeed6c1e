package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagementListQueryTest extends ManagementTestBase {

    @BeforeEach
    void queues() {
        for (String q : List.of("orders.eu", "orders.us", "Invoices", "audit", "ORDERS.asia")) {
            assertThat(call("PUT", "/api/queues/%2F/" + q, "{\"durable\":false}").statusCode()).isEqualTo(201);
        }
        call("POST", "/api/exchanges/%2F/amq.default/publish",
                "{\"properties\":{},\"routing_key\":\"audit\",\"payload\":\"x\",\"payload_encoding\":\"string\"}");
        call("POST", "/api/exchanges/%2F/amq.default/publish",
                "{\"properties\":{},\"routing_key\":\"audit\",\"payload\":\"x\",\"payload_encoding\":\"string\"}");
        call("POST", "/api/exchanges/%2F/amq.default/publish",
                "{\"properties\":{},\"routing_key\":\"orders.us\",\"payload\":\"x\",\"payload_encoding\":\"string\"}");
        waitUntil("depth counted", () -> getJson("/api/queues/%2F/audit").path("messages").asInt() == 2);
    }

    private static List<String> names(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    @Test
    void pageReturnsRabbitMqsPagedObject() {
        JsonNode page = getJson("/api/queues/%2F?page=2&page_size=2");
        assertThat(page.get("page").asInt()).isEqualTo(2);
        assertThat(page.get("page_size").asInt()).isEqualTo(2);
        assertThat(page.get("page_count").asInt()).isEqualTo(3);
        assertThat(page.get("total_count").asInt()).isEqualTo(5);
        assertThat(page.get("filtered_count").asInt()).isEqualTo(5);
        assertThat(page.get("item_count").asInt()).isEqualTo(2);
        assertThat(page.get("items")).hasSize(2);
        assertThat(getJson("/api/queues/%2F?page=3&page_size=2").get("items")).hasSize(1);
        var outOfRange = get("/api/queues/%2F?page=4&page_size=2");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body()).contains("page_out_of_range");
        assertThat(get("/api/queues?page=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/queues?page=1&page_size=501").statusCode()).isEqualTo(400);
    }

    @Test
    void nameFiltersBySubstringIgnoringCaseOrByRegex() {
        JsonNode page = getJson("/api/queues?page=1&name=orders");
        assertThat(names(page.get("items"))).containsExactlyInAnyOrder("orders.eu", "orders.us", "ORDERS.asia");
        assertThat(page.get("filtered_count").asInt()).isEqualTo(3);
        assertThat(page.get("total_count").asInt()).isEqualTo(5);
        JsonNode regex = getJson("/api/queues?page=1&name=%5Eorders%5C.e&use_regex=true");
        assertThat(names(regex.get("items"))).containsExactly("orders.eu");
        assertThat(get("/api/queues?page=1&name=(&use_regex=true").statusCode()).isEqualTo(400);
    }

    @Test
    void sortAndSortReverseOrderByAnyFieldIncludingNestedOnes() {
        JsonNode byMessages = getJson("/api/queues/%2F?sort=messages&sort_reverse=true");
        assertThat(names(byMessages).subList(0, 2)).containsExactly("audit", "orders.us");
        JsonNode byName = getJson("/api/queues/%2F?sort=name");
        assertThat(names(byName)).containsExactly("Invoices", "ORDERS.asia", "audit", "orders.eu", "orders.us");
        JsonNode byPublished = getJson("/api/queues/%2F?sort=message_stats.publish&sort_reverse=true&page=1&page_size=1");
        assertThat(names(byPublished.get("items"))).containsExactly("audit");
    }

    @Test
    void columnsKeepOnlyTheNamedFields() {
        JsonNode list = getJson("/api/queues/%2F?columns=name,messages,message_stats.publish&sort=name");
        JsonNode audit = find(list, "name", "audit");
        List<String> fields = new ArrayList<>();
        audit.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("name", "messages", "message_stats");
        assertThat(audit.get("message_stats").size()).isEqualTo(1);
        assertThat(audit.get("message_stats").get("publish").asInt()).isEqualTo(2);
        JsonNode one = getJson("/api/queues/%2F/audit?columns=name");
        assertThat(one.size()).isEqualTo(1);
        assertThat(getJson("/api/exchanges/%2F?page=1&page_size=3&columns=name").get("items").get(0).size()).isEqualTo(1);
    }
}
