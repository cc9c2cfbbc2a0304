package io.moonlight.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.ImagesXorgConfig;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Xorg option for real: Xorg with the images' own dummy-driver configuration (taken from
 * apptainer-defs/sunshine_common.ftl) comes up at the session's size, and the apps.json prep-cmd
 * resizes it to a client's size and back as Sunshine would run it; meanwhile the browser's agent
 * (given the resize script) cannot change it.
 */
@ServiceTest
class XorgDummySessionTest {
    static final String ID = SessionProcessesTest.FIRST;
    static final int DISPLAY = 12;
    @TempDir
    Path root;

    @Test
    void xorgStartsAtTheSessionSizeAndThePrepCommandResizesToTheClientAndBack() throws IOException {
        Path config = ImagesXorgConfig.writeTo(root.resolve("xorg-dummy.conf"));
        TestSessions sessions = new TestSessions(root, XServer.XORG, config);
        SessionDirectory dir = sessions.prepare(ID, DISPLAY, SessionProcessesTest.BASE);
        List<String> agent = List.of("sh", "-c", "echo \"agent with $*\"; exec sleep 300", "agent");
        SessionProcesses session = SessionProcesses.start(
                sessions.launch(ID, dir, DISPLAY, TestSessions.XEYES, FakeSunshine.command(), agent),
                new HostRuntime(), new ProcessCommandRunner(), new SecureRandom(), sessions.agentListener);
        try {
            Path cookie = XAuthority.file(dir);
            assertEquals("1280x720", dimensions(sessions.displayInfo(DISPLAY, cookie)));
            String script = SunshineFiles.resizeScript(dir).toString();
            TestSessions.awaitTrue(() -> read(dir.log("agent.out")).contains("--resize-script " + script),
                    "the agent is given the resize script");
            assertTrue(browserResize(script, 1600, 896));
            assertEquals("1600x896", dimensions(sessions.displayInfo(DISPLAY, cookie)));

            assertTrue(runPrepCommand(dir, "do", 1920, 1080));
            assertEquals("1920x1080", dimensions(sessions.displayInfo(DISPLAY, cookie)));
            assertFalse(browserResize(script, 1280, 720), "a Moonlight client streams: the browser waits");
            assertEquals("1920x1080", dimensions(sessions.displayInfo(DISPLAY, cookie)));
            assertTrue(runPrepCommand(dir, "undo", 2560, 1440));
            assertEquals("1280x720", dimensions(sessions.displayInfo(DISPLAY, cookie)));
            assertTrue(browserResize(script, 1024, 768), "the client left: the browser sizes the screen again");
            assertEquals("1024x768", dimensions(sessions.displayInfo(DISPLAY, cookie)));
            assertFalse(session.failure().isDone());
        } finally {
            StopReport report = session.stop(Duration.ofSeconds(10));
            assertTrue(report.clean(), report.toString());
        }
        assertFalse(Files.exists(XDisplayFiles.of(DISPLAY).lock()));
        assertTrue(Files.readString(dir.log("Xorg.log")).contains("dummy"));
    }

    /** Runs the resize script as the agent does for the owner's browser window. */
    private static boolean browserResize(String script, int width, int height) {
        return new ProcessCommandRunner().run(ExternalCommand.of("sh", script, "--browser", String.valueOf(width),
                String.valueOf(height))).succeeded();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs apps.json's prep-cmd entry as Sunshine does: split on spaces, the client's size in the environment. */
    private static boolean runPrepCommand(SessionDirectory dir, String which, int width, int height) throws IOException {
        String command = new com.fasterxml.jackson.databind.ObjectMapper().readTree(SunshineFiles.apps(dir).toFile())
                .get("apps").get(0).get("prep-cmd").get(0).get(which).asText();
        return new ProcessCommandRunner().run(ExternalCommand.of(command.split(" "))
                .withEnv("SUNSHINE_CLIENT_WIDTH", String.valueOf(width))
                .withEnv("SUNSHINE_CLIENT_HEIGHT", String.valueOf(height))
                .withEnv("SUNSHINE_CLIENT_FPS", "60")).succeeded();
    }

    private static String dimensions(String xdpyinfo) {
        Matcher m = Pattern.compile("dimensions:\\s+(\\d+x\\d+) pixels").matcher(xdpyinfo);
        return m.find() ? m.group(1) : "no dimensions in: " + xdpyinfo;
    }
}
