package io.moonlight.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.agent.testing.PaintedScreen;
import io.moonlight.agent.testing.ViewingPeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream between the agent and a webrtc-java viewer on loopback, over a screen painted by the test. */
class DesktopStreamTest {
    private final List<String> inputs = new CopyOnWriteArrayList<>();
    private final List<String> released = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void viewerSeesTheScreenAndFollowsItsChangesAndItsInputArrives() throws Exception {
        PaintedScreen screen = new PaintedScreen(640, 360);
        screen.paint(255, 0, 0);
        try (DesktopStream stream = new DesktopStream(screen, this::input, new StreamLimits(30, 4000), log::add)) {
            try (ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null)) {
                peer.connected().get(10, TimeUnit.SECONDS);
                ViewingPeer.Received red = awaitColour(peer, 255, 0, 0);
                assertEquals(640, red.width());
                assertEquals(360, red.height());

                screen.paint(0, 0, 255);
                awaitColour(peer, 0, 0, 255);

                peer.send("{\"t\":\"move\",\"x\":0.5,\"y\":0.5}");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (inputs.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(List.of("p1 {\"t\":\"move\",\"x\":0.5,\"y\":0.5}"), inputs);

                stream.leave("p1", "the viewer left");
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (stream.viewers() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, stream.viewers());
                assertTrue(released.contains("p1"), "the viewer's keys are released when it leaves");
            }
        }
    }

    @Test
    void anUnchangedScreenIsNeitherPolledNorPushedButOnceASecond() throws Exception {
        PaintedScreen screen = new PaintedScreen(320, 240);
        screen.paint(0, 255, 0);
        try (DesktopStream stream = new DesktopStream(screen, this::input, new StreamLimits(60, 2000), log::add)) {
            try (ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null)) {
                peer.connected().get(10, TimeUnit.SECONDS);
                awaitColour(peer, 0, 255, 0);
                Thread.sleep(FramePump.PRIMING_FRAMES * 100); // the priming frames, on the first slots
                long grabbed = stream.frameTimes().count();
                int checks = screen.checks();
                Thread.sleep(Duration.ofSeconds(2).toMillis());
                assertEquals(grabbed, stream.frameTimes().count(), "nothing is grabbed while the screen stands still");
                // The pump sleeps until the screen changes: asked only at each second's repeat (checking on
                // a timer asked 500 times a second, most of a still agent's CPU).
                assertTrue(screen.checks() - checks <= 4, "asked " + (screen.checks() - checks) + " times in 2 s");
                peer.frames().clear();
                Thread.sleep(Duration.ofMillis(2500).toMillis());
                int repeated = peer.frames().size();
                assertTrue(repeated >= 1 && repeated <= 4, "about one repeated frame a second, got " + repeated);
            }
        }
    }

    @Test
    void aViewerJoiningAStillFullHdScreenSeesItWithoutWaitingForTheRepeats() throws Exception {
        PaintedScreen screen = new PaintedScreen(1920, 1080);
        screen.paint(200, 40, 40);
        try (DesktopStream stream = new DesktopStream(screen, this::input, new StreamLimits(60, 20000), log::add)) {
            for (String viewer : List.of("first", "second")) {
                try (ViewingPeer peer = LoopbackViewer.connect(stream, viewer, "H264")) {
                    peer.connected().get(10, TimeUnit.SECONDS);
                    long connected = System.nanoTime();
                    // Without the priming frames the first picture came after three or four repeats (3-4 s);
                    // with them about 150 ms. Two repeat intervals leave room for a loaded machine.
                    Duration wait = FramePump.REPEAT.multipliedBy(2);
                    ViewingPeer.Received frame = peer.frames().poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                    assertTrue(frame != null, viewer + " viewer: no picture within " + wait.toMillis()
                            + " ms of connecting, with the screen standing still");
                    assertTrue(frame.nanos() - connected < wait.toNanos());
                    stream.leave(viewer, "the viewer left");
                }
            }
        }
    }

    @Test
    void theEncodersFiguresNameTheCodecAndWhatWasEncoded() throws Exception {
        PaintedScreen screen = new PaintedScreen(640, 360);
        screen.paint(10, 200, 10);
        try (DesktopStream stream = new DesktopStream(screen, this::input, new StreamLimits(30, 4000), log::add);
                ViewingPeer peer = LoopbackViewer.connect(stream, "p1", "VP8")) {
            peer.connected().get(10, TimeUnit.SECONDS);
            awaitColour(peer, 10, 200, 10);
            EncoderStats before = stream.encoderStats().get("p1");
            for (int i = 0; i < 30; i++) {
                screen.paint(i * 8, 100, 100);
                Thread.sleep(34);
            }
            EncoderStats after = stream.encoderStats().get("p1");
            assertEquals("VP8", after.codec());
            assertTrue(after.framesEncoded() >= before.framesEncoded() + 10, before + " then " + after);
            assertTrue(after.encodeMillisSince(before) > 0, after.since(before, Duration.ofSeconds(1)));
            assertTrue(after.since(before, Duration.ofSeconds(1)).startsWith("VP8 (libvpx): "),
                    after.since(before, Duration.ofSeconds(1)));
        }
    }

    private InputRoute input(String peer) {
        return new InputRoute(json -> inputs.add(peer + " " + json), () -> released.add(peer));
    }

    static ViewingPeer.Received awaitColour(ViewingPeer peer, int red, int green, int blue)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ViewingPeer.Received last = null;
        while (System.nanoTime() < deadline) {
            ViewingPeer.Received frame = peer.frames().poll(100, TimeUnit.MILLISECONDS);
            if (frame != null) {
                last = frame;
                if (Math.abs(frame.red() - red) < 40 && Math.abs(frame.green() - green) < 40
                        && Math.abs(frame.blue() - blue) < 40) {
                    return frame;
                }
            }
        }
        throw new AssertionError("no frame of colour " + red + "," + green + "," + blue + " within 10 s; last: " + last);
    }
}
