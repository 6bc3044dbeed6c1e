package dev.warren.resp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RespWriterTest {

    private static String write(int protocol, java.util.function.Consumer<RespWriter> body) {
        ByteBuf buf = Unpooled.buffer();
        RespWriter w = new RespWriter(buf);
        w.protocol(protocol);
        body.accept(w);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void scalarsInResp2() {
        assertThat(write(2, RespWriter::ok)).isEqualTo("+OK\r\n");
        assertThat(write(2, w -> w.integer(-12345))).isEqualTo(":-12345\r\n");
        assertThat(write(2, w -> w.integer(Long.MIN_VALUE))).isEqualTo(":-9223372036854775808\r\n");
        assertThat(write(2, w -> w.bulk("héllo"))).isEqualTo("$6\r\nhéllo\r\n");
        assertThat(write(2, RespWriter::nullBulk)).isEqualTo("$-1\r\n");
        assertThat(write(2, RespWriter::nullArray)).isEqualTo("*-1\r\n");
        assertThat(write(2, w -> w.error("ERR syntax error"))).isEqualTo("-ERR syntax error\r\n");
        assertThat(write(2, w -> w.doubleValue(1.5))).isEqualTo("$3\r\n1.5\r\n");
        assertThat(write(2, w -> w.bool(true))).isEqualTo(":1\r\n");
    }

    @Test
    void resp3TypesAndTheirResp2Fallbacks() {
        assertThat(write(3, RespWriter::nullBulk)).isEqualTo("_\r\n");
        assertThat(write(3, w -> w.doubleValue(3))).isEqualTo(",3\r\n");
        assertThat(write(3, w -> w.doubleValue(Double.NEGATIVE_INFINITY))).isEqualTo(",-inf\r\n");
        assertThat(write(3, w -> w.map(2))).isEqualTo("%2\r\n");
        assertThat(write(2, w -> w.map(2))).isEqualTo("*4\r\n");
        assertThat(write(3, w -> w.set(1))).isEqualTo("~1\r\n");
        assertThat(write(3, w -> w.push(3))).isEqualTo(">3\r\n");
        assertThat(write(2, w -> w.push(3))).isEqualTo("*3\r\n");
        assertThat(write(3, w -> w.bool(false))).isEqualTo("#f\r\n");
    }

    @Test
    void doublesPrintLikeRedis() {
        assertThat(RespWriter.formatDouble(10.0)).isEqualTo("10");
        assertThat(RespWriter.formatDouble(0.1)).isEqualTo("0.1");
        assertThat(RespWriter.formatDouble(1e-5)).isEqualTo("0.00001");
        assertThat(RespWriter.formatDouble(Double.NaN)).isEqualTo("nan");
    }
}
