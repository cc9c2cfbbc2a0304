package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testbed.SquattedDisplays;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host runtime for real: Xvfb on the leased display, xeyes as the desktop, FakeSunshine (Sunshine
 * cannot run here) on the leased ports, all children of this JVM.
 */
@ServiceTest
class SessionProcessesTest {
    static final String FIRST = "ml-alice-20250101120000-aaaaaa";
    static final String SECOND = "ml-alice-20250101120000-bbbbbb";
    static final int BASE = 47989;
    static final int SECOND_BASE = BASE + 30;
    private static final String SQUATTER = "mlxd-procs";
    @TempDir
    Path root;
    private final List<SessionProcesses> started = new ArrayList<>();

    @AfterEach
    void stopLeftovers() {
        started.forEach(p -> p.stop(Duration.ofSeconds(5)));
    }

    @Test
    void startsTheDisplayDesktopAndSunshineAsChildrenAndStopsThemLeavingNothing() throws IOException {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES));
        Path cookie = XAuthority.file(dirOf(FIRST));

        assertTrue(sessions.displayInfo(10, cookie).contains("dimensions:    1280x720 pixels"));
        assertFalse(sessions.displayAnswers(10, null), "the display must refuse clients without the session's cookie");
        TestSessions.awaitTrue(() -> SunshinePorts.allTaken(BASE), "FakeSunshine holds ports " + (BASE - 5) + "-" + (BASE + 21));
        List<SessionChild> children = session.children();
        assertEquals(List.of("X server Xvfb on :10", "desktop", "sunshine"),
                children.stream().map(SessionChild::name).toList());
        Set<Long> descendants = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        long ownSession = sessionIdOf(ProcessHandle.current().pid());
        for (SessionChild child : children) {
            assertTrue(child.process().isAlive(), child.name());
            assertTrue(descendants.contains(child.pid()), child.name() + " is in the JVM's process tree");
            assertEquals(ownSession, sessionIdOf(child.pid()), child.name() + " did not escape with setsid");
        }
        assertTrue(Files.exists(XDisplayFiles.of(10).lock()));

        StopReport report = session.stop(Duration.ofSeconds(10));

        assertTrue(report.clean(), report.toString());
        assertTrue(report.steps().get(0).startsWith("sunshine (pid "), report.toString());
        assertTrue(report.steps().get(1).startsWith("desktop (pid "), report.toString());
        assertTrue(report.steps().get(2).startsWith("X server Xvfb on :10 (pid "), report.toString());
        for (SessionChild child : children) {
            assertFalse(child.process().isAlive(), child.name());
        }
        assertFalse(Files.exists(XDisplayFiles.of(10).lock()));
        assertFalse(Files.exists(XDisplayFiles.of(10).socket()));
        assertTrue(SunshinePorts.allFree(BASE));
        assertFalse(session.failure().isDone(), "a stop is not a failure");
        assertTrue(Files.readString(dirOf(FIRST).log("sunshine.out")).contains("listening on 47984-48010 for display :10"));
    }

    @Test
    void aChildThatDiesFailsTheSessionWithAReasonNamingIt() throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE,
                List.of("sh", "-c", "sleep 1; echo 'cannot find the session bus' >&2; exit 3")));

        String reason = session.failure().get(20, TimeUnit.SECONDS);

        assertTrue(reason.startsWith("desktop exited with code 3: cannot find the session bus (log: "), reason);
        assertTrue(reason.endsWith("logs/desktop.out)"), reason);
        StopReport report = session.stop(Duration.ofSeconds(10));
        assertTrue(report.steps().stream().anyMatch(s -> s.matches("desktop \\(pid \\d+\\) had already exited with code 3")),
                report.toString());
        assertTrue(report.clean(), report.toString());
        assertTrue(SunshinePorts.allFree(BASE));
    }

    @Test
    void theAgentRunsOnTheSessionsDisplayAndIsStoppedFirst() throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES,
                List.of("sh", "-c", "echo \"agent for $DISPLAY with $*\"; exec sleep 300", "agent", "--fps", "30")));
        Path log = dirOf(FIRST).log("agent.out");
        TestSessions.awaitTrue(() -> read(log).contains("agent for :10 with --fps 30 --display :10"), "the agent's log");

        long agentPid = session.children().get(session.children().size() - 1).pid();

        StopReport report = session.stop(Duration.ofSeconds(10));

        assertTrue(report.steps().get(0).startsWith("agent (pid " + agentPid + ")"), report.toString());
        assertTrue(report.clean(), report.toString());
        assertEquals(List.of("running: started as pid " + agentPid), sessions.agentReports,
                "stopping the session is no news about the agent");
    }

    @Test
    void anAgentThatCannotBeStartedIsReportedFailedWithoutEndingTheDesktop() throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES,
                List.of(root.resolve("no-such-launcher").toString(), "agent")));

        assertEquals(List.of("failed: cannot start the agent: '" + root.resolve("no-such-launcher")
                + "' is not installed or not on PATH"), sessions.agentReports);
        assertFalse(session.failure().isDone(), "the desktop goes on without its agent");
        assertEquals(List.of("X server Xvfb on :10", "desktop", "sunshine"),
                session.children().stream().map(SessionChild::name).toList());
    }

    @Test
    void anAgentThatKeepsFailingIsStartedAgainThreeTimesThenGivenUpWithoutEndingTheDesktop() throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES,
                List.of("sh", "-c", "echo 'no native library'; exit 3")));
        Path log = dirOf(FIRST).log("agent.out");
        TestSessions.awaitTrue(() -> sessions.agentReports.stream().anyMatch(r -> r.startsWith("failed: ")),
                "the agent given up", Duration.ofSeconds(20));

        List<String> reports = List.copyOf(sessions.agentReports);
        assertEquals(List.of("running", "restarting", "running", "restarting", "running", "restarting", "running",
                "failed"), reports.stream().map(r -> r.substring(0, r.indexOf(':'))).toList(), reports.toString());
        assertTrue(reports.get(0).matches("running: started as pid \\d+"), reports.get(0));
        String exit = "agent exited with code 3: no native library (log: " + log + ")";
        assertEquals("restarting: " + exit + "; starting it again in 1000 ms (1 of 3)", reports.get(1));
        assertEquals("restarting: " + exit + "; starting it again in 4000 ms (3 of 3)", reports.get(5));
        assertEquals("failed: " + exit + "; not started again after 3 restarts", reports.get(7));
        String lines = read(log);
        assertTrue(lines.contains("not started again"), lines);
        assertEquals(4, lines.lines().filter("no native library"::equals).count(), lines);
        assertTrue(lines.contains("starting it again in 1000 ms (1 of 3)"), lines);
        assertTrue(lines.contains("starting it again in 4000 ms (3 of 3)"), lines);
        assertTrue(lines.contains("agent exited with code 3: no native library"), lines);
        assertFalse(session.failure().isDone(), "the desktop goes on without its agent");
        assertEquals(List.of("X server Xvfb on :10", "desktop", "sunshine"),
                session.children().stream().map(SessionChild::name).toList());
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aKilledXServerIsNamedAndItsLockAndSocketAreRemovedOnStop() throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES));
        SessionChild x = session.children().get(0);

        x.process().destroyForcibly();
        String reason = session.failure().get(20, TimeUnit.SECONDS);

        assertTrue(reason.startsWith("X server Xvfb on :10 exited with code 137 (killed by signal 9)"), reason);
        assertTrue(Files.exists(XDisplayFiles.of(10).lock()), "SIGKILL leaves the lock behind");
        StopReport report = session.stop(Duration.ofSeconds(10));
        assertTrue(report.steps().contains("removed /tmp/.X10-lock left by the X server"), report.toString());
        assertTrue(report.steps().contains("removed /tmp/.X11-unix/X10 left by the X server"), report.toString());
        assertFalse(Files.exists(XDisplayFiles.of(10).lock()));
    }

    @Test
    void aSecondSessionOnDisplay11With30HigherPortsRunsBesideTheFirst() throws IOException {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses first = track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES));
        SessionProcesses second = track(sessions.start(SECOND, 11, SECOND_BASE, TestSessions.XEYES));
        TestSessions.awaitTrue(() -> SunshinePorts.allTaken(BASE) && SunshinePorts.allTaken(SECOND_BASE), "both hold their ports");

        assertTrue(sessions.displayAnswers(10, XAuthority.file(dirOf(FIRST))));
        assertTrue(sessions.displayAnswers(11, XAuthority.file(dirOf(SECOND))));
        assertFalse(sessions.displayAnswers(11, XAuthority.file(dirOf(FIRST))), "one session's cookie opens only its display");

        assertTrue(first.stop(Duration.ofSeconds(10)).clean());

        assertTrue(SunshinePorts.allFree(BASE));
        assertTrue(SunshinePorts.allTaken(SECOND_BASE), "the second session keeps running");
        assertTrue(sessions.displayAnswers(11, XAuthority.file(dirOf(SECOND))));
        assertFalse(second.failure().isDone());
        assertTrue(second.stop(Duration.ofSeconds(10)).clean());
        assertTrue(SunshinePorts.allFree(SECOND_BASE));
    }

    @Test
    void aDisplayInUseIsRefusedAndNothingOfTheSecondSessionIsLeftRunning() {
        TestSessions sessions = new TestSessions(root);
        track(sessions.start(FIRST, 10, BASE, TestSessions.XEYES));
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());

        MoonlightException e = assertThrows(MoonlightException.class,
                () -> track(sessions.start(SECOND, 10, SECOND_BASE, TestSessions.XEYES)));

        assertTrue(e.getMessage().startsWith("display :10 is already in use by process "), e.getMessage());
        assertEquals(before, ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet()));
    }

    @Test
    void aDisplayWhoseAbstractSocketAnotherUserHoldsIsReportedTakenAndNothingIsLeftRunning() {
        LocalUsers.ensure(SQUATTER);
        NodeDisplays host = NodeDisplays.onThisHost();
        int display = IntStream.rangeClosed(900, 999).filter(d -> !host.busy(d)).findFirst().orElseThrow();
        TestSessions sessions = new TestSessions(root);

        try (SquattedDisplays squatted = SquattedDisplays.bind(SQUATTER, List.of(display), Duration.ofSeconds(60))) {
            Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
            DisplayTakenException e = assertThrows(DisplayTakenException.class,
                    () -> track(sessions.start(FIRST, display, BASE, TestSessions.XEYES)));

            assertEquals(display, e.display());
            assertTrue(e.getMessage().startsWith("the display did not come up: X server Xvfb on :" + display
                    + " exited with code 1: "), e.getMessage());
            assertEquals(before, ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet()));
            assertFalse(Files.exists(XDisplayFiles.of(display).lock()));
        }
    }

    @Test
    void anXServerThatFailsOnAFreeDisplayIsNoTakenDisplay() {
        NodeDisplays host = NodeDisplays.onThisHost();
        int display = IntStream.rangeClosed(900, 999).filter(d -> !host.busy(d)).findFirst().orElseThrow();
        TestSessions sessions = new TestSessions(root, XServer.XORG, root.resolve("no-such-xorg.conf"));

        MoonlightException e = assertThrows(MoonlightException.class,
                () -> track(sessions.start(FIRST, display, BASE, TestSessions.XEYES)));

        assertFalse(e instanceof DisplayTakenException, e.getMessage());
        assertTrue(e.getMessage().startsWith("the display did not come up: X server Xorg on :" + display), e.getMessage());
    }

    @Test
    void processesThatLeftTheTreeAreFoundByTheSessionMarkerAndStopped() throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionProcesses session = track(sessions.start(FIRST, 10, BASE,
                List.of("sh", "-c", "(setsid sleep 300 &); exec xeyes")));
        TestSessions.awaitTrue(() -> !StrayProcesses.onThisHost().of(FIRST).stream()
                .filter(p -> p.info().command().orElse("").endsWith("/sleep")).toList().isEmpty(), "the daemon started");
        ProcessHandle stray = StrayProcesses.onThisHost().of(FIRST).stream()
                .filter(p -> p.info().command().orElse("").endsWith("/sleep")).findFirst().orElseThrow();
        assertFalse(ProcessHandle.current().descendants().anyMatch(p -> p.pid() == stray.pid()), "it left the tree");

        StopReport report = session.stop(Duration.ofSeconds(10));

        assertTrue(report.steps().stream().anyMatch(s -> s.startsWith("stopped 1 process(es) that had left the session's tree (pid "
                + stray.pid() + ")")), report.toString());
        assertFalse(stray.isAlive());
        assertTrue(report.clean(), report.toString());
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledWithinTheGraceTime() {
        TestSessions sessions = new TestSessions(root);
        SessionDirectory dir = sessions.prepare(FIRST, 10, BASE);
        List<String> stubbornSunshine = List.of("python3", "-c",
                "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ignoring SIGTERM', flush=True); "
                + "time.sleep(300)");
        SessionProcesses session = track(SessionProcesses.start(
                sessions.launch(FIRST, dir, 10, TestSessions.XEYES, stubbornSunshine),
                new HostRuntime(), new ProcessCommandRunner(), new SecureRandom(), sessions.agentListener));
        TestSessions.awaitTrue(() -> logOf(dir, "sunshine.out").contains("ignoring SIGTERM"), "the stubborn child is ready");
        long start = System.nanoTime();

        StopReport report = session.stop(Duration.ofSeconds(3));

        assertTrue(report.steps().get(0).matches("sunshine \\(pid \\d+\\) killed with SIGKILL after \\d\\.\\d s \\(SIGTERM was not enough\\)"),
                report.toString());
        assertTrue(report.steps().get(2).contains("stopped by SIGTERM"), report.toString());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(6).toNanos(), "stop kept to the grace time");
        assertTrue(report.clean(), report.toString());
    }

    @Test
    void vncDisplaysAreRefused() {
        SessionDirectory dir = SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", FIRST);
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> new TestSessions(root).launch(FIRST, dir, 5, TestSessions.XEYES, FakeSunshine.command()));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(":5"), e.getMessage());
    }

    private SessionProcesses track(SessionProcesses processes) {
        started.add(processes);
        return processes;
    }

    private SessionDirectory dirOf(String id) {
        return SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", id);
    }

    private static String logOf(SessionDirectory dir, String name) {
        try {
            return Files.readString(dir.log(name));
        } catch (IOException e) {
            return "";
        }
    }

    /** The session id (field 6 of /proc/PID/stat): setsid would give the child its own. */
    private static long sessionIdOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }
}
