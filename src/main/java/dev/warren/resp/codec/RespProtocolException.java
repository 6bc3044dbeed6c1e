package dev.warren.resp.codec;

/**
 * A client broke the RESP protocol. The message is the part after {@code "ERR Protocol error: "};
 * the connection replies with it and is closed.
 */
public final class RespProtocolException extends RuntimeException {
    public RespProtocolException(String message) {
        super(message, null, false, false);
    }
}
