package io.moonlight.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SshConfig;
import io.moonlight.core.exec.DryRunCommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@ServiceTest
class SshCommandRunnerTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    private static SshCommandRunner ssh;

    @BeforeAll
    static void connect() {
        ssh = SSHD.connect();
    }

    @AfterAll
    static void disconnect() {
        ssh.close();
    }

    @Test
    void returnsOutputAndExitCodeAndStreamsLines() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ExecResult result = ssh.run(ExternalCommand.of("sh", "-c", "echo out; echo err >&2; exit 3")
                .onOutputLine(lines::add));
        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertEquals(List.of("err", "out"), lines.stream().sorted().toList());
        assertEquals("127.0.0.1", ssh.target());
    }

    @Test
    void argumentsReachTheProgramLiterallyNotThroughTheShell() {
        String word = "a  b; $(touch /tmp/x) `id` 'q' \"d\" \\ *";
        assertEquals(word, ssh.run(ExternalCommand.of("printf", "%s", word)).stdout());
    }

    @Test
    void standardInputPassesThrough() {
        String input = "first line\nsecond 'line' $HOME\n";
        assertEquals(input, ssh.run(ExternalCommand.of("cat").withStdin(input)).stdout());
    }

    @Test
    void environmentAndWorkingDirectoryPass() {
        ExecResult result = ssh.run(ExternalCommand.of("sh", "-c", "printf '%s|' \"$GREETING\" \"$PWD\"")
                .withEnv("GREETING", "hello world; $USER")
                .inDirectory(SSHD.dir()));
        assertEquals("hello world; $USER|" + SSHD.dir() + "|", result.stdout());
    }

    @Test
    void timeoutKillsTheRemoteCommand() throws Exception {
        Path pidFile = SSHD.dir().resolve("sleeper.pid");
        long start = System.nanoTime();
        MoonlightException e = assertThrows(MoonlightException.class, () -> ssh.run(
                ExternalCommand.of("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 300")
                        .withTimeout(Duration.ofSeconds(1))));
        assertEquals(ExitCode.ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        Path proc = Path.of("/proc", Files.readString(pidFile).strip());
        for (int i = 0; i < 50 && Files.exists(proc); i++) {
            Thread.sleep(100);
        }
        assertFalse(Files.exists(proc), "the remote sleep still runs");
        assertEquals("still usable\n", ssh.run(ExternalCommand.of("echo", "still usable")).stdout());
    }

    @Test
    void deathBySignalIsAnError() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> ssh.run(ExternalCommand.of("sh", "-c", "kill -TERM $$")));
        assertEquals(ExitCode.ERROR, e.exitCode());
        assertTrue(e.getMessage().endsWith("on 127.0.0.1 was killed by signal TERM"), e.getMessage());
    }

    @Test
    void hashedKnownHostsEntriesAreAccepted() throws Exception {
        Path hashed = SSHD.dir().resolve("known_hosts_hashed");
        Files.copy(SSHD.knownHosts(), hashed);
        new ProcessCommandRunner().run(ExternalCommand.of("ssh-keygen", "-H", "-f", hashed.toString()))
                .orFail("ssh-keygen -H", null);
        assertTrue(Files.readString(hashed).startsWith("|1|"));
        try (SshCommandRunner runner = SshCommandRunner.connect(SSHD.node(), config(SSHD.identityFile(), hashed))) {
            assertEquals(0, runner.run(ExternalCommand.of("true")).exitCode());
        }
    }

    @Test
    void unknownHostKeyIsRefused() throws Exception {
        Path empty = Files.writeString(SSHD.dir().resolve("known_hosts_empty"), "");
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SshCommandRunner.connect(SSHD.node(), config(SSHD.identityFile(), empty)));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("ssh-ed25519 SHA256:"), e.getMessage());
        assertEquals("verify that fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then run: "
                + "ssh-keyscan -p " + SSHD.port() + " 127.0.0.1 >> " + empty, e.hint().orElseThrow());
    }

    @Test
    void missingKnownHostsFileRefusesLikeAnUnknownKey() {
        Path missing = SSHD.dir().resolve("no-such-known_hosts");
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SshCommandRunner.connect(SSHD.node(), config(SSHD.identityFile(), missing)));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("is not in " + missing), e.getMessage());
        assertFalse(Files.exists(missing), "known_hosts is never written");
    }

    @Test
    void changedHostKeyIsRefused() throws Exception {
        Path other = SSHD.keygen("other_host_key");
        Path stale = Files.writeString(SSHD.dir().resolve("known_hosts_stale"),
                "[127.0.0.1]:" + SSHD.port() + " " + Files.readString(Path.of(other + ".pub")));
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SshCommandRunner.connect(SSHD.node(), config(SSHD.identityFile(), stale)));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().contains("changed"), e.getMessage());
    }

    @Test
    void wrongClientKeyIsRefused() {
        Path stranger = SSHD.keygen("stranger_key");
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SshCommandRunner.connect(SSHD.node(), config(stranger, SSHD.knownHosts())));
        assertEquals(ExitCode.ERROR, e.exitCode());
        assertTrue(e.getMessage().contains("refused for the key " + stranger), e.getMessage());
    }

    @Test
    void closedPortIsUnavailable() {
        NodeAddress nowhere = new NodeAddress("root", "127.0.0.1", 1);
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SshCommandRunner.connect(nowhere, SSHD.sshConfig()));
        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1 port 1"), e.getMessage());
    }

    @Test
    void dryRunRecordsChangesWithTheHostAndRunsOnlyReads() {
        Path marker = SSHD.dir().resolve("dry-run-marker");
        DryRunPlan plan = new DryRunPlan();
        DryRunCommandRunner dryRun = new DryRunCommandRunner(ssh, plan);
        dryRun.run(ExternalCommand.of("touch", marker.toString()));
        assertEquals("ok\n", dryRun.run(ExternalCommand.of("echo", "ok").asReadOnly()).stdout());
        assertFalse(Files.exists(marker));
        assertEquals(List.of(new DryRunPlan.Action("run", "127.0.0.1: touch " + marker, null)), plan.actions());
    }

    private static SshConfig config(Path identity, Path knownHosts) {
        SshConfig base = SSHD.sshConfig();
        return new SshConfig(base.user(), base.port(), identity, knownHosts, 5);
    }
}
