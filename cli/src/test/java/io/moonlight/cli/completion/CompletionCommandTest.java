package io.moonlight.cli.completion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CompletionCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void printsTheBashScriptOfTheCommandModel() {
        assertEquals(0, run("completion", "bash"));
        assertEquals(CompletionScripts.bash(Main.commandLine()), out.toString());
    }

    @Test
    void printsTheZshScriptOfTheCommandModel() {
        assertEquals(0, run("completion", "zsh"));
        assertEquals(CompletionScripts.zsh(Main.commandLine()), out.toString());
        assertTrue(out.toString().startsWith("#compdef moonlight\n"));
    }

    @Test
    void anUnknownShellIsAUsageError() {
        assertEquals(2, run("completion", "fish"));
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("moonlight: "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
