package io.moonlight.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void argumentsArePassedAsIsWithoutAShell() {
        ExecResult result = runner.run(ExternalCommand.of("printf", "%s|", "a b", "$HOME", "';rm -rf /'"));
        assertEquals("a b|$HOME|';rm -rf /'|", result.stdout(), "output is collected exactly, no newline added");
        assertTrue(result.succeeded());
    }

    @Test
    void stdinEnvAndWorkingDirectoryReachTheProgram(@TempDir Path dir) {
        assertEquals("hello\n", runner.run(ExternalCommand.of("cat").withStdin("hello\n")).stdout());
        assertEquals("v1\n", runner.run(ExternalCommand.of("printenv", "ML_TEST").withEnv("ML_TEST", "v1")).stdout());
        assertEquals(dir.toString() + "\n", runner.run(ExternalCommand.of("pwd").inDirectory(dir)).stdout());
    }

    @Test
    void nonZeroExitIsAResultAndOrFailQuotesTheComplaint() {
        ExecResult result = runner.run(ExternalCommand.of("ls", "/no/such/dir"));
        assertEquals(2, result.exitCode());
        MoonlightException e = assertThrows(MoonlightException.class, () -> result.orFail("listing failed", "hint"));
        assertTrue(e.getMessage().startsWith("listing failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(exit 2)"), e.getMessage());
    }

    @Test
    void missingProgramIsUnavailable() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> runner.run(ExternalCommand.of("moonlight-no-such-tool")));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("moonlight-no-such-tool"));
    }

    @Test
    void timeoutKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ExternalCommand slow = ExternalCommand.of("bash", "-c", "sleep 30 & echo $! > " + pidFile + "; wait")
                .withTimeout(Duration.ofMillis(500));
        MoonlightException e = assertThrows(MoonlightException.class, () -> runner.run(slow));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(child).ifPresent(handle -> handle.onExit().orTimeout(5, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "child still alive");
    }

    @Test
    void aTimedOutCommandGetsSigtermFirstAsSudoNeedsToPassItOn(@TempDir Path dir) {
        Path stopped = dir.resolve("stopped");
        // Two seconds: time for bash to set its trap even on a busy host.
        ExternalCommand slow = ExternalCommand.of("bash", "-c", "trap 'echo TERM > " + stopped + "; exit 143' TERM; "
                + "sleep 30 & wait").withTimeout(Duration.ofSeconds(2));
        assertThrows(MoonlightException.class, () -> runner.run(slow));
        assertTrue(Files.exists(stopped), "the command saw SIGTERM before being killed");
    }

    @Test
    void outputLinesStreamAsTheyArrive() {
        List<String> lines = new ArrayList<>();
        runner.run(ExternalCommand.of("printf", "one\\ntwo\\n").onOutputLine(lines::add));
        assertEquals(List.of("one", "two"), lines);
    }

    @Test
    void dryRunRunsReadOnlyCommandsAndRecordsTheOthers(@TempDir Path dir) {
        DryRunPlan plan = new DryRunPlan();
        DryRunCommandRunner dry = new DryRunCommandRunner(runner, plan);
        Path target = dir.resolve("made");
        ExecResult skipped = dry.run(ExternalCommand.of("touch", target.toString()));
        assertTrue(skipped.succeeded());
        assertFalse(Files.exists(target));
        assertEquals("x\n", dry.run(ExternalCommand.of("echo", "x").asReadOnly()).stdout());
        assertEquals(List.of(new DryRunPlan.Action("run", "touch " + target, null)), plan.actions());
    }

    @Test
    void displayQuotesForAPosixShell() {
        assertEquals("FOO='a b' sacctmgr -i add qos 'it'\\''s' ''",
                ExternalCommand.of("sacctmgr", "-i", "add", "qos", "it's", "").withEnv("FOO", "a b").display());
    }
}
