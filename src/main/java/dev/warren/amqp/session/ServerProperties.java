package dev.warren.amqp.session;

import java.util.LinkedHashMap;
import java.util.Map;

/** The server-properties table of connection.start, announcing RabbitMQ's capabilities. */
final class ServerProperties {
    static final String VERSION = "0.1.0";

    private ServerProperties() {
    }

    static Map<String, Object> create() {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        for (String c : new String[] {"publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                "authentication_failure_close", "per_consumer_qos", "direct_reply_to"}) {
            capabilities.put(c, Boolean.TRUE);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("capabilities", capabilities);
        props.put("cluster_name", "warren@localhost");
        props.put("copyright", "Copyright (c) the Warren authors");
        props.put("information", "Warren: an AMQP 0-9-1 and RESP server in Java");
        props.put("platform", "Java " + System.getProperty("java.version"));
        props.put("product", "Warren");
        props.put("version", VERSION);
        return props;
    }
}
