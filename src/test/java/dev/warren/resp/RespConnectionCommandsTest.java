package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class RespConnectionCommandsTest extends RespTestBase {

    @Test
    void pingAnswersPongOrEchoesItsArgument() {
        assertThat(jedis.ping()).isEqualTo("PONG");
        assertThat(jedis.ping("hi")).isEqualTo("hi");
        assertThat(jedis.echo("x y")).isEqualTo("x y");
        assertError("ERR wrong number of arguments for 'ping' command", () -> raw(jedis, "PING", "a", "b"));
    }

    @Test
    void unknownCommandNamesTheCommandAndItsFirstArguments() {
        assertError("ERR unknown command 'foo', with args beginning with: 'a' 'b' ", () -> raw(jedis, "foo", "a", "b"));
        assertError("ERR unknown command 'foo', with args beginning with: ", () -> raw(jedis, "foo"));
    }

    @Test
    void wrongArityNamesTheCommandInLowerCase() {
        assertError("ERR wrong number of arguments for 'get' command", () -> raw(jedis, "GET"));
        assertError("ERR wrong number of arguments for 'set' command", () -> raw(jedis, "SET", "k"));
    }

    @Test
    void selectSwitchesBetweenSixteenDatabases() {
        jedis.set("k", "db0");
        jedis.select(15);
        assertThat(jedis.get("k")).isNull();
        jedis.set("k", "db15");
        jedis.select(0);
        assertThat(jedis.get("k")).isEqualTo("db0");
        assertError("ERR DB index is out of range", () -> jedis.select(16));
        assertError("ERR value is not an integer or out of range", () -> raw(jedis, "SELECT", "x"));
    }

    @Test
    void swapdbExchangesTwoDatabases() {
        jedis.set("k", "zero");
        assertThat(jedis.swapDB(0, 1)).isEqualTo("OK");
        assertThat(jedis.get("k")).isNull();
        jedis.select(1);
        assertThat(jedis.get("k")).isEqualTo("zero");
        assertError("ERR invalid first DB index", () -> raw(jedis, "SWAPDB", "a", "1"));
        assertError("ERR DB index is out of range", () -> raw(jedis, "SWAPDB", "0", "99"));
    }

    @Test
    void clientNameIdAndList() {
        assertThat(jedis.clientGetname()).isNull();
        jedis.clientSetname("worker-1");
        assertThat(jedis.clientGetname()).isEqualTo("worker-1");
        long id = jedis.clientId();
        assertThat(id).isPositive();
        assertThat(jedis.clientList()).contains("id=" + id + " ").contains("name=worker-1");
        assertError("ERR Client names cannot contain spaces, newlines or special characters.",
                () -> jedis.clientSetname("a b"));
        assertError("ERR unknown subcommand 'nope'. Try CLIENT HELP.", () -> raw(jedis, "CLIENT", "nope"));
    }

    @Test
    void clientKillClosesAnotherConnection() {
        Jedis other = connect();
        long id = other.clientId();
        assertThat(jedis.clientKill(new redis.clients.jedis.params.ClientKillParams().id(Long.toString(id))))
                .isEqualTo(1);
        waitUntil("the killed client is gone", () -> !jedis.clientList().contains("id=" + id + " "));
    }

    @Test
    void helloSwitchesToResp3AndReportsTheServer() {
        Object reply = raw(jedis, "HELLO", "2");
        assertThat(reply).isInstanceOf(List.class);
        List<?> fields = (List<?>) reply;
        assertThat(str(fields.get(0))).isEqualTo("server");
        assertThat(str(fields.get(1))).isEqualTo("redis");
        assertThat(fields.get(5)).isEqualTo(2L);
        assertError("NOPROTO unsupported protocol version", () -> raw(jedis, "HELLO", "4"));
        assertError("ERR Protocol version is not an integer or out of range", () -> raw(jedis, "HELLO", "x"));
    }

    @Test
    void dbsizeFlushdbAndFlushall() {
        jedis.set("a", "1");
        jedis.set("b", "2");
        assertThat(jedis.dbSize()).isEqualTo(2);
        jedis.select(1);
        jedis.set("c", "3");
        jedis.flushDB();
        assertThat(jedis.dbSize()).isZero();
        jedis.select(0);
        assertThat(jedis.dbSize()).isEqualTo(2);
        jedis.flushAll();
        assertThat(jedis.dbSize()).isZero();
    }

    @Test
    void timeReturnsSecondsAndMicroseconds() {
        List<String> t = jedis.time();
        assertThat(Long.parseLong(t.get(0))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        assertThat(Long.parseLong(t.get(1))).isBetween(0L, 999_999L);
    }

    @Test
    void infoHasTheBasicSections() {
        jedis.set("k", "v");
        String info = jedis.info();
        assertThat(info).contains("# Server", "redis_version:7.", "# Clients", "connected_clients:1", "# Memory",
                "# Persistence", "# Stats", "# Keyspace", "db0:keys=1,expires=0");
        assertThat(jedis.info("keyspace")).startsWith("# Keyspace").doesNotContain("# Server");
    }

    @Test
    void configGetAndSetCommonParameters() {
        assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "0");
        assertThat(jedis.configSet("maxmemory", "100mb")).isEqualTo("OK");
        assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "104857600");
        assertThat(jedis.configGet("maxmemory*")).containsKeys("maxmemory", "maxmemory-policy");
        assertError("ERR Unknown option or number of arguments for CONFIG SET - 'nope'",
                () -> jedis.configSet("nope", "1"));
    }

    @Test
    void commandCountAndInfo() {
        assertThat(jedis.commandCount()).isGreaterThan(60);
        Object info = raw(jedis, "COMMAND", "INFO", "get");
        List<?> entry = (List<?>) ((List<?>) info).get(0);
        assertThat(str(entry.get(0))).isEqualTo("get");
        assertThat(entry.get(1)).isEqualTo(2L);
    }

    @Test
    void clientReplyOffAndSkipSuppressReplies() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            c.command("CLIENT", "REPLY", "OFF");
            c.command("SET", "k", "1");
            c.command("CLIENT", "REPLY", "ON").expect("+OK\r\n");
            c.command("CLIENT", "REPLY", "SKIP");
            c.command("INCR", "k");
            c.command("GET", "k").expect("$1\r\n2\r\n");
        }
    }

    @Test
    void clientKillFiltersByTypeAndSkipsTheCaller() {
        Jedis other = connect();
        other.ping();
        assertThat(raw(jedis, "CLIENT", "KILL", "TYPE", "normal")).isEqualTo(1L);
        assertThat(jedis.ping()).isEqualTo("PONG");
        assertError("ERR Unknown client type 'nope'", () -> raw(jedis, "CLIENT", "KILL", "TYPE", "nope"));
    }

    @Test
    void waitRoleMemoryUsageAndSlowlogAnswerLikeAStandaloneServer() {
        jedis.set("k", "v");
        assertThat(raw(jedis, "WAIT", "0", "0")).isEqualTo(0L);
        assertThat(str(((List<?>) raw(jedis, "ROLE")).get(0))).isEqualTo("master");
        assertThat(jedis.memoryUsage("k")).isPositive();
        assertThat(jedis.memoryUsage("missing")).isNull();
        assertThat(jedis.slowlogLen()).isZero();
    }

    @Test
    void quitClosesTheConnectionAfterReplying() {
        Jedis other = connect();
        assertThat(raw(other, "QUIT")).isEqualTo("OK".getBytes());
        waitUntil("only one client remains", () -> jedis.clientList().lines().count() == 1);
    }

    @Test
    void resetRestoresDefaults() {
        jedis.select(3);
        jedis.clientSetname("n");
        assertThat(raw(jedis, "RESET")).isEqualTo("RESET".getBytes());
        assertThat(jedis.clientGetname()).isNull();
        jedis.set("k", "v");
        assertThat(raw(jedis, "DBSIZE")).isEqualTo(1L);
    }

    @Test
    void authWithoutConfiguredPasswordIsAnError() {
        assertError("ERR AUTH <password> called without any password configured for the default user. Are you sure "
                + "your configuration is correct?", () -> jedis.auth("x"));
    }
}
