package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code warren completion} prints a bash completion script that bash itself completes commands with. */
class CompletionCommandTest {

    private static String script() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WarrenCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("completion")).isZero();
        return out.toString();
    }

    /** Runs the completion function in bash for the words typed so far; returns COMPREPLY, one per line. */
    private static String complete(Path script, String... words) throws Exception {
        String quoted = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String line = "source " + script + " && COMP_WORDS=(" + quoted + ") && COMP_CWORD="
                + (words.length - 1) + " && COMP_LINE='" + String.join(" ", words) + "' && COMP_POINT=${#COMP_LINE}"
                + " && _complete_warren && printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void scriptRegistersACompletionFunctionForWarren() {
        String s = script();
        assertThat(s).contains("complete -F _complete_warren -o default warren")
                .contains("complete -F _complete_warren -o default ./warren");
    }

    @Test
    void bashCompletesSubcommandsAndOptionsWithIt(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path script = dir.resolve("warren-completion.bash");
        Files.writeString(script, script());
        assertThat(complete(script, "warren", "li")).isEqualTo("list\n");
        assertThat(complete(script, "warren", "users", "")).contains("add").contains("passwd").contains("delete");
        assertThat(complete(script, "warren", "server", "--amqp-p")).contains("--amqp-port");
        assertThat(complete(script, "warren", "permissions", "")).contains("set").contains("clear");
        assertThat(complete(script, "warren", "topic-permissions", "")).contains("set").contains("clear");
        // the kinds of list are completed too (bash may also print a compopt notice: not a candidate)
        assertThat(complete(script, "warren", "list", "perm")).containsPattern("(?m)^permissions$")
                .doesNotContain("topic-permissions").doesNotContain("policies");
        assertThat(complete(script, "warren", "list", "topic")).containsPattern("(?m)^topic-permissions$")
                .doesNotContainPattern("(?m)^permissions$");
    }
}
