package dev.warren.amqp.codec.method;

import io.netty.buffer.ByteBuf;

/** One AMQP 0-9-1 method: its ids, its arguments on the wire, and a typed dispatch. */
public interface AmqpMethod {
    int classId();

    int methodId();

    /** The spec's name, e.g. {@code queue.declare}. */
    String name();

    /** True for methods followed by a content header and body (basic.publish, deliver, return, get-ok). */
    boolean hasContent();

    void writeArguments(ByteBuf out);

    void dispatch(MethodHandler handler) throws Exception;
}
