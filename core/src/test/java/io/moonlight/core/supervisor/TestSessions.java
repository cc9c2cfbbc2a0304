package io.moonlight.core.supervisor;

import io.moonlight.core.config.SupervisorConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.template.TemplateRenderer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Sets up a session as the supervisor will: its directory, its Sunshine files and login (through
 * FakeSunshine), then its process tree on a real X server (Xvfb, or Xorg with the dummy driver) with a
 * light X client as the desktop. What its agent listener hears is kept.
 */
final class TestSessions {
    static final Geometry GEOMETRY = new Geometry(1280, 720);
    static final List<String> XEYES = List.of("xeyes");
    private final Path root;
    private final XServer server;
    private final Path xorgConfig;
    private final CommandRunner runner = new ProcessCommandRunner();
    /** What the sessions' agents were reported doing, as "state: reason", in order. */
    final List<String> agentReports = new CopyOnWriteArrayList<>();
    final AgentListener agentListener = (state, reason) -> agentReports.add(state.id() + ": " + reason);

    /** Sessions on Xvfb. */
    TestSessions(Path root) {
        this(root, XServer.XVFB, SupervisorConfig.DEFAULT_XORG_CONFIG);
    }

    TestSessions(Path root, XServer server, Path xorgConfig) {
        this.root = root;
        this.server = server;
        this.xorgConfig = xorgConfig;
    }

    SessionDirectory prepare(String sessionId, int display, int basePort) {
        SessionDirectory dir = SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", sessionId).create();
        SessionSpec spec = new SessionSpec("xfce4", GEOMETRY, 60, 20000, Codec.H264, 1);
        SunshineConfModel conf = SunshineConfModel.of(sessionId, dir, basePort, spec, SunshineSettings.defaults());
        WebUiCredentials login = WebUiCredentials.generate(new SecureRandom());
        SunshineFiles files = new SunshineFiles(TemplateRenderer.shipped());
        files.write(dir, conf, SunshineAppsModel.of(dir, display, GEOMETRY, server),
                DisplayResizeModel.of(sessionId, dir, display), WebUiCredentialsModel.of(sessionId, conf, login));
        files.applyCredentials(runner, new HostRuntime(), FakeSunshine.command(), dir, login);
        return dir;
    }

    SessionLaunch launch(String sessionId, SessionDirectory dir, int display, List<String> desktop,
            List<String> sunshine) {
        return launch(sessionId, dir, display, desktop, sunshine, List.of());
    }

    SessionLaunch launch(String sessionId, SessionDirectory dir, int display, List<String> desktop,
            List<String> sunshine, List<String> agent) {
        return launch(sessionId, dir, display, desktop, sunshine, agent, false);
    }

    SessionLaunch launch(String sessionId, SessionDirectory dir, int display, List<String> desktop,
            List<String> sunshine, List<String> agent, boolean audio) {
        return new SessionLaunch(sessionId, dir, display, GEOMETRY, 60, server, xorgConfig, desktop, sunshine,
                agent, audio, Duration.ofSeconds(20));
    }

    SessionProcesses start(String sessionId, int display, int basePort, List<String> desktop) {
        return start(sessionId, display, basePort, desktop, List.of());
    }

    /** A session with {@code agent} as the browser's agent (the display is added to it). */
    SessionProcesses start(String sessionId, int display, int basePort, List<String> desktop, List<String> agent) {
        return start(sessionId, display, basePort, desktop, agent, false);
    }

    /** A session that, with {@code audio}, has its own sound server. */
    SessionProcesses start(String sessionId, int display, int basePort, List<String> desktop, List<String> agent,
            boolean audio) {
        SessionDirectory dir = prepare(sessionId, display, basePort);
        return SessionProcesses.start(launch(sessionId, dir, display, desktop, FakeSunshine.command(), agent, audio),
                new HostRuntime(), runner, new SecureRandom(), agentListener);
    }

    /** xdpyinfo's answer from the display, with the session's cookie (or, with null, without one). */
    boolean displayAnswers(int display, Path xauthority) {
        ExternalCommand probe = ExternalCommand.of("xdpyinfo", "-display", ":" + display)
                .withEnv("XAUTHORITY", xauthority == null ? root.resolve("no-such-cookie").toString() : xauthority.toString())
                .withTimeout(Duration.ofSeconds(10));
        return runner.run(probe).succeeded();
    }

    String displayInfo(int display, Path xauthority) {
        return runner.run(ExternalCommand.of("xdpyinfo", "-display", ":" + display)
                .withEnv("XAUTHORITY", xauthority.toString())).stdout();
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        awaitTrue(condition, what, Duration.ofSeconds(15));
    }

    static void awaitTrue(BooleanSupplier condition, String what, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
