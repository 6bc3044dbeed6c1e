package dev.warren.keyspace.command;

/** An error reply; the message starts with the error code ("ERR ...", "WRONGTYPE ..."). */
public final class RespError extends RuntimeException {
    public RespError(String message) {
        super(message, null, false, false);
    }
}
