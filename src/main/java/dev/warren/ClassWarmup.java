package dev.warren;

import dev.warren.amqp.codec.BasicProperties;
import dev.warren.amqp.codec.Frame;
import dev.warren.amqp.codec.FrameWriter;
import dev.warren.amqp.codec.method.AmqpMethod;
import dev.warren.amqp.codec.method.BasicMethods;
import dev.warren.amqp.codec.method.ChannelMethods;
import dev.warren.amqp.codec.method.ConnectionMethods;
import dev.warren.amqp.codec.method.QueueMethods;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Talks to a started Warren over loopback the way a client's first minutes do: an AMQP handshake, a
 * channel, a queue declared, a message published, fetched and consumed, the connection closed; a RESP
 * PING, SET and GET. {@code ./warren} records its class-data-sharing archive from a server started with
 * {@code --exit-after-start}, which runs this before exiting: the classes that the first connections
 * load then come from the archive too, and the first handshake after a real start is quicker. Best
 * effort: a failure only leaves those classes out of the archive.
 */
public final class ClassWarmup {
    private static final String HOST = "127.0.0.1";
    private static final String QUEUE = "warren.class-warmup";

    private ClassWarmup() {
    }

    /** Runs the exchanges with each listener that is on; false when one of them failed. */
    public static boolean exercise(Warren warren) {
        boolean ok = true;
        if (warren.amqpPort() > 0) {
            try {
                amqp(warren.amqpPort());
            } catch (IOException | RuntimeException e) {
                ok = false; // only the archive is smaller
            }
        }
        if (warren.respPort() > 0) {
            try {
                resp(warren.respPort());
            } catch (IOException | RuntimeException e) {
                ok = false;
            }
        }
        return ok;
    }

    private static void amqp(int port) throws IOException {
        try (Socket s = new Socket(HOST, port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            readFrame(in); // connection.start
            byte[] plain = "\0guest\0guest".getBytes(StandardCharsets.UTF_8);
            send(out, 0, new ConnectionMethods.StartOk(Map.of("product", "warren-class-warmup"), "PLAIN", plain,
                    "en_US"));
            readFrame(in); // connection.tune
            // a 60 s heartbeat, as RabbitMQ's clients agree to by default: the heartbeat handler is archived too
            send(out, 0, new ConnectionMethods.TuneOk(2047, 131072, 60), new ConnectionMethods.Open("/", "", false));
            readFrame(in); // connection.open-ok
            send(out, 1, new ChannelMethods.Open(""));
            readFrame(in); // channel.open-ok
            send(out, 1, new QueueMethods.Declare(0, QUEUE, false, false, true, true, false, Map.of()));
            readFrame(in); // queue.declare-ok
            ByteBuf buf = Unpooled.buffer();
            byte[] body = "warm-up".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2; i++) {
                FrameWriter.writeMethod(buf, 1, new BasicMethods.Publish(0, "", QUEUE, false, false));
                FrameWriter.writeContentHeader(buf, 1, body.length, BasicProperties.EMPTY.encode());
                FrameWriter.writeBody(buf, 1, body, 131072);
            }
            FrameWriter.writeMethod(buf, 1, new BasicMethods.Get(0, QUEUE, false));
            write(out, buf);
            readFrame(in); // basic.get-ok
            readFrame(in); // its content header
            readFrame(in); // its body
            send(out, 1, new BasicMethods.Ack(1, false),
                    new BasicMethods.Consume(0, QUEUE, "warm-up", false, true, false, false, Map.of()));
            readFrame(in); // basic.consume-ok
            readFrame(in); // basic.deliver
            readFrame(in); // its content header
            readFrame(in); // its body
            send(out, 0, new ConnectionMethods.Close(200, "warm-up done", 0, 0));
            if (readFrame(in) != Frame.FRAME_METHOD) { // connection.close-ok
                throw new IOException("no connection.close-ok");
            }
        }
    }

    private static void resp(int port) throws IOException {
        try (Socket s = new Socket(HOST, port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$19\r\nwarren:class-warmup\r\n$1\r\n1\r\n"
                    + "*2\r\n$3\r\nGET\r\n$19\r\nwarren:class-warmup\r\n*2\r\n$3\r\nDEL\r\n$19\r\nwarren:class-warmup\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            int lines = 0;
            while (lines < 5) { // +PONG, +OK, $1 and 1, :1
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after " + lines + " reply lines");
                }
                if (b == '\n') {
                    lines++;
                }
            }
        }
    }

    private static void send(OutputStream out, int channel, AmqpMethod... methods) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        for (AmqpMethod m : methods) {
            FrameWriter.writeMethod(buf, channel, m);
        }
        write(out, buf);
    }

    private static void write(OutputStream out, ByteBuf buf) throws IOException {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.write(bytes);
    }

    /** Reads one whole frame (type, channel, size, payload, frame-end) and returns its type. */
    private static int readFrame(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        in.readUnsignedShort();
        int size = in.readInt();
        in.skipNBytes(size);
        if (in.readUnsignedByte() != Frame.FRAME_END) {
            throw new IOException("frame without frame-end");
        }
        return type;
    }
}
