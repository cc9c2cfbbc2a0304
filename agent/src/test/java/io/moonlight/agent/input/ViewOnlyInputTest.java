package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.agent.PeerInputs;
import io.moonlight.agent.clipboard.DesktopClipboard;
import io.moonlight.agent.resize.DisplayResizer;
import io.moonlight.agent.stream.DesktopStream;
import io.moonlight.agent.stream.LoopbackViewer;
import io.moonlight.agent.stream.StreamLimits;
import io.moonlight.agent.testing.PaintedScreen;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.testing.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A view-only viewer beside the owner, both webrtc-java peers on a real Xvfb, their offers marked
 * as the hub marks them and their input routed as the agent routes it: the viewer's keys, clicks and
 * clipboard never reach the X side and are counted as {@code viewer}; the owner's do, only the
 * owner gets the desktop's clipboard, and the owner's stream goes on when the viewer leaves.
 */
@ServiceTest
class ViewOnlyInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void aViewersInputAndClipboardNeverReachTheDesktop() throws Exception {
        PaintedScreen screen = new PaintedScreen(320, 240);
        screen.paint(0, 0, 255);
        AtomicReference<DesktopStream> toViewers = new AtomicReference<>();
        AtomicReference<PeerInputs> peers = new AtomicReference<>();
        try (Xvfb xvfb = Xvfb.start(640, 360);
                TestXClient client = TestXClient.open(xvfb.name(), 640, 360);
                InputInjector input = InputInjector.open(xvfb.name());
                DesktopClipboard clipboard = DesktopClipboard.open(xvfb.name(),
                        message -> toViewers.get().sendInput(message, peer -> peers.get().role(peer).sharesClipboard()),
                        log::add);
                DesktopStream stream = new DesktopStream(screen, peer -> peers.get().route(peer),
                        new StreamLimits(30, 2000), log::add);
                DisplayResizer resizer = new DisplayResizer(Optional.empty(), 640, 360, new ProcessCommandRunner(),
                        log::add)) {
            toViewers.set(stream);
            peers.set(new PeerInputs(input, clipboard::set, resizer));
            peers.get().offered("owner", JSON.readTree("{\"type\":\"offer\",\"sdp\":\"\",\"from\":\"owner\"}"));
            peers.get().offered("viewer", JSON.readTree(
                    "{\"type\":\"offer\",\"sdp\":\"\",\"from\":\"viewer\",\"role\":\"viewer\"}"));
            try (ViewingPeer owner = LoopbackViewer.connect(stream, "owner", null);
                    ViewingPeer viewer = LoopbackViewer.connect(stream, "viewer", null)) {
                // A first frame each: by then the agent has its end of both input channels.
                assertTrue(owner.frames().poll(10, TimeUnit.SECONDS) != null, "no frame for the owner; log: " + log);
                assertTrue(viewer.frames().poll(10, TimeUnit.SECONDS) != null, "no frame for the viewer; log: " + log);
                viewer.send("{\"t\":\"key\",\"code\":\"KeyB\",\"down\":true}");
                viewer.send("{\"t\":\"key\",\"code\":\"KeyB\",\"down\":false}");
                viewer.send("{\"t\":\"button\",\"button\":0,\"down\":true}");
                viewer.send("{\"t\":\"clipboard\",\"text\":\"from the viewer\"}");
                awaitViewerDrops(input, 4);

                owner.send("{\"t\":\"key\",\"code\":\"KeyA\",\"down\":true}");
                owner.send("{\"t\":\"key\",\"code\":\"KeyA\",\"down\":false}");
                List<TestXClient.Event> events = client.await(seen -> seen.stream()
                        .anyMatch(e -> e.type() == TestXClient.KEY_RELEASE), Duration.ofSeconds(10));
                assertEquals(List.of("a", "a"), events.stream().map(TestXClient.Event::string).toList(),
                        "only the owner's key reaches the X client: " + events);

                xvfb.copyToClipboard("copied on the desktop");
                String toOwner = owner.messages().poll(10, TimeUnit.SECONDS);
                assertEquals("copied on the desktop", JSON.readTree(toOwner).get("text").asText(), "log: " + log);
                assertNull(viewer.messages().poll(1, TimeUnit.SECONDS), "the desktop's clipboard reached the viewer");
                assertEquals(4L, input.droppedCounts().get("viewer"));

                stream.leave("viewer", "the viewer's signaling closed"); // what the agent does on peer-left
                screen.paint(255, 0, 0);
                awaitRed(owner);
            }
        }
    }

    /** The owner's stream goes on when a viewer leaves: its next picture follows the screen. */
    private void awaitRed(ViewingPeer owner) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ViewingPeer.Received frame = owner.frames().poll(100, TimeUnit.MILLISECONDS);
            if (frame != null && frame.red() > 200 && frame.blue() < 60) {
                return;
            }
        }
        throw new AssertionError("the owner's stream stopped when the viewer left; log: " + log);
    }

    private static void awaitViewerDrops(InputInjector input, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (input.droppedCounts().get("viewer") < count) {
            assertTrue(System.nanoTime() < deadline, "the viewer's messages were not refused: "
                    + input.droppedCounts());
            Thread.sleep(10);
        }
    }
}
