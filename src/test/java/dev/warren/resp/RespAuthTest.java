package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.WarrenConfig;
import org.junit.jupiter.api.Test;

/** requirepass: AUTH and HELLO AUTH, NOAUTH before authenticating. */
class RespAuthTest extends RespTestBase {
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.requirepass("s3cret");
    }

    @Test
    void commandsNeedAuthenticationFirst() {
        assertError("NOAUTH Authentication required.", () -> jedis.get("k"));
        assertError("WRONGPASS invalid username-password pair or user is disabled.", () -> jedis.auth("bad"));
        assertThat(jedis.auth("s3cret")).isEqualTo("OK");
        assertThat(jedis.set("k", "v")).isEqualTo("OK");
        assertThat(jedis.auth("default", "s3cret")).isEqualTo("OK");
    }

    @Test
    void helloCanAuthenticate() {
        assertError("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                + "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the "
                + "RESP protocol version at the same time", () -> raw(jedis, "HELLO", "2"));
        raw(jedis, "HELLO", "2", "AUTH", "default", "s3cret", "SETNAME", "me");
        assertThat(jedis.clientGetname()).isEqualTo("me");
    }

    @Test
    void unauthenticatedClientsMaySendOnlySmallRequests() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            StringBuilder sb = new StringBuilder("*11\r\n");
            c.send(sb.toString()).expect("-ERR Protocol error: unauthenticated multibulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("*2\r\n$4\r\nAUTH\r\n$16385\r\n")
                    .expect("-ERR Protocol error: unauthenticated bulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        jedis.auth("s3cret");
        String big = "x".repeat(100_000);
        String[] kv = new String[24];
        for (int i = 0; i < kv.length; i += 2) {
            kv[i] = "k" + i;
            kv[i + 1] = big;
        }
        assertThat(jedis.mset(kv)).isEqualTo("OK");
    }
}
