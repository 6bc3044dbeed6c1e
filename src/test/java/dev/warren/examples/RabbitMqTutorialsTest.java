package dev.warren.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.warren.WarrenConfig;
import dev.warren.testing.AmqpTestBase;
import dev.warren.testing.PythonProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the six RabbitMQ tutorials in examples/rabbitmq (pika 1.x programs) against an in-process
 * Warren and checks what they print. Receivers are started first and waited for until they say they
 * are waiting; EXIT_AFTER makes them stop by themselves after the expected number of messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RabbitMqTutorialsTest extends AmqpTestBase {
    private static final Path EXAMPLES = Path.of("examples", "rabbitmq").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String WAITING_FOR_MESSAGES = " [*] Waiting for messages. To exit press CTRL+C";
    private static final String WAITING_FOR_LOGS = " [*] Waiting for logs. To exit press CTRL+C";

    private final List<PythonProgram> programs = new ArrayList<>();

    @TempDir
    Path dataDir;

    /** With a data directory, so that durable queues and persistent messages survive {@link #restartWarren()}. */
    @Override
    protected WarrenConfig configure(WarrenConfig config) {
        return config.dataDir(dataDir);
    }

    @BeforeAll
    static void pikaIsInstalled() {
        assertThat(EXAMPLES.resolve("warren_env.py")).as("examples directory").exists();
        PythonProgram.requireModules("pika");
    }

    @AfterEach
    void stopPrograms() {
        programs.forEach(PythonProgram::close);
    }

    // --- 1. Hello World -----------------------------------------------------------------------

    @Test
    void helloWorldReceiverPrintsTheMessageTheSenderSent() {
        PythonProgram receive = receiver("receive.py", 1, WAITING_FOR_MESSAGES);
        assertThat(run("send.py").lines()).contains(" [x] Sent 'Hello World!'");
        receive.awaitSuccess(WAIT);
        assertThat(receive.lines(" [x]")).containsExactly(" [x] Received 'Hello World!'");
    }

    @Test
    void helloWorldMessageSentBeforeTheReceiverStartsWaitsInTheQueue() {
        run("send.py");
        run("send.py");
        PythonProgram receive = start("receive.py", Map.of("EXIT_AFTER", "2"));
        receive.awaitSuccess(WAIT);
        assertThat(receive.lines(" [x]")).containsExactly(
                " [x] Received 'Hello World!'", " [x] Received 'Hello World!'");
    }

    // --- 2. Work queues -----------------------------------------------------------------------

    @Test
    void newTaskPublishesPersistentMessagesToADurableQueue() throws Exception {
        assertThat(run("new_task.py", "A", "task.").lines()).contains(" [x] Sent 'A task.'");
        Channel ch = openChannel();
        // Redeclaring with different durability would fail with 406 PRECONDITION_FAILED.
        AMQP.Queue.DeclareOk ok = ch.queueDeclare("task_queue", true, false, false, null);
        assertThat(ok.getMessageCount()).isEqualTo(1);
        GetResponse r = ch.basicGet("task_queue", true);
        assertThat(new String(r.getBody(), StandardCharsets.UTF_8)).isEqualTo("A task.");
        assertThat(r.getProps().getDeliveryMode()).isEqualTo(2);
    }

    @Test
    void aPersistentTaskInTheDurableQueueSurvivesABrokerRestart() {
        run("new_task.py", "Survive", "the", "restart.");
        restartWarren();
        PythonProgram worker = receiver("worker.py", 1, WAITING_FOR_MESSAGES);
        worker.awaitSuccess(WAIT);
        assertThat(worker.lines(" [x]")).containsExactly(" [x] Received 'Survive the restart.'", " [x] Done");
    }

    @Test
    void workerDoesEveryTaskAndAcknowledgesIt() throws Exception {
        PythonProgram worker = receiver("worker.py", 3, WAITING_FOR_MESSAGES);
        run("new_task.py", "First task.");
        run("new_task.py", "Second task");
        run("new_task.py", "Third task");
        worker.awaitSuccess(WAIT);
        assertThat(worker.lines(" [x]")).containsExactly(
                " [x] Received 'First task.'", " [x] Done",
                " [x] Received 'Second task'", " [x] Done",
                " [x] Received 'Third task'", " [x] Done");
        AMQP.Queue.DeclareOk left = openChannel().queueDeclarePassive("task_queue");
        assertThat(left.getMessageCount()).as("tasks left in task_queue").isZero();
    }

    @Test
    void twoWorkersShareTheTasksRoundRobin() {
        PythonProgram first = receiver("worker.py", 0, WAITING_FOR_MESSAGES);
        PythonProgram second = receiver("worker.py", 0, WAITING_FOR_MESSAGES);
        List<String> tasks = List.of("task 1", "task 2", "task 3", "task 4");
        for (int i = 0; i < tasks.size(); i++) {
            run("new_task.py", tasks.get(i));
            // One task at a time, so both workers are idle whenever a task arrives.
            int done = i + 1;
            waitUntil("the workers finished " + done + " tasks", WAIT,
                    () -> first.lines(" [x] Done").size() + second.lines(" [x] Done").size() == done);
        }
        assertThat(received(first)).hasSize(2);
        assertThat(received(second)).hasSize(2);
        List<String> all = new ArrayList<>(received(first));
        all.addAll(received(second));
        assertThat(all).containsExactlyInAnyOrder(
                " [x] Received 'task 1'", " [x] Received 'task 2'",
                " [x] Received 'task 3'", " [x] Received 'task 4'");
    }

    @Test
    void aBusyWorkerGetsNoNewTaskUntilItHasAcknowledgedThePreviousOne() {
        PythonProgram busy = receiver("worker.py", 0, WAITING_FOR_MESSAGES);
        run("new_task.py", "slow" + ".".repeat(30));
        busy.awaitLine(" [x] Received 'slow" + ".".repeat(30) + "'", WAIT);

        PythonProgram idle = receiver("worker.py", 0, WAITING_FOR_MESSAGES);
        run("new_task.py", "quick 1");
        run("new_task.py", "quick 2");
        run("new_task.py", "quick 3");
        // With prefetch_count=1 the busy worker (30 s of work, no ack yet) is skipped, not round-robined.
        idle.awaitLines(" [x] Done", 3, WAIT);
        assertThat(received(idle)).containsExactly(
                " [x] Received 'quick 1'", " [x] Received 'quick 2'", " [x] Received 'quick 3'");
        assertThat(received(busy)).hasSize(1);
    }

    @Test
    void aTaskHeldByAWorkerThatDiesGoesToAnotherWorker() {
        String slow = "slow" + ".".repeat(30);
        PythonProgram dying = receiver("worker.py", 0, WAITING_FOR_MESSAGES);
        run("new_task.py", slow);
        dying.awaitLine(" [x] Received '" + slow + "'", WAIT);

        PythonProgram survivor = receiver("worker.py", 0, WAITING_FOR_MESSAGES);
        dying.kill();
        // The task was never acknowledged, so the broker hands it to the remaining worker.
        survivor.awaitLine(" [x] Received '" + slow + "'", WAIT);
        assertThat(dying.lines()).doesNotContain(" [x] Done");
    }

    // --- 3. Publish/subscribe -----------------------------------------------------------------

    @Test
    void everyLogReceiverGetsEveryBroadcastMessage() {
        PythonProgram first = receiver("receive_logs.py", 2, WAITING_FOR_LOGS);
        PythonProgram second = receiver("receive_logs.py", 2, WAITING_FOR_LOGS);
        assertThat(run("emit_log.py").lines()).contains(" [x] Sent 'info: Hello World!'");
        run("emit_log.py", "warning:", "disk", "almost", "full");
        for (PythonProgram receiver : List.of(first, second)) {
            receiver.awaitSuccess(WAIT);
            assertThat(receiver.lines(" [x]")).as("%s", receiver).containsExactly(
                    " [x] Received 'info: Hello World!'", " [x] Received 'warning: disk almost full'");
        }
    }

    @Test
    void logsEmittedWhileNobodyListensAreDropped() {
        run("emit_log.py", "lost");
        PythonProgram receiver = receiver("receive_logs.py", 1, WAITING_FOR_LOGS);
        run("emit_log.py", "seen");
        receiver.awaitSuccess(WAIT);
        assertThat(receiver.lines(" [x]")).containsExactly(" [x] Received 'seen'");
    }

    // --- 4. Routing ---------------------------------------------------------------------------

    @Test
    void directReceiversGetExactlyTheSeveritiesTheyBound() {
        PythonProgram errorsOnly = receiver("receive_logs_direct.py", 2, WAITING_FOR_LOGS, "warning", "error");
        PythonProgram everything = receiver("receive_logs_direct.py", 3, WAITING_FOR_LOGS, "info", "warning", "error");
        // Whatever was wrongly routed to a receiver would arrive before its last expected message.
        run("emit_log_direct.py", "debug", "cache miss");
        run("emit_log_direct.py", "info", "user logged in");
        assertThat(run("emit_log_direct.py", "warning", "disk 90% full").lines())
                .contains(" [x] Sent 'warning':'disk 90% full'");
        run("emit_log_direct.py", "error", "disk full");
        errorsOnly.awaitSuccess(WAIT);
        everything.awaitSuccess(WAIT);
        assertThat(errorsOnly.lines(" [x]")).containsExactly(
                " [x] 'warning':'disk 90% full'", " [x] 'error':'disk full'");
        assertThat(everything.lines(" [x]")).containsExactly(
                " [x] 'info':'user logged in'", " [x] 'warning':'disk 90% full'", " [x] 'error':'disk full'");
    }

    @Test
    void directReceiverWithoutSeveritiesPrintsUsage() {
        PythonProgram p = start("receive_logs_direct.py", Map.of());
        assertThat(p.awaitExit(WAIT)).isEqualTo(1);
        assertThat(String.join("\n", p.lines())).contains("Usage:");
    }

    // --- 5. Topics ----------------------------------------------------------------------------

    @Test
    void topicReceiversGetTheMessagesMatchingTheirPatterns() {
        PythonProgram all = receiver("receive_logs_topic.py", 5, WAITING_FOR_LOGS, "#");
        PythonProgram kernOneWord = receiver("receive_logs_topic.py", 2, WAITING_FOR_LOGS, "kern.*");
        PythonProgram critical = receiver("receive_logs_topic.py", 2, WAITING_FOR_LOGS, "*.critical");
        PythonProgram kernAnyDepth = receiver("receive_logs_topic.py", 3, WAITING_FOR_LOGS, "kern.#");
        // The last message matches every pattern, so a wrongly routed one would show up before it.
        run("emit_log_topic.py");
        run("emit_log_topic.py", "kern.disk.critical", "sda1 failing");
        run("emit_log_topic.py", "kern.info", "booted");
        run("emit_log_topic.py", "cron.critical", "job crashed");
        assertThat(run("emit_log_topic.py", "kern.critical", "A critical kernel error").lines())
                .contains(" [x] Sent 'kern.critical':'A critical kernel error'");
        for (PythonProgram receiver : List.of(all, kernOneWord, critical, kernAnyDepth)) {
            receiver.awaitSuccess(WAIT);
        }
        assertThat(all.lines(" [x]")).containsExactly(
                " [x] 'anonymous.info':'Hello World!'",
                " [x] 'kern.disk.critical':'sda1 failing'",
                " [x] 'kern.info':'booted'",
                " [x] 'cron.critical':'job crashed'",
                " [x] 'kern.critical':'A critical kernel error'");
        assertThat(kernOneWord.lines(" [x]")).containsExactly(
                " [x] 'kern.info':'booted'",
                " [x] 'kern.critical':'A critical kernel error'");
        assertThat(critical.lines(" [x]")).containsExactly(
                " [x] 'cron.critical':'job crashed'",
                " [x] 'kern.critical':'A critical kernel error'");
        assertThat(kernAnyDepth.lines(" [x]")).containsExactly(
                " [x] 'kern.disk.critical':'sda1 failing'",
                " [x] 'kern.info':'booted'",
                " [x] 'kern.critical':'A critical kernel error'");
    }

    // --- 6. RPC -------------------------------------------------------------------------------

    @Test
    void rpcClientGetsTheFibonacciNumberFromTheServer() {
        PythonProgram server = receiver("rpc_server.py", 1, " [x] Awaiting RPC requests");
        PythonProgram client = run("rpc_client.py", "15");
        assertThat(client.lines()).containsSubsequence(" [x] Requesting fib(15)", " [.] Got 610");
        server.awaitSuccess(WAIT);
        assertThat(server.lines(" [.]")).containsExactly(" [.] fib(15)");
    }

    @Test
    void concurrentRpcClientsEachGetTheAnswerToTheirOwnQuestion() {
        PythonProgram server = receiver("rpc_server.py", 3, " [x] Awaiting RPC requests");
        PythonProgram a = start("rpc_client.py", Map.of(), "20");
        PythonProgram b = start("rpc_client.py", Map.of(), "10");
        PythonProgram c = start("rpc_client.py", Map.of(), "1");
        assertThat(a.awaitSuccess(WAIT).lines()).contains(" [.] Got 6765");
        assertThat(b.awaitSuccess(WAIT).lines()).contains(" [.] Got 55");
        assertThat(c.awaitSuccess(WAIT).lines()).contains(" [.] Got 1");
        server.awaitSuccess(WAIT);
        assertThat(server.lines(" [.]")).containsExactlyInAnyOrder(" [.] fib(20)", " [.] fib(10)", " [.] fib(1)");
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Stops the broker and starts a new one on the same data directory (on a new port). */
    private void restartWarren() {
        warren.close();
        startWarren();
    }

    /** Starts a receiving program and waits until it prints its waiting line; 0 = runs until stopped. */
    private PythonProgram receiver(String script, int exitAfter, String waitingLine, String... args) {
        PythonProgram p = start(script, exitAfter > 0 ? Map.of("EXIT_AFTER", String.valueOf(exitAfter)) : Map.of(), args);
        p.awaitLine(waitingLine, WAIT);
        return p;
    }

    /** Runs a program to completion and checks it succeeded. */
    private PythonProgram run(String script, String... args) {
        return start(script, Map.of(), args).awaitSuccess(WAIT);
    }

    private PythonProgram start(String script, Map<String, String> env, String... args) {
        Path file = EXAMPLES.resolve(script);
        assertThat(Files.exists(file)).as("%s exists", file).isTrue();
        Map<String, String> all = new HashMap<>(env);
        all.put("WARREN_HOST", "127.0.0.1");
        all.put("AMQP_PORT", String.valueOf(warren.amqpPort()));
        // A safety net: receivers and RPC clients give up by themselves if the test forgets them.
        all.putIfAbsent("IDLE_TIMEOUT", "45");
        PythonProgram p = PythonProgram.start(file, all, args);
        programs.add(p);
        return p;
    }

    private static List<String> received(PythonProgram worker) {
        return worker.lines(" [x] Received");
    }
}
