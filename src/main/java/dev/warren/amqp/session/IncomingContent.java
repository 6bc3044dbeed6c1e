package dev.warren.amqp.session;

import dev.warren.amqp.codec.method.BasicMethods;
import io.netty.buffer.ByteBuf;

/** A basic.publish whose content header and body frames are still arriving. */
final class IncomingContent {
    private final BasicMethods.Publish publish;
    private byte[] properties;
    private byte[] body;
    private int received;

    IncomingContent(BasicMethods.Publish publish) {
        this.publish = publish;
    }

    BasicMethods.Publish publish() {
        return publish;
    }

    boolean awaitingHeader() {
        return properties == null;
    }

    void header(long bodySize, byte[] rawProperties) {
        this.properties = rawProperties;
        this.body = new byte[(int) bodySize];
    }

    /** Appends a body frame; returns false when it overflows the declared body size. */
    boolean append(ByteBuf payload) {
        int n = payload.readableBytes();
        if (received + n > body.length) {
            return false;
        }
        payload.getBytes(payload.readerIndex(), body, received, n);
        received += n;
        return true;
    }

    boolean complete() {
        return properties != null && received == body.length;
    }

    byte[] properties() {
        return properties;
    }

    byte[] body() {
        return body;
    }
}
