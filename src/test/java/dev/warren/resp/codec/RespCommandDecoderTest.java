package dev.warren.resp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespCommandDecoderTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new RespCommandDecoder(512L * 1024 * 1024, 1024L * 1024 * 1024));
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static List<String> args(Object decoded) {
        List<String> out = new ArrayList<>();
        for (byte[] a : (byte[][]) decoded) {
            out.add(new String(a, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void decodesAMultibulkCommand() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"));
        assertThat(args(ch.readInbound())).containsExactly("GET", "key");
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void decodesPipelinedCommandsFromOneBuffer() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\nECHO hi\r\n"));
        assertThat(args(ch.readInbound())).containsExactly("PING");
        assertThat(args(ch.readInbound())).containsExactly("PING");
        assertThat(args(ch.readInbound())).containsExactly("ECHO", "hi");
    }

    @Test
    void decodesTheSameWhateverTheReadBoundaries() {
        // pipelined requests of all shapes, whole and split at random points: small multibulks, empty
        // ones, inline, zero-length and CRLF-containing bulks, 70 KB bulks, 1100-argument multibulks
        java.util.Random rnd = new java.util.Random(3);
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int kind = rnd.nextInt(10);
            List<String> cmd = new ArrayList<>();
            if (kind == 0) {
                stream.writeBytes(bytesOf("*0\r\n"));
                continue;
            } else if (kind == 1) {
                stream.writeBytes(bytesOf("PING inline" + i + "\r\n"));
                expected.add(List.of("PING", "inline" + i));
                continue;
            } else if (kind == 2 && i % 50 == 2) {
                cmd.add("SET");
                cmd.add("big");
                cmd.add("x".repeat(70000 + i));
            } else if (kind == 3 && i % 100 == 3) {
                cmd.add("MSET");
                for (int k = 0; k < 1100; k++) {
                    cmd.add("k" + k);
                }
            } else {
                cmd.add("SET");
                cmd.add("key:" + i);
                cmd.add(rnd.nextBoolean() ? "" : "v\r\n" + i);
            }
            stream.writeBytes(bytesOf("*" + cmd.size() + "\r\n"));
            for (String a : cmd) {
                stream.writeBytes(bytesOf("$" + a.getBytes(StandardCharsets.UTF_8).length + "\r\n" + a + "\r\n"));
            }
            expected.add(cmd);
        }
        byte[] all = stream.toByteArray();
        for (int round = 0; round < 4; round++) {
            EmbeddedChannel ch = channel();
            int at = 0;
            while (at < all.length) {
                int n = round == 0 ? all.length : Math.min(all.length - at, 1 + rnd.nextInt(round == 1 ? 7 : 5000));
                ch.writeInbound(Unpooled.wrappedBuffer(all, at, n));
                at += n;
            }
            List<List<String>> got = new ArrayList<>();
            Object m;
            while ((m = ch.readInbound()) != null) {
                got.add(args(m));
            }
            assertThat(got).isEqualTo(expected);
        }
    }

    private static byte[] bytesOf(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keepsPartialCommandsAcrossReadsByteByByte() {
        EmbeddedChannel ch = channel();
        String cmd = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nlu\r\n";
        for (byte b : cmd.getBytes(StandardCharsets.UTF_8)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(args(ch.readInbound())).containsExactly("SET", "k", "v\r\nlu");
    }

    @Test
    void decodesInlineCommandsWithQuotes() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("SET key \"hello world\\n\" 'it\\'s'\r\n"));
        assertThat(args(ch.readInbound())).containsExactly("SET", "key", "hello world\n", "it's");
        ch.writeInbound(bytes("SET  k  'single'\n"));
        assertThat(args(ch.readInbound())).containsExactly("SET", "k", "single");
    }

    @Test
    void inlineQuotedArgumentsAndEscapes() {
        assertThat(RespCommandDecoder.splitInline("set k \"a b\\x41\"".getBytes()))
                .extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("set", "k", "a bA");
    }

    @Test
    void emptyLinesAndEmptyMultibulksAreIgnored() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("\r\n*0\r\nPING\r\n"));
        assertThat(args(ch.readInbound())).containsExactly("PING");
    }

    @Test
    void unbalancedQuotesAreAProtocolError() {
        EmbeddedChannel ch = channel();
        assertThatThrownBy(() -> ch.writeInbound(bytes("SET k \"oops\r\n")))
                .isInstanceOf(DecoderException.class)
                .hasRootCauseMessage("unbalanced quotes in request");
    }

    @Test
    void invalidBulkLengthIsAProtocolError() {
        EmbeddedChannel ch = channel();
        assertThatThrownBy(() -> ch.writeInbound(bytes("*1\r\n$abc\r\n")))
                .hasRootCauseMessage("invalid bulk length");
    }

    @Test
    void missingDollarIsAProtocolError() {
        EmbeddedChannel ch = channel();
        assertThatThrownBy(() -> ch.writeInbound(bytes("*1\r\n:12\r\n")))
                .hasRootCauseMessage("expected '$', got ':'");
    }

    @Test
    void bulkLongerThanTheLimitIsRejectedBeforeItArrives() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespCommandDecoder(10, 1024));
        assertThatThrownBy(() -> ch.writeInbound(bytes("*1\r\n$11\r\n")))
                .hasRootCauseMessage("invalid bulk length");
    }

    @Test
    void requestsLargerThanTheQueryBufferLimitAreRejected() {
        EmbeddedChannel ch = new EmbeddedChannel(new RespCommandDecoder(1000, 100));
        assertThatThrownBy(() -> ch.writeInbound(bytes("*2\r\n$60\r\n" + "x".repeat(60) + "\r\n$60\r\n" + "x".repeat(40))))
                .hasRootCauseMessage("query buffer limit exceeded");
    }

    @Test
    void invalidMultibulkLengthIsAProtocolError() {
        EmbeddedChannel ch = channel();
        assertThatThrownBy(() -> ch.writeInbound(bytes("*x\r\n")))
                .hasRootCauseMessage("invalid multibulk length");
    }
}
