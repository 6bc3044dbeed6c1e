package dev.warren.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON mapper of the HTTP side and a few helpers for RabbitMQ's shapes. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Adds {@code name} and {@code name_details: {"rate": rate}}, as RabbitMQ's message_stats do. */
    public static void counter(ObjectNode stats, String name, long value, double rate) {
        stats.put(name, value);
        stats.putObject(name + "_details").put("rate", Math.round(rate * 10) / 10.0);
    }
}
