package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

class RespProtocolTest extends RespTestBase {

    @Test
    void inlineCommandsWork() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("SET greeting \"hello world\"\r\n").expect("+OK\r\n");
            c.send("GET greeting\n").expect("$11\r\nhello world\r\n");
        }
    }

    @Test
    void deepPipelinesAnswerInOrder() {
        Pipeline p = jedis.pipelined();
        List<Response<Long>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            replies.add(p.incr("counter"));
        }
        p.sync();
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).get()).isEqualTo(i + 1);
        }
    }

    @Test
    void protocolErrorRepliesAndDisconnectsOnlyThatClient() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("*1\r\n$x\r\n").expect("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("*1\r\n+PING\r\n").expect("-ERR Protocol error: expected '$', got '+'\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("GET \"k\r\n").expect("-ERR Protocol error: unbalanced quotes in request\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(jedis.ping()).isEqualTo("PONG");
    }

    @Test
    void bulkBeyondProtoMaxBulkLenIsRejected() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("*2\r\n$3\r\nGET\r\n$536870913\r\n").expect("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void commandsBeforeAProtocolErrorInTheSameBatchAreAnswered() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            c.send("PING\r\n*1\r\n$x\r\n").expect("+PONG\r\n-ERR Protocol error: invalid bulk length\r\n");
        }
    }

    @Test
    void resp3RepliesUseMapsSetsDoublesAndNulls() throws Exception {
        try (RawClient c = new RawClient(warren.respPort())) {
            c.command("HELLO", "3").expect("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.2.4\r\n"
                    + "$5\r\nproto\r\n:3\r\n$2\r\nid\r\n");
            jedis.hset("h", "f", "v");
            jedis.sadd("s", "m");
            jedis.zadd("z", 1.5, "a");
            c.command("GET", "missing");
            // finish the HELLO map first: id value, mode, role, modules
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            while (!seen.toString(java.nio.charset.StandardCharsets.UTF_8).endsWith("$7\r\nmodules\r\n*0\r\n")) {
                c.expectAny(seen);
            }
            c.expect("_\r\n");
            c.command("HGETALL", "h").expect("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
            c.command("SMEMBERS", "s").expect("~1\r\n$1\r\nm\r\n");
            c.command("ZSCORE", "z", "a").expect(",1.5\r\n");
            c.command("ZRANGE", "z", "0", "-1", "WITHSCORES").expect("*1\r\n*2\r\n$1\r\na\r\n,1.5\r\n");
        }
    }

    @Test
    void resp2RepliesFlattenMapsAndScores() throws Exception {
        jedis.hset("h", "f", "v");
        jedis.zadd("z", 1.5, "a");
        try (RawClient c = new RawClient(warren.respPort())) {
            c.command("HGETALL", "h").expect("*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
            c.command("ZRANGE", "z", "0", "-1", "WITHSCORES").expect("*2\r\n$1\r\na\r\n$3\r\n1.5\r\n");
            c.command("BLPOP", "nothing", "0.01").expect("*-1\r\n");
        }
    }
}
