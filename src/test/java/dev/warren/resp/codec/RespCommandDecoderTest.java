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
