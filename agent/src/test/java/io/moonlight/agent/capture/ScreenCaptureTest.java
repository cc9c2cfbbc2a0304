package io.moonlight.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.agent.testing.XDrawing;
import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The capture against a real Xvfb: what it reads is what an X client drew. */
@ServiceTest
class ScreenCaptureTest {
    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00ff00;
    private static final int BLUE = 0x0000ff;
    private static final int MIXED = 0x123456;
    private static final int WHITE = 0xffffff;

    @ParameterizedTest
    @CsvSource({"1280, 720", "1920, 1080"})
    void pixelsReadEqualPixelsDrawn(int width, int height) throws Exception {
        try (Xvfb xvfb = Xvfb.start(width, height); XDrawing drawing = new XDrawing(xvfb.name());
                ScreenCapture capture = ScreenCapture.open(xvfb.name())) {
            assertEquals("mit-shm", capture.method());
            assertTrue(capture.grab().pixels().isDirect());
            assertEquals(width, capture.width());
            assertEquals(height, capture.height());
            drawQuadrants(drawing, width, height);

            assertQuadrants(capture.grab(), width, height);
        }
    }

    @Test
    void withoutMitShmRobotReadsTheSamePixels(@TempDir Path dir) throws Exception {
        try (Xvfb xvfb = Xvfb.start(1280, 720, List.of("-extension", "MIT-SHM"));
                XDrawing drawing = new XDrawing(xvfb.name())) {
            drawQuadrants(drawing, 1280, 720);
            Path pixels = Files.createFile(dir.resolve("pixels"));
            Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RobotCaptureProbe.class.getName(), xvfb.name(),
                    pixels.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String printed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, probe.exitValue(), printed);

            assertEquals("robot 1280 720 5120 false", printed, "method, size, stride, a frame after an unchanged grab");
            assertQuadrants(new CapturedFrame(ByteBuffer.wrap(Files.readAllBytes(pixels)), 1280, 720, 5120, 0), 1280, 720);
        }
    }

    @Test
    void awaitChangeSleepsUntilSomethingIsDrawnOrItIsWoken() throws Exception {
        try (Xvfb xvfb = Xvfb.start(1280, 720); XDrawing drawing = new XDrawing(xvfb.name());
                ScreenCapture capture = ScreenCapture.open(xvfb.name())) {
            capture.grab();
            long start = System.nanoTime();
            assertFalse(capture.awaitChange(300), "a still screen: no change");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(290), "slept the whole timeout");

            Thread drawer = new Thread(() -> {
                sleep(200);
                drawing.window(10, 10, 30, 30, RED);
            });
            drawer.start();
            start = System.nanoTime();
            assertTrue(capture.awaitChange(5000), "a window drawn while waiting is a change");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 150 && waited < 2000, "woke on the drawing, after " + waited + " ms");
            drawer.join();
            assertEquals(RED, pixel(capture.grabIfChanged().orElseThrow(), 20, 20));

            Thread waker = new Thread(() -> {
                sleep(200);
                capture.wake();
            });
            waker.start();
            start = System.nanoTime();
            assertFalse(capture.awaitChange(5000), "woken: nothing changed");
            waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 150 && waited < 2000, "woke on wake(), after " + waited + " ms");
            waker.join();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void grabIfChangedIsEmptyUntilSomethingIsDrawn() throws Exception {
        try (Xvfb xvfb = Xvfb.start(1280, 720); XDrawing drawing = new XDrawing(xvfb.name());
                ScreenCapture capture = ScreenCapture.open(xvfb.name())) {
            assertTrue(capture.grabIfChanged().isPresent(), "the first call always has a frame");
            for (int i = 0; i < 5; i++) {
                Thread.sleep(20);
                assertTrue(capture.grabIfChanged().isEmpty(), "an unchanged screen gives no frame");
            }

            drawing.window(100, 200, 50, 40, MIXED);
            Optional<CapturedFrame> changed = capture.grabIfChanged();
            assertTrue(changed.isPresent(), "a window drawn in gives a frame");
            assertEquals(MIXED, pixel(changed.get(), 149, 239));
            assertTrue(capture.grabIfChanged().isEmpty());

            drawing.fill(0, 0, 1, 1, RED);
            assertEquals(RED, pixel(capture.grabIfChanged().orElseThrow(), 0, 0), "drawing on the root counts too");
            capture.grab();
            assertTrue(capture.grabIfChanged().isEmpty(), "a full grab takes up what was drawn before it");
        }
    }

    @Test
    void withoutDamageEveryQuestionGetsAFrame() throws Exception {
        try (Xvfb xvfb = Xvfb.start(640, 480, List.of("-extension", "DAMAGE"));
                ScreenCapture capture = ScreenCapture.open(xvfb.name())) {
            assertEquals("mit-shm", capture.method());
            assertTrue(capture.grabIfChanged().isPresent());
            assertTrue(capture.grabIfChanged().isPresent(), "no server to say nothing changed");
        }
    }

    @Test
    void aResizedDisplayIsFollowed() throws Exception {
        try (Xvfb xorg = Xvfb.startXorgDummy(); XDrawing drawing = new XDrawing(xorg.name());
                ScreenCapture capture = ScreenCapture.open(xorg.name())) {
            List<String> segments = segmentsOfThisProcess();
            xorg.resize(1920, 1080);
            drawQuadrants(drawing, 1920, 1080);
            assertQuadrants(capture.grabIfChanged().orElseThrow(), 1920, 1080);
            assertEquals(List.of(1920, 1080), List.of(capture.width(), capture.height()));

            xorg.resize(1280, 720);
            drawQuadrants(drawing, 1280, 720);
            assertQuadrants(capture.grabIfChanged().orElseThrow(), 1280, 720);
            assertEquals(List.of(1280, 720), List.of(capture.width(), capture.height()));
            assertEquals(segments.size(), segmentsOfThisProcess().size(), "the old image's segment is gone");
        }
    }

    @Test
    void aBadDisplayNameIsAOneLineError() {
        for (String name : new String[] {":4999", "no-such-host:0", ""}) {
            MoonlightException e = assertThrows(MoonlightException.class, () -> ScreenCapture.open(name));
            assertTrue(e.getMessage().contains("cannot open X display '" + name + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("xdpyinfo"));
        }
    }

    @Test
    void closeLeavesNoSharedMemorySegmentAndNothingToRead() throws Exception {
        try (Xvfb xvfb = Xvfb.start(1280, 720)) {
            List<String> before = segmentsOfThisProcess();
            ScreenCapture capture = ScreenCapture.open(xvfb.name());
            capture.grab();
            assertEquals(before.size() + 1, segmentsOfThisProcess().size(), "the capture's segment while open");
            capture.close();
            assertEquals(before, segmentsOfThisProcess());
            capture.close();
            assertThrows(IllegalStateException.class, capture::grabIfChanged, "never reads freed memory");
        }
    }

    @Test
    void anXServerGoingAwayFailsTheGrabNotTheProcess() throws Exception {
        Xvfb xvfb = Xvfb.start(1280, 720);
        try (ScreenCapture capture = ScreenCapture.open(xvfb.name())) {
            capture.grab();
            xvfb.close();
            MoonlightException e = assertThrows(MoonlightException.class, capture::grab);
            assertTrue(e.getMessage().contains("lost"), e.getMessage());
        }
    }

    @Test
    void aRefusedRequestIsReportedNotFatal() throws Exception {
        try (Xvfb xvfb = Xvfb.start(640, 480); XDrawing drawing = new XDrawing(xvfb.name())) {
            drawing.fillNoSuchWindow();
            MoonlightException e = assertThrows(MoonlightException.class, () -> drawing.connection().sync("drawing"));
            assertTrue(e.getMessage().contains("X error 9"), e.getMessage()); // BadDrawable
            drawing.fill(0, 0, 1, 1, WHITE);
        }
    }

    /** Four quadrants of known colours and a white pixel in the last corner. */
    private static void drawQuadrants(XDrawing drawing, int width, int height) {
        drawing.fill(0, 0, width / 2, height / 2, RED)
                .fill(width / 2, 0, width - width / 2, height / 2, GREEN)
                .fill(0, height / 2, width / 2, height - height / 2, BLUE)
                .fill(width / 2, height / 2, width - width / 2, height - height / 2, MIXED)
                .fill(width - 1, height - 1, 1, 1, WHITE);
    }

    private static void assertQuadrants(CapturedFrame frame, int width, int height) {
        assertEquals(width, frame.width());
        assertEquals(height, frame.height());
        assertTrue(frame.stride() >= width * 4);
        int midX = width / 2;
        int midY = height / 2;
        assertEquals(RED, pixel(frame, 0, 0));
        assertEquals(RED, pixel(frame, midX - 1, midY - 1));
        assertEquals(GREEN, pixel(frame, midX, 0));
        assertEquals(GREEN, pixel(frame, width - 1, midY - 1));
        assertEquals(BLUE, pixel(frame, 0, midY));
        assertEquals(BLUE, pixel(frame, midX - 1, height - 1));
        assertEquals(MIXED, pixel(frame, midX, midY));
        assertEquals(MIXED, pixel(frame, width - 2, height - 1));
        assertEquals(WHITE, pixel(frame, width - 1, height - 1));
    }

    /** The pixel at (x, y) as 0xRRGGBB, from its B,G,R,x bytes. */
    static int pixel(CapturedFrame frame, int x, int y) {
        int at = y * frame.stride() + x * 4;
        return Byte.toUnsignedInt(frame.pixels().get(at + 2)) << 16
                | Byte.toUnsignedInt(frame.pixels().get(at + 1)) << 8
                | Byte.toUnsignedInt(frame.pixels().get(at));
    }

    /** The System V segments this process created, as /proc/sysvipc/shm lists them (cpid is the fifth column). */
    private static List<String> segmentsOfThisProcess() throws IOException {
        String pid = String.valueOf(ProcessHandle.current().pid());
        return Files.readAllLines(Path.of("/proc/sysvipc/shm")).stream().skip(1)
                .filter(line -> line.trim().split("\\s+")[4].equals(pid)).toList();
    }
}
