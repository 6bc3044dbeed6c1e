package dev.warren.junit;

/**
 * Where the Warren of a {@link WarrenTest} class listens: ports are -1 for listeners that are off.
 * The URIs use the default user guest/guest and the default virtual host.
 */
public record WarrenEndpoints(String host, int amqpPort, int respPort, int httpPort) {
    /** {@code amqp://guest:guest@127.0.0.1:PORT/%2F}, for ConnectionFactory.setUri. */
    public String amqpUri() {
        return "amqp://guest:guest@" + host + ":" + amqpPort + "/%2F";
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String respUri() {
        return "redis://" + host + ":" + respPort;
    }

    /** {@code http://127.0.0.1:PORT} (the management API), when http is on. */
    public String httpUri() {
        return "http://" + host + ":" + httpPort;
    }
}
