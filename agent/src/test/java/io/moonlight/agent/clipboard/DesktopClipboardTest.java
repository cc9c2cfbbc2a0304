package io.moonlight.agent.clipboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.agent.input.ClipboardMessage;
import io.moonlight.agent.testing.Xvfb;
import io.moonlight.core.testing.ServiceTest;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The display's CLIPBOARD against a real Xvfb, with xclip as the other X application. */
@ServiceTest
class DesktopClipboardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Xvfb xvfb;
    private DesktopClipboard clipboard;

    @BeforeEach
    void start() throws Exception {
        xvfb = Xvfb.start(640, 480);
        clipboard = DesktopClipboard.open(xvfb.name(), messages::add, log::add);
    }

    @AfterEach
    void stop() throws Exception {
        clipboard.close();
        xvfb.close();
    }

    @Test
    void aTextCopiedOnTheDesktopArrivesAsAClipboardMessage() throws Exception {
        String text = "Grüße from X\n\tline two ✓ \"quoted\"";
        xvfb.copyToClipboard(text);
        String message = messages.poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "no clipboard message within 10 s; log: " + log);
        assertEquals("clipboard", JSON.readTree(message).get("t").asText());
        assertEquals(text, JSON.readTree(message).get("text").asText());

        xvfb.copyToClipboard("a second copy");
        assertEquals("a second copy", JSON.readTree(messages.poll(10, TimeUnit.SECONDS)).get("text").asText());
    }

    @Test
    void aTextSetByAViewerIsWhatApplicationsPaste() throws Exception {
        clipboard.set("from the browser: Łódź ✓");
        xvfb.awaitClipboard("from the browser: Łódź ✓");
        assertEquals(List.of("TARGETS", "UTF8_STRING", "STRING", "TEXT"),
                xvfb.run("xclip", "-o", "-selection", "clipboard", "-t", "TARGETS").lines().toList());
        // STRING is Latin-1: ó is the byte 0xF3 (not UTF-8, so read here as U+FFFD), Ł, ź and ✓ have no byte.
        assertEquals("from the browser: ?\uFFFDd? ?", xvfb.run("xclip", "-o", "-selection", "clipboard", "-t", "STRING"));
        assertThrows(AssertionError.class, () -> xvfb.run("xclip", "-o", "-selection", "clipboard", "-t", "image/png"),
                "a target other than text is refused");

        xvfb.copyToClipboard("copied in X after");
        assertEquals("copied in X after", JSON.readTree(messages.poll(10, TimeUnit.SECONDS)).get("text").asText());
        clipboard.set("from the browser again");
        xvfb.awaitClipboard("from the browser again");
        assertTrue(messages.isEmpty(), "the agent's own clipboard is not sent back: " + messages);
    }

    @Test
    void aCopyOverTheLimitIsRefusedWholeAndCounted() throws Exception {
        xvfb.copyToClipboard("x".repeat(ClipboardMessage.MAX_BYTES + 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (clipboard.refusedTooLarge() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, clipboard.refusedTooLarge());
        assertTrue(messages.isEmpty(), "nothing of a text over the limit is sent");
        assertTrue(log.stream().anyMatch(line -> line.contains("over the 256 KiB")), log.toString());

        // Just under the limit once in a message: 256 KiB less the message's own 25 bytes.
        String largest = "y".repeat(ClipboardMessage.MAX_BYTES - "{\"t\":\"clipboard\",\"text\":\"\"}".length());
        xvfb.copyToClipboard(largest);
        String message = messages.poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "the largest text that fits arrives; log: " + log);
        assertEquals(ClipboardMessage.MAX_BYTES, message.length());
    }
}
