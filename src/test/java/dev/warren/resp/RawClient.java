package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare socket speaking RESP by hand, for byte-exact protocol assertions. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends a command as a RESP multibulk. */
    RawClient command(String... args) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return send(sb.toString());
    }

    RawClient send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads exactly as many bytes as {@code expected} has and asserts they are equal. */
    RawClient expect(String expected) throws IOException {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        byte[] got = in.readNBytes(want.length);
        assertThat(new String(got, StandardCharsets.UTF_8)).isEqualTo(expected);
        return this;
    }

    /** Reads one byte into {@code seen}. */
    void expectAny(java.io.ByteArrayOutputStream seen) throws IOException {
        int b = in.read();
        assertThat(b).as("connection open").isNotNegative();
        seen.write(b);
    }

    /** True when the server closed the connection (after reading whatever is left). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
