package dev.warren.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real client tools against Warren: Debian's redis-cli (redis-tools) and redis-py (python3-redis, run
 * with /usr/bin/python3). scripts/install-test-deps.sh installs both; the tests are skipped elsewhere.
 */
class RespClientToolsTest extends RespTestBase {
    private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private record Result(int exit, String out) {
    }

    private static Result run(String stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private Result cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(REDIS_CLI.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(warren.respPort())));
        cmd.addAll(List.of(args));
        return run(null, cmd.toArray(new String[0]));
    }

    @Test
    void redisCliRunsCommands() throws Exception {
        assumeTrue(Files.isExecutable(REDIS_CLI), "redis-cli not installed");
        assertThat(cli("PING").out()).isEqualTo("PONG\n");
        assertThat(cli("SET", "k", "hello world").out()).isEqualTo("OK\n");
        assertThat(cli("GET", "k").out()).isEqualTo("hello world\n");
        assertThat(cli("RPUSH", "l", "a", "b").out()).isEqualTo("2\n");
        assertThat(cli("LRANGE", "l", "0", "-1").out()).isEqualTo("a\nb\n");
        assertThat(cli("--no-raw", "LRANGE", "l", "0", "-1").out()).isEqualTo("1) \"a\"\n2) \"b\"\n");
        assertThat(cli("--no-raw", "GET", "missing").out()).isEqualTo("(nil)\n");
        assertThat(cli("--no-raw", "INCR", "k").out())
                .isEqualTo("(error) ERR value is not an integer or out of range\n");
        assertThat(cli("-3", "--no-raw", "HELLO", "3").out()).contains("\"server\"", "\"redis\"", "\"proto\"");
        assertThat(cli("INFO", "server").out()).contains("redis_version:");
    }

    @Test
    void redisCliReadsCommandsFromStdin() throws Exception {
        assumeTrue(Files.isExecutable(REDIS_CLI), "redis-cli not installed");
        Result r = run("SET a 1\nINCR a\nGET a\n", REDIS_CLI.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(warren.respPort()));
        assertThat(r.out()).isEqualTo("OK\n2\n2\n");
    }

    @Test
    void redisCliPipeModeLoadsData() throws Exception {
        assumeTrue(Files.isExecutable(REDIS_CLI), "redis-cli not installed");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("*3\r\n$3\r\nSET\r\n$").append(("key" + i).length()).append("\r\nkey").append(i)
                    .append("\r\n$1\r\nv\r\n");
        }
        Result r = run(sb.toString(), REDIS_CLI.toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(warren.respPort()), "--pipe");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("errors: 0, replies: 1000");
        assertThat(jedis.dbSize()).isEqualTo(1000);
    }

    @Test
    void redisPyTutorialRuns() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 not installed");
        assumeTrue(run(null, PYTHON.toString(), "-c", "import redis").exit() == 0, "python3-redis not installed");
        Result r = run(null, PYTHON.toString(), "examples/redis/tutorial.py", Integer.toString(warren.respPort()));
        assertThat(r.out()).contains("redis-py tutorial OK");
        assertThat(r.exit()).isZero();
    }
}
