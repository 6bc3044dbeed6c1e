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

    @Test
    void redisPyManagesAclUsersAndLogsInAsOne() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 not installed");
        assumeTrue(run(null, PYTHON.toString(), "-c", "import redis").exit() == 0, "python3-redis not installed");
        String script = String.join("\n",
                "import sys, redis",
                "port = int(sys.argv[1])",
                "admin = redis.Redis(port=port, decode_responses=True)",
                "assert admin.acl_setuser('app', enabled=True, passwords=['+apppw'], keys=['app:*'],",
                "                         categories=['+@all'], commands=['-flushall'])",
                "u = admin.acl_getuser('app')",
                "assert 'on' in u['flags'], u",
                "assert u['keys'] == ['~app:*'], u",
                "assert '-flushall' in u['commands'], u",
                "assert admin.acl_users() == ['app', 'default']",
                "app = redis.Redis(port=port, username='app', password='apppw', decode_responses=True)",
                "assert app.acl_whoami() == 'app'",
                "app.set('app:1', 'v')",
                "try:",
                "    app.set('other', 'v')",
                "    raise SystemExit('expected NOPERM')",
                "except redis.exceptions.NoPermissionError as e:",
                "    assert 'No permissions to access a key' in str(e), e",
                "assert admin.acl_deluser('app') == 1",
                "print('redis-py acl OK')");
        Result r = run(null, PYTHON.toString(), "-c", script, Integer.toString(warren.respPort()));
        assertThat(r.out()).contains("redis-py acl OK");
        assertThat(r.exit()).isZero();
    }
}
