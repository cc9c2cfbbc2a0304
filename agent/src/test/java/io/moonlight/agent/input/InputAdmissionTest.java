package io.moonlight.agent.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InputAdmissionTest {
    private static final String MOVE = "{\"t\":\"move\",\"x\":0.5,\"y\":0.5}";
    private final AtomicLong clock = new AtomicLong();
    private final DropCounters drops = new DropCounters();
    private final InputAdmission admission = new InputAdmission(drops, clock::get);

    @Test
    void aValidMessageIsAdmittedAndNothingCounted() {
        assertEquals(new InputMessage.Move(0.5, 0.5), admission.admit(MOVE).orElseThrow());
        assertEquals(Map.of("malformed", 0L, "size", 0L, "rate", 0L, "viewer", 0L), drops.snapshot());
    }

    @Test
    void malformedAndNullAreCountedAsMalformed() {
        assertTrue(admission.admit("{\"t\":\"move\"}").isEmpty());
        assertTrue(admission.admit(null).isEmpty());
        assertEquals(2L, drops.snapshot().get("malformed"));
    }

    @Test
    void overOneKibibyteOfUtf8IsCountedAsSize() {
        assertTrue(admission.admit(release(InputAdmission.MAX_BYTES)).isPresent(), "exactly 1 KiB is allowed");
        assertTrue(admission.admit(release(InputAdmission.MAX_BYTES + 1)).isEmpty());
        // 342 three-byte characters are 1,026 bytes: over the limit though only 342 chars long.
        assertTrue(admission.admit("{\"t\":\"text\",\"text\":\"" + "€".repeat(342) + "\"}").isEmpty());
        assertEquals(2L, drops.snapshot().get("size"));
    }

    @Test
    void onlyAClipboardMessageMayBeLargerUpTo256KibibytesAndFourASecond() {
        String largest = clipboard(ClipboardMessage.MAX_BYTES);
        assertEquals(ClipboardMessage.MAX_BYTES, largest.length());
        assertTrue(admission.admit(largest).orElseThrow() instanceof InputMessage.Clipboard);
        assertTrue(admission.admit(clipboard(ClipboardMessage.MAX_BYTES + 1)).isEmpty());
        assertTrue(admission.admit("{\"t\":\"move\",\"x\":0.5,\"y\":0.5" + " ".repeat(2000) + "}").isEmpty());
        assertTrue(admission.admit("[" + " ".repeat(2000) + "]").isEmpty(), "large and not even JSON");
        assertEquals(3L, drops.snapshot().get("size"));
        assertEquals(0L, drops.snapshot().get("malformed"));

        assertTrue(admission.admit(clipboard(5000)).isEmpty(), "a fifth large message within the second");
        assertEquals(1L, drops.snapshot().get("rate"));
        assertTrue(admission.admit(clipboard(100)).isPresent(), "small clipboard messages take the common rate only");
        clock.addAndGet(250_000_000L); // a quarter of a second refills one large message
        assertTrue(admission.admit(clipboard(5000)).isPresent());
    }

    /** A valid clipboard message of the given length in bytes (ASCII). */
    private static String clipboard(int length) {
        String empty = "{\"t\":\"clipboard\",\"text\":\"\"}";
        return empty.substring(0, empty.length() - 2) + "c".repeat(length - empty.length()) + "\"}";
    }

    /** A valid release message padded with spaces to the given length. */
    private static String release(int length) {
        String message = "{\"t\":\"release\"}";
        return message.substring(0, message.length() - 1) + " ".repeat(length - message.length()) + "}";
    }

    @Test
    void moreThanAThousandMessagesASecondAreCountedAsRate() {
        for (int i = 0; i < InputAdmission.MAX_PER_SECOND; i++) {
            assertTrue(admission.admit(MOVE).isPresent());
        }
        assertTrue(admission.admit(MOVE).isEmpty());
        assertEquals(1L, drops.snapshot().get("rate"));
        clock.addAndGet(10_000_000L); // 10 ms refill 10 messages
        for (int i = 0; i < 10; i++) {
            assertTrue(admission.admit(MOVE).isPresent());
        }
        assertTrue(admission.admit(MOVE).isEmpty());
        assertEquals(2L, drops.snapshot().get("rate"));
    }
}
