package io.moonlight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** An error is one line with a hint; the stack trace only with --verbose. */
class VerboseErrorsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void anErrorIsOneLineWithAHintAndNoStackTrace() {
        String missing = dir.resolve("missing.yaml").toString();
        assertEquals(2, run("config", "show", "--config", missing));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("moonlight: configuration file not found: " + missing + " (hint: "),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void verbosePrintsTheStackTraceAfterTheLine() {
        String missing = dir.resolve("missing.yaml").toString();
        assertEquals(2, run("config", "show", "--verbose", "--config", missing));
        String[] lines = err.toString().split("\n");
        assertTrue(lines[0].startsWith("moonlight: configuration file not found: "), err.toString());
        assertTrue(lines.length > 3, err.toString());
        assertTrue(err.toString().contains("\tat io.moonlight.core.config.ConfigLoader"), err.toString());
    }

    /** A command with a bug: it fails with something other than a MoonlightException. */
    @Command(name = "broken")
    static final class BrokenCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("no such state");
        }
    }

    @Test
    void anInternalErrorIsOneLineAskingForVerboseAndVerboseShowsTheTrace() {
        CommandLine cli = Main.commandLine().addSubcommand(new BrokenCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertEquals(1, cli.execute("broken"));
        assertEquals("moonlight: internal error: java.lang.IllegalStateException: no such state"
                + " (hint: run again with --verbose and report the stack trace)\n", err.toString());

        StringWriter verboseErr = new StringWriter();
        CommandLine verbose = Main.commandLine().addSubcommand(new BrokenCommand());
        verbose.setErr(new PrintWriter(verboseErr));
        assertEquals(1, verbose.execute("--verbose", "broken"));
        assertTrue(verboseErr.toString().contains("\tat io.moonlight.cli.VerboseErrorsTest$BrokenCommand.call"),
                verboseErr.toString());
    }

    @Test
    void aUsageErrorNamesTheHelpOfTheCommandAndHasNoTraceEvenVerbose() {
        assertEquals(2, run("--verbose", "config", "show", "--no-such-option"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("(hint: see 'moonlight config show --help')"), err.toString());
        assertFalse(err.toString().contains("\tat "));
    }
}
