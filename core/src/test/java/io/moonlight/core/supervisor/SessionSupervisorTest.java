package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SupervisorConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.ServiceTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole session from files to stop, on the host runtime with Xvfb, xeyes and FakeSunshine. */
@ServiceTest
class SessionSupervisorTest {
    static final String ID = SessionProcessesTest.FIRST;
    static final int BASE = SessionProcessesTest.BASE;
    @TempDir
    Path root;

    @Test
    void aStopRequestEndsTheSessionAndLeavesNothingRunning() throws Exception {
        RecordingEvents events = new RecordingEvents();
        SessionSupervisor supervisor = supervisor(TestSessions.XEYES);
        CompletableFuture<SupervisorOutcome> run = CompletableFuture.supplyAsync(() -> supervisor.run(events));

        SessionEndpoints ready = events.ready.get(30, TimeUnit.SECONDS);
        assertEquals(10, ready.display());
        assertEquals(BASE + 1, ready.webUiPort());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ready.webUiLogin())));
        TestSessions.awaitTrue(() -> SunshinePorts.allTaken(BASE), "FakeSunshine holds the leased ports");
        supervisor.requestStop("stopped by the user");
        SupervisorOutcome outcome = run.get(30, TimeUnit.SECONDS);

        assertEquals(SessionState.ENDED, outcome.state());
        assertEquals("stopped by the user", outcome.reason());
        assertTrue(outcome.stop().clean(), outcome.toString());
        assertEquals(List.of(outcome), events.ended);
        assertTrue(SunshinePorts.allFree(BASE));
        assertFalse(Files.exists(XDisplayFiles.of(10).lock()));
        assertEquals(List.of(), events.agent, "a plan without an agent has no news about one");
    }

    @Test
    void theEventsHearWhatTheAgentDoes() throws Exception {
        RecordingEvents events = new RecordingEvents();
        SessionSupervisor supervisor = supervisor(TestSessions.XEYES, FakeSunshine.command(),
                List.of("sh", "-c", "exit 3"));
        CompletableFuture<SupervisorOutcome> run = CompletableFuture.supplyAsync(() -> supervisor.run(events));

        TestSessions.awaitTrue(() -> events.agent.contains(AgentState.RESTARTING), "the agent's restart",
                Duration.ofSeconds(10));
        supervisor.requestStop("stopped by the user");

        assertEquals(SessionState.ENDED, run.get(30, TimeUnit.SECONDS).state());
        assertEquals(List.of(AgentState.RUNNING, AgentState.RESTARTING), events.agent.subList(0, 2));
    }

    @Test
    void withoutSunshineTheDesktopRunsAloneAndStopsCleanly() throws Exception {
        RecordingEvents events = new RecordingEvents();
        SessionSupervisor supervisor = supervisor(TestSessions.XEYES, List.of());
        CompletableFuture<SupervisorOutcome> run = CompletableFuture.supplyAsync(() -> supervisor.run(events));

        SessionEndpoints ready = events.ready.get(30, TimeUnit.SECONDS);
        assertEquals(10, ready.display());
        List<String> running = ProcessHandle.current().descendants()
                .map(p -> Path.of(p.info().command().orElse("?")).getFileName().toString()).toList();
        assertTrue(running.contains("Xvfb") && running.contains("xeyes"), running.toString());
        assertFalse(running.stream().anyMatch(c -> c.startsWith("python")), "no Sunshine: " + running);
        assertTrue(SunshinePorts.allFree(BASE), "nothing holds the Sunshine ports");
        assertFalse(Files.exists(ready.webUiLogin().resolveSibling("sunshine-credentials.json")),
                "no Sunshine was asked to store a login");
        supervisor.requestStop("stopped by the user");
        SupervisorOutcome outcome = run.get(30, TimeUnit.SECONDS);

        assertEquals(SessionState.ENDED, outcome.state());
        assertTrue(outcome.stop().clean(), outcome.toString());
        assertFalse(Files.exists(XDisplayFiles.of(10).lock()));
    }

    @Test
    void aDesktopThatEndsFailsTheSessionNamingIt() throws Exception {
        RecordingEvents events = new RecordingEvents();
        SupervisorOutcome outcome = supervisor(List.of("sh", "-c", "sleep 1; exit 4")).run(events);

        assertEquals(SessionState.FAILED, outcome.state());
        assertTrue(outcome.reason().startsWith("desktop exited with code 4"), outcome.reason());
        assertTrue(events.ready.isDone());
        assertTrue(outcome.stop().clean(), outcome.toString());
        assertTrue(SunshinePorts.allFree(BASE));
    }

    @Test
    void aDesktopThatCannotStartFailsTheSessionAndStopsTheDisplay() {
        RecordingEvents events = new RecordingEvents();
        SupervisorOutcome outcome = supervisor(List.of("no-such-desktop")).run(events);

        assertEquals(SessionState.FAILED, outcome.state());
        assertEquals("cannot start the desktop: 'no-such-desktop' is not installed or not on PATH", outcome.reason());
        assertFalse(events.ready.isDone(), "never READY");
        assertFalse(Files.exists(XDisplayFiles.of(10).lock()), "the display started before was stopped");
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").endsWith("Xvfb")));
    }

    @Test
    void sigtermToTheSupervisorJvmStopsTheSessionInOrderAndReportsItEnded() throws Exception {
        Process jvm = supervisorJvm(List.of());
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        try {
            String first = out.readLine();
            assertEquals("READY 10 " + BASE, first);
            TestSessions.awaitTrue(() -> SunshinePorts.allTaken(BASE), "FakeSunshine holds the leased ports");
            List<ProcessHandle> tree = jvm.descendants().toList();
            assertEquals(3, tree.stream().filter(p -> p.parent().map(q -> q.pid() == jvm.pid()).orElse(false)).count(),
                    "X server, desktop and Sunshine are the supervisor's children");

            // SIGTERM through the handle: Process.destroy() would also close the pipe still to be read.
            jvm.toHandle().destroy();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));

            assertEquals("ENDED stopped by SIGTERM (scancel or the time limit)", lines.get(0), lines.toString());
            assertTrue(lines.get(1).startsWith("STEP sunshine (pid "), lines.toString());
            assertTrue(lines.get(2).startsWith("STEP desktop (pid "), lines.toString());
            assertTrue(lines.get(3).startsWith("STEP X server Xvfb on :10 (pid "), lines.toString());
            assertTrue(lines.contains("SURVIVORS []"), lines.toString());
            assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "every process of the session is gone");
            assertFalse(Files.exists(XDisplayFiles.of(10).lock()));
            assertFalse(Files.exists(XDisplayFiles.of(10).socket()));
            assertTrue(SunshinePorts.allFree(BASE));
        } finally {
            killAll(jvm);
        }
    }

    @Test
    void sigtermToEveryProcessOfTheJobAtOnceEndsTheSessionRatherThanFailingIt() throws Exception {
        // Its own process group, as slurmstepd gives a job: the group can then be signalled as Slurm does.
        Process jvm = supervisorJvm(List.of("setsid"));
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        try {
            assertEquals("READY 10 " + BASE, out.readLine());
            TestSessions.awaitTrue(() -> SunshinePorts.allTaken(BASE), "FakeSunshine holds the leased ports");
            List<ProcessHandle> tree = jvm.descendants().toList();

            assertTrue(new ProcessCommandRunner().run(ExternalCommand.of("kill", "-TERM", "--", "-" + jvm.pid())).succeeded());
            List<String> lines = new ArrayList<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }

            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            assertEquals("ENDED stopped by SIGTERM (scancel or the time limit)", lines.get(0), lines.toString());
            assertTrue(lines.contains("SURVIVORS []"), lines.toString());
            assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "every process of the session is gone");
            assertFalse(Files.exists(XDisplayFiles.of(10).lock()));
            assertTrue(SunshinePorts.allFree(BASE));
        } finally {
            killAll(jvm);
        }
    }

    /** A JVM running {@link SupervisedSessionMain} for session {@link #ID} on display :10, started through {@code prefix}. */
    private Process supervisorJvm(List<String> prefix) throws IOException {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SupervisedSessionMain.class.getName(),
                root.toString(), ID, "10", String.valueOf(BASE)));
        return new ProcessBuilder(argv).redirectErrorStream(true).start();
    }

    private static void killAll(Process jvm) {
        List<ProcessHandle> left = new ArrayList<>(jvm.descendants().toList());
        left.add(jvm.toHandle());
        left.forEach(ProcessHandle::destroyForcibly);
        TestSessions.awaitTrue(() -> left.stream().noneMatch(ProcessHandle::isAlive), "the test's processes are gone");
    }

    @Test
    void xvfbWithACaptureMethodItCannotServeIsRefusedBeforeAnythingStarts() {
        SessionSpec spec = new SessionSpec("xfce4", TestSessions.GEOMETRY, 60, 20000, Codec.H264, 1);
        SunshineSettings nvfbc = new SunshineSettings(null, "nvfbc", null, null, null, null, null, null, null);
        MoonlightException e = assertThrows(MoonlightException.class, () -> new SupervisorPlan(ID, spec,
                new Lease("localhost", ID, BASE, 10), SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", ID),
                nvfbc, XServer.XVFB, SupervisorConfig.DEFAULT_XORG_CONFIG, TestSessions.XEYES, FakeSunshine.command(), List.of(),
                false, Duration.ofSeconds(10), Duration.ofSeconds(20)));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("Sunshine cannot capture Xvfb through nvfbc", e.getMessage());
    }

    @Test
    void aLeaseOfAnotherSessionIsRefused() {
        SessionSpec spec = new SessionSpec("xfce4", TestSessions.GEOMETRY, 60, 20000, Codec.H264, 1);
        MoonlightException e = assertThrows(MoonlightException.class, () -> new SupervisorPlan(ID, spec,
                new Lease("localhost", SessionProcessesTest.SECOND, BASE, 10),
                SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", ID), SunshineSettings.defaults(),
                XServer.XVFB, SupervisorConfig.DEFAULT_XORG_CONFIG, TestSessions.XEYES, FakeSunshine.command(), List.of(),
                false, Duration.ofSeconds(10), Duration.ofSeconds(20)));

        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    private SessionSupervisor supervisor(List<String> desktop) {
        return supervisor(desktop, FakeSunshine.command());
    }

    private SessionSupervisor supervisor(List<String> desktop, List<String> sunshine) {
        return supervisor(desktop, sunshine, List.of());
    }

    private SessionSupervisor supervisor(List<String> desktop, List<String> sunshine, List<String> agent) {
        SessionSpec spec = new SessionSpec("xfce4", TestSessions.GEOMETRY, 60, 20000, Codec.H264, 1);
        SupervisorPlan plan = new SupervisorPlan(ID, spec, new Lease("localhost", ID, BASE, 10),
                SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", ID), SunshineSettings.defaults(),
                XServer.XVFB, SupervisorConfig.DEFAULT_XORG_CONFIG, desktop, sunshine, agent, false, Duration.ofSeconds(10),
                Duration.ofSeconds(20));
        return new SessionSupervisor(plan, DisplayLeases.NONE, new HostRuntime(), new ProcessCommandRunner(),
                TemplateRenderer.shipped(), new SecureRandom());
    }

    static final class RecordingEvents implements SupervisorEvents {
        final CompletableFuture<SessionEndpoints> ready = new CompletableFuture<>();
        final List<SupervisorOutcome> ended = new CopyOnWriteArrayList<>();
        final List<AgentState> agent = new CopyOnWriteArrayList<>();

        @Override
        public void ready(SessionEndpoints endpoints) {
            ready.complete(endpoints);
        }

        @Override
        public void agent(AgentState state, String reason) {
            agent.add(state);
        }

        @Override
        public void ended(SupervisorOutcome outcome) {
            ended.add(outcome);
        }
    }
}
