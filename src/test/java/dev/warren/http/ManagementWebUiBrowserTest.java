package dev.warren.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in headless Chromium (Debian's {@code chromium}; skipped when it is not installed): it
 * logs in through RabbitMQ's {@code #/login/USER/PASSWORD} link and shows the broker's totals.
 */
class ManagementWebUiBrowserTest extends ManagementTestBase {

    private static Path chromium() {
        for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    private String browse(Path profile, String url, String... extra) throws Exception {
        Path browser = chromium();
        assumeTrue(browser != null, "chromium is not installed");
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--virtual-time-budget=3000", "--window-size=1280,900"));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        // Output to a file, not a pipe: Chromium's helper processes (crashpad) outlive it and would keep a
        // pipe open.
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 30 s: "
                    + Files.readString(out.resolveSibling(out.getFileName() + ".err")) + "\nOUT: " + Files.readString(out));
        }
        return Files.readString(out);
    }

    @Override
    protected dev.warren.WarrenConfig configure(dev.warren.WarrenConfig config) {
        return super.configure(config).respPort(0);
    }

    @Test
    void queuePageShowsDepthBindingsAndDetailsOfOneQueue(@TempDir Path dir) throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("orders", true, false, false, java.util.Map.of("x-max-length", 100));
        ch.queueBind("orders", "amq.topic", "order.*");
        for (int i = 0; i < 4; i++) {
            ch.basicPublish("", "orders", null, "x".getBytes(StandardCharsets.UTF_8));
        }
        waitUntil("4 queued", () -> warren.broker().virtualHost("/").queue("orders").messageCount() == 4);
        String url = "http://127.0.0.1:" + warren.httpPort() + "/?goto=%23%2Fqueues%2F%252F%2Forders#/login/guest/guest";

        String dom = browse(dir.resolve("profile"), url, "--dump-dom");
        assertThat(dom).containsPattern("<section id=\"queue\">");
        assertThat(dom).contains("Queue orders in virtual host /");
        assertThat(dom).contains("<span id=\"qd-ready\">4</span>");
        assertThat(dom).contains("<td>amq.topic</td><td>order.*</td>");
        assertThat(dom).contains("x-max-length");
        assertThat(dom).contains("id=\"qd-get-form\"").contains("id=\"qd-purge\"").contains("id=\"qd-publish\"");
    }

    @Test
    void redisPageShowsTheKeyspace(@TempDir Path dir) throws Exception {
        try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", warren.respPort())) {
            jedis.set("greeting", "hello");
            jedis.select(2);
            jedis.sadd("tags", "a", "b");
        }
        String url = "http://127.0.0.1:" + warren.httpPort() + "/?goto=%23redis#/login/guest/guest";
        String dom = browse(dir.resolve("profile"), url, "--dump-dom");
        assertThat(dom).containsPattern("<section id=\"redis\">");
        assertThat(dom).contains("<span id=\"rd-keys\">2</span>");
        assertThat(dom).contains("<td>db0</td><td>1</td>").contains("<td>db2</td><td>1</td>");
        assertThat(dom).contains("<td>greeting</td><td>string</td>");
    }

    @Test
    void overviewShowsTotalsAfterLoggingInThroughTheLoginLink(@TempDir Path dir) throws Exception {
        Channel ch = openChannel();
        ch.queueDeclare("shown-1", false, false, false, null);
        ch.queueDeclare("shown-2", false, false, false, null);
        for (int i = 0; i < 3; i++) {
            ch.basicPublish("", "shown-1", null, "x".getBytes(StandardCharsets.UTF_8));
        }
        waitUntil("3 queued", () -> warren.broker().virtualHost("/").queue("shown-1").messageCount() == 3);
        String base = "http://127.0.0.1:" + warren.httpPort() + "/";

        String dom = browse(dir.resolve("profile"), base + "#/login/guest/guest", "--dump-dom");
        assertThat(dom).contains("<span id=\"t-queues\">2</span>");
        assertThat(dom).contains("<span id=\"t-messages\">3</span>");
        assertThat(dom).contains("<span id=\"t-connections\">1</span>");
        assertThat(dom).contains("guest (administrator)");
        assertThat(dom).containsPattern("<section id=\"login\" hidden=\"\"");

        String refused = browse(dir.resolve("profile2"), base + "#/login/guest/wrong", "--dump-dom");
        assertThat(refused).contains("Login failed");

        Path shot = dir.resolve("overview.png");
        browse(dir.resolve("profile3"), base + "#/login/guest/guest", "--screenshot=" + shot);
        assertThat(shot).isNotEmptyFile();
        String keep = System.getProperty("warren.ui.screenshot");
        if (keep != null) {
            Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
