package io.moonlight.agent.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.agent.testing.PulseServer;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.testing.ServiceTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Recording a session's sound server for real: what paplay plays into its null sink. */
@ServiceTest
class SoundCaptureTest {

    @Test
    void readsSilenceThenWhatIsPlayedIntoTheSessionsSinkIn10MillisecondChunks() throws Exception {
        try (PulseServer server = PulseServer.start(); SoundCapture capture = SoundCapture.open(server.address())) {
            byte[] chunk = new byte[SoundCapture.CHUNK_BYTES];
            assertEquals(1920, chunk.length, "10 ms of 48 kHz 16-bit stereo");
            // The first read waits for the null sink to finish the long block it rendered while nobody listened.
            capture.read(chunk);
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                capture.read(chunk);
                assertEquals(0.0, PulseServer.rms(chunk), "nothing plays yet");
            }
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed > Duration.ofMillis(300).toNanos() && elapsed < Duration.ofMillis(900).toNanos(),
                    "50 chunks are 500 ms of sound, delivered as they are played, not in bursts: read in "
                    + elapsed / 1_000_000 + " ms");

            Process tone = server.play(440, Duration.ofSeconds(2));
            double loudest = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (loudest < 5000 && System.nanoTime() < deadline) {
                capture.read(chunk);
                loudest = Math.max(loudest, PulseServer.rms(chunk));
            }
            tone.destroy();
            assertTrue(loudest > 5000, "the tone is recorded; loudest chunk's RMS " + loudest);
        }
    }

    @Test
    void aServerThatIsNotThereIsOneLineNamingIt() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> SoundCapture.open("unix:/nonexistent/pulse/native"));
        assertTrue(e.getMessage().startsWith("cannot record from the sound server unix:/nonexistent/pulse/native: "),
                e.getMessage());
    }
}
