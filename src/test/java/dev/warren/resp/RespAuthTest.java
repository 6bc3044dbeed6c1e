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
}
