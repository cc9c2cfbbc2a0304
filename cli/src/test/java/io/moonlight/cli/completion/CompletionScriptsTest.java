package io.moonlight.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionScriptsTest {
    /** The repository's committed scripts (tests run in the cli module's directory). */
    private static final Path COMMITTED = Path.of("..", "completions");
    private static final String REFRESH =
            "mvn -q -B -DskipTests package && cp cli/target/completions/moonlight.bash cli/target/completions/_moonlight completions/";

    @TempDir
    Path dir;

    @Test
    void committedBashScriptMatchesTheCommandModel() throws IOException {
        assertFresh(CompletionScripts.BASH_FILE, CompletionScripts.bash(Main.commandLine()));
    }

    @Test
    void committedZshScriptMatchesTheCommandModel() throws IOException {
        assertFresh(CompletionScripts.ZSH_FILE, CompletionScripts.zsh(Main.commandLine()));
    }

    @Test
    void bashCompletesCommandsSubcommandsAndValues() throws Exception {
        Path script = write(CompletionScripts.BASH_FILE, CompletionScripts.bash(Main.commandLine()));
        assertEquals(List.of("config"), complete("bash", script, "moonlight", "con"));
        assertEquals(List.of("show"), complete("bash", script, "moonlight", "config", "sh"));
        assertEquals(List.of("bash", "zsh"), complete("bash", script, "moonlight", "completion", ""));
        assertTrue(complete("bash", script, "moonlight", "config", "show", "--").contains("--json"));
    }

    @Test
    void zshCompletesTheFirstTabWhenAutoloadedFromFpath() throws Exception {
        write(CompletionScripts.ZSH_FILE, CompletionScripts.zsh(Main.commandLine()));
        assertTrue(typeInZsh("fpath=(" + dir + " $fpath)", "moonlight config sh", "moonlight config show"));
    }

    @Test
    void zshCompletesWhenTheScriptIsSourced() throws Exception {
        Path script = write(CompletionScripts.ZSH_FILE, CompletionScripts.zsh(Main.commandLine()));
        assertTrue(typeInZsh("source " + script, "moonlight completion z", "moonlight completion zsh"));
    }

    /**
     * Types {@code line} and TAB into an interactive zsh (on a pseudo-terminal of zsh's own zpty
     * module) set up with {@code setup}; true when the command line then reads {@code expected}.
     */
    private boolean typeInZsh(String setup, String line, String expected) throws Exception {
        String driver = String.join("\n",
                "zmodload zsh/zpty",
                "zpty -b z 'zsh -f -i'",
                "zpty -w z \"PS1='> '; moonlight() { :; }; " + setup + "; autoload -U compinit; compinit -u -D\"",
                "zpty -w -n z $'" + line + "\\t'",
                "zpty -r z out '*" + expected + "*' && print COMPLETED",
                "zpty -d z");
        Process process = new ProcessBuilder("zsh", "-f", "-c", driver).redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return false;
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("COMPLETED");
    }

    private void assertFresh(String name, String generated) throws IOException {
        Path committed = COMMITTED.resolve(name);
        String actual = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        assertEquals(generated, actual, "completions/" + name + " is stale (the commands or options changed);"
                + " refresh it from the repository root with: " + REFRESH);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** What the shell would offer for the last word, as the completion function computes it. */
    private static List<String> complete(String shell, Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append('\'');
        }
        String line = String.join(" ", words);
        return run(shell, "-c", "source \"$0\"; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_moonlight 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"", script.toString())
                .stream().filter(s -> !s.isBlank()).map(String::strip).toList();
    }

    private static List<String> run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", argv) + " failed: " + out);
        return out.lines().toList();
    }
}
