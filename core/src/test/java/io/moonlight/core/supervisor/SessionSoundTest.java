package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's own PulseAudio server for real: started before the desktop as a child of this JVM,
 * reached by the desktop and the agent through PULSE_SERVER, playable with paplay, stopped with the
 * session; and a session whose sound server cannot start runs silent.
 */
@ServiceTest
class SessionSoundTest {
    private static final String ID = "ml-alice-20250101120000-aaaaaa";
    private static final int BASE = 47989;
    /** Stands in for the agent: the supervisor appends the display to its arguments. */
    private static final List<String> AGENT = List.of("sh", "-c", "exec sleep 300", "agent");
    @TempDir
    Path root;
    private final List<SessionProcesses> started = new ArrayList<>();
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @AfterEach
    void stopLeftovers() {
        started.forEach(p -> p.stop(Duration.ofSeconds(5)));
    }

    @Test
    void theSessionsSoundServerHasTheNullSinkAsDefaultServesTheDesktopAndTheAgentAndStopsWithTheSession()
            throws Exception {
        TestSessions sessions = new TestSessions(root);
        SessionDirectory dir = SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", ID);
        Path desktopSaw = dir.dir().resolve("desktop-pactl.txt");
        List<String> desktop = List.of("sh", "-c", "pactl info > " + desktopSaw + "; exec sleep 300");
        SessionProcesses session = start(sessions, desktop, AGENT);
        SoundServer sound = new SoundServer(dir);

        assertEquals(List.of("X server Xvfb on :10", "sound server", "desktop", "sunshine", "agent"),
                session.children().stream().map(SessionChild::name).toList());
        SessionChild server = session.children().get(1);
        assertTrue(ProcessHandle.current().descendants().anyMatch(p -> p.pid() == server.pid()),
                "the sound server is in the job's process tree");
        TestSessions.awaitTrue(() -> read(desktopSaw).contains("Default Sink: moonlight"),
                "the desktop reaches the session's server through PULSE_SERVER");
        assertTrue(read(desktopSaw).contains("Server String: " + sound.address()), read(desktopSaw));
        for (SessionChild child : session.children().subList(2, 5)) {
            assertEquals(sound.address(), environment(child.pid()).get(SoundServer.SERVER_VARIABLE), child.name());
        }
        assertEquals(Set.of(), Files.getPosixFilePermissions(sound.directory()).stream()
                .filter(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")).collect(Collectors.toSet()),
                "only the session's user reaches the socket");

        Path tone = root.resolve("tone.raw");
        Files.write(tone, new byte[48000 * 4 / 5]);
        ExecResult played = runner.run(ExternalCommand.of("paplay", "--server", sound.address(), "--raw",
                "--format=s16le", "--rate=48000", "--channels=2", tone.toString()).withTimeout(Duration.ofSeconds(10)));
        assertTrue(played.succeeded(), played.complaint());
        assertTrue(pactl(sound, "list", "short", "sinks").stdout().contains("moonlight"));

        StopReport report = session.stop(Duration.ofSeconds(10));

        assertTrue(report.clean(), report.toString());
        assertTrue(report.steps().stream().anyMatch(s -> s.startsWith("sound server (pid " + server.pid() + ")")),
                report.toString());
        assertFalse(server.process().isAlive());
        assertFalse(pactl(sound, "info").succeeded(), "nothing answers on the session's socket after the stop");
        assertEquals(List.of("running: started as pid " + session.children().get(4).pid()), sessions.agentReports);
    }

    @Test
    void aSoundServerThatCannotStartLeavesTheDesktopSilentAndTheAgentsReportSaysWhy() throws Exception {
        // A session root this deep leaves no room for the socket's path (108 bytes).
        Path deep = Files.createDirectories(root.resolve("x".repeat(70)));
        TestSessions sessions = new TestSessions(deep);
        SessionProcesses session = start(sessions, TestSessions.XEYES, AGENT);

        assertEquals(List.of("X server Xvfb on :10", "desktop", "sunshine", "agent"),
                session.children().stream().map(SessionChild::name).toList());
        assertFalse(session.failure().isDone(), "the desktop runs silent");
        assertFalse(environment(session.children().get(1).pid()).containsKey(SoundServer.SERVER_VARIABLE));
        String report = sessions.agentReports.get(0);
        assertTrue(report.matches("running: started as pid \\d+; no sound: the sound server's socket path .* is longer"
                + " than 107 bytes"), report);
        SessionDirectory dir = SessionDirectory.of(SessionDirectoryTest.paths(deep), "alice", ID);
        assertTrue(read(dir.log(SessionProcesses.SOUND_LOG)).contains("the desktop runs silent"));
    }

    private SessionProcesses start(TestSessions sessions, List<String> desktop, List<String> agent) {
        SessionProcesses session = sessions.start(ID, 10, BASE, desktop, agent, true);
        started.add(session);
        return session;
    }

    private ExecResult pactl(SoundServer sound, String... args) {
        List<String> argv = new ArrayList<>(List.of("pactl", "--server", sound.address()));
        argv.addAll(Arrays.asList(args));
        return runner.run(ExternalCommand.of(argv).withTimeout(Duration.ofSeconds(10)));
    }

    private static java.util.Map<String, String> environment(long pid) throws IOException {
        String environ = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ")),
                StandardCharsets.UTF_8);
        return Arrays.stream(environ.split("\0")).filter(e -> e.contains("="))
                .collect(Collectors.toMap(e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1),
                        (a, b) -> b));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
