package io.moonlight.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.moonlight.agent.clipboard.DesktopClipboard;
import io.moonlight.agent.input.InputInjector;
import io.moonlight.agent.input.ViewerInput;
import io.moonlight.agent.testing.PaintedScreen;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.testing.ServiceTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The clipboard between a webrtc-java viewer and a real Xvfb, over the {@code input} data channel,
 * wired as the agent wires it; xclip is the desktop's application.
 */
@ServiceTest
class ClipboardOverDataChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void theClipboardGoesBothWaysWholeUpToItsLimit() throws Exception {
        PaintedScreen screen = new PaintedScreen(320, 240);
        screen.paint(0, 0, 255);
        AtomicReference<DesktopStream> toViewers = new AtomicReference<>();
        try (Xvfb xvfb = Xvfb.start(640, 360);
                InputInjector input = InputInjector.open(xvfb.name());
                DesktopClipboard clipboard = DesktopClipboard.open(xvfb.name(),
                        message -> toViewers.get().sendInput(message, peer -> true), log::add);
                DesktopStream stream = new DesktopStream(screen, peer -> {
                    ViewerInput viewer = input.viewer(peer, clipboard::set);
                    return new InputRoute(viewer::accept, viewer::close);
                }, new StreamLimits(30, 2000), log::add)) {
            toViewers.set(stream);
            try (ViewingPeer peer = LoopbackViewer.connect(stream, "p1", null)) {
                peer.connected().get(10, TimeUnit.SECONDS);
                DesktopStreamTest.awaitColour(peer, 0, 0, 255);

                peer.send(clipboardMessage("from the viewer ✓"));
                xvfb.awaitClipboard("from the viewer ✓");

                xvfb.copyToClipboard("copied on the desktop\n");
                assertEquals("copied on the desktop\n", nextClipboardText(peer));

                // 200 KiB, over what one SCTP packet carries many times: the message arrives whole.
                String large = "0123456789abcdef\n".repeat(200 * 1024 / 17);
                xvfb.copyToClipboard(large);
                assertEquals(large, nextClipboardText(peer));
                peer.send(clipboardMessage(large.toUpperCase()));
                xvfb.awaitClipboard(large.toUpperCase());
            }
        }
    }

    private static String clipboardMessage(String text) {
        return JsonNodeFactory.instance.objectNode().put("t", "clipboard").put("text", text).toString();
    }

    private String nextClipboardText(ViewingPeer peer) throws Exception {
        String message = peer.messages().poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "no message from the agent within 10 s; log: " + log);
        assertEquals("clipboard", JSON.readTree(message).get("t").asText());
        return JSON.readTree(message).get("text").asText();
    }
}
