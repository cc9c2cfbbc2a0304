package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SupervisorConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apptainer runtime through the exact command lines it produces. Apptainer cannot run here:
 * FakeApptainer (src/test/resources/fake-apptainer/apptainer) records each call and runs what an
 * instance would run directly on this host, so the session's tree still comes up on real Xvfb.
 */
@ServiceTest
class ApptainerRuntimeTest {
    static final String ID = SessionProcessesTest.FIRST;
    static final Path IMAGE = Path.of("/opt/moonlight/images/sunshine_xfce4.sif");
    @TempDir
    Path root;
    @TempDir
    Path fakeBin;

    @Test
    void startsTheInstanceWithNvAWritableTmpfsAndTheSessionDirectoryBound() {
        SessionDirectory dir = dir();
        ApptainerRuntime runtime = new ApptainerRuntime("apptainer", IMAGE, ID, dir, false, Optional.empty());

        assertEquals(List.of("apptainer", "instance", "start", "--nv", "--writable-tmpfs", "--bind", dir.dir().toString(),
                IMAGE.toString(), ID), runtime.startCommand().argv());
        assertEquals(List.of("apptainer", "instance", "stop", ID), runtime.stopCommand().argv());
    }

    @Test
    void withInputAndAnOverlayItBindsUinputAndUsesTheUsersOverlayInsteadOfTmpfs() {
        SessionDirectory dir = dir();
        Path overlay = Path.of("/home/alice/.moonlight/overlay.img");
        ApptainerRuntime runtime = new ApptainerRuntime("/usr/bin/apptainer", IMAGE, ID, dir, true, Optional.of(overlay));

        assertEquals(List.of("/usr/bin/apptainer", "instance", "start", "--nv", "--overlay", overlay.toString(),
                "--bind", dir.dir().toString(), "--bind", "/dev/uinput", IMAGE.toString(), ID),
                runtime.startCommand().argv());
    }

    @Test
    void commandsRunInsideTheInstanceWithTheirEnvironmentAndSecretsKept() {
        ApptainerRuntime runtime = new ApptainerRuntime("apptainer", IMAGE, ID, dir(), false, Optional.empty());
        ExternalCommand creds = SunshineFiles.credentialsCommand(List.of("sunshine"), dir(),
                new WebUiCredentials("moonlight", "s3cret-password"));

        ExternalCommand inside = runtime.command(creds.withEnv("DISPLAY", ":10"));

        assertEquals(List.of("apptainer", "exec", "instance://" + ID, "sunshine", SunshineFiles.conf(dir()).toString(),
                "--creds", "moonlight", "s3cret-password"), inside.argv());
        assertEquals(":10", inside.env().get("DISPLAY"));
        assertEquals("DISPLAY=:10 apptainer exec instance://" + ID + " sunshine " + SunshineFiles.conf(dir())
                + " --creds moonlight '********'", inside.display());
    }

    @Test
    void refusesVncImagesAndRelativePaths() {
        for (Path image : List.of(Path.of("/opt/images/vnc_xfce4.sif"), Path.of("sunshine_xfce4.sif"),
                Path.of("/opt/images/sunshine_xfce4.img"))) {
            MoonlightException e = assertThrows(MoonlightException.class,
                    () -> new ApptainerRuntime("apptainer", image, ID, dir(), false, Optional.empty()));
            assertEquals(ExitCode.USAGE, e.exitCode(), image.toString());
        }
    }

    @Test
    void aWholeSessionRunsThroughTheInstanceAndStopsIt() throws Exception {
        Path apptainer = installFakeApptainer();
        SessionDirectory dir = dir();
        ApptainerRuntime runtime = new ApptainerRuntime(apptainer.toString(), IMAGE, ID, dir, false, Optional.empty());
        SessionSpec spec = new SessionSpec("xfce4", TestSessions.GEOMETRY, 60, 20000, Codec.H264, 1);
        SupervisorPlan plan = new SupervisorPlan(ID, spec, new Lease("localhost", ID, SessionProcessesTest.BASE, 10), dir,
                SunshineSettings.defaults(), XServer.XVFB, SupervisorConfig.DEFAULT_XORG_CONFIG, TestSessions.XEYES,
                FakeSunshine.command(), List.of(), false, Duration.ofSeconds(10), Duration.ofSeconds(20));
        SessionSupervisor supervisor = new SessionSupervisor(plan, DisplayLeases.NONE, runtime,
                new ProcessCommandRunner(), TemplateRenderer.shipped(), new SecureRandom());
        SessionSupervisorTest.RecordingEvents events = new SessionSupervisorTest.RecordingEvents();
        CompletableFuture<SupervisorOutcome> run = CompletableFuture.supplyAsync(() -> supervisor.run(events));
        events.ready.get(30, TimeUnit.SECONDS);
        TestSessions.awaitTrue(() -> SunshinePorts.allTaken(SessionProcessesTest.BASE), "FakeSunshine runs");

        supervisor.requestStop("stopped by the user");
        SupervisorOutcome outcome = run.get(30, TimeUnit.SECONDS);

        assertEquals(SessionState.ENDED, outcome.state());
        assertTrue(outcome.stop().clean(), outcome.toString());
        assertEquals("stopped the Apptainer instance " + ID, outcome.stop().steps().get(3), outcome.toString());
        String auth = XAuthority.file(dir).toString();
        String sunshine = "exec instance://" + ID + " " + String.join(" ", FakeSunshine.command()) + " " + SunshineFiles.conf(dir);
        List<String> calls = withoutRepeats(Files.readAllLines(fakeBin.resolve("calls.log")));
        assertEquals("instance start --nv --writable-tmpfs --bind " + dir.dir() + " " + IMAGE + " " + ID, calls.get(0));
        assertTrue(calls.get(1).startsWith(sunshine + " --creds moonlight "), calls.get(1));
        assertEquals(List.of(
                "exec instance://" + ID + " Xvfb :10 -screen 0 1280x720x24 -nolisten tcp -noreset -auth " + auth,
                "exec instance://" + ID + " xdpyinfo -display :10"), calls.subList(2, 4));
        // Desktop and Sunshine are started one after the other but log their first line in either order.
        assertEquals(Set.of("exec instance://" + ID + " xeyes", sunshine), Set.copyOf(calls.subList(4, 6)));
        assertEquals(List.of("instance stop " + ID), calls.subList(6, calls.size()));
    }

    private Path installFakeApptainer() throws IOException {
        Path target = fakeBin.resolve("apptainer");
        try (InputStream in = getClass().getResourceAsStream("/fake-apptainer/apptainer")) {
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        return target;
    }

    /** The display probe repeats until the display answers; how often depends on the machine's speed. */
    private static List<String> withoutRepeats(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (kept.isEmpty() || !kept.get(kept.size() - 1).equals(line)) {
                kept.add(line);
            }
        }
        return kept;
    }

    private SessionDirectory dir() {
        return SessionDirectory.of(SessionDirectoryTest.paths(root), "alice", ID);
    }
}
