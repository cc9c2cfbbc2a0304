package io.moonlight.agent.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.agent.audio.SoundCapture;
import io.moonlight.agent.testing.PaintedScreen;
import io.moonlight.agent.testing.PulseServer;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.core.testing.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The session's sound, from a real PulseAudio server through the agent's stream to a webrtc-java viewer. */
@ServiceTest
class DesktopSoundTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void twoViewersHearWhatIsPlayedIntoTheSessionsSinkBesideThePicture() throws Exception {
        PaintedScreen screen = new PaintedScreen(320, 240);
        screen.paint(0, 0, 255);
        try (PulseServer server = PulseServer.start(); SoundCapture sound = SoundCapture.open(server.address());
                DesktopStream stream = new DesktopStream(screen, Optional.of(sound), this::input,
                        new StreamLimits(30, 2000), log::add);
                ViewingPeer first = LoopbackViewer.connect(stream, "p1", null);
                ViewingPeer second = LoopbackViewer.connect(stream, "p2", null)) {
            first.connected().get(10, TimeUnit.SECONDS);
            second.connected().get(10, TimeUnit.SECONDS);
            DesktopStreamTest.awaitColour(first, 0, 0, 255);
            await(() -> first.soundChunks() >= 50 && second.soundChunks() >= 50, "the viewers receive sound");
            assertTrue(first.loudest() < 100, "silence while nothing plays, loudest " + first.loudest());

            Process tone = server.play(440, Duration.ofSeconds(3));
            await(() -> first.loudest() > 3000 && second.loudest() > 3000,
                    "the tone reaches both viewers (loudest " + first.loudest() + ", " + second.loudest() + ")");
            tone.destroy();
        }
        assertTrue(log.stream().noneMatch(l -> l.startsWith("no sound")), log.toString());
    }

    private InputRoute input(String peer) {
        return new InputRoute(json -> { }, () -> { });
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(50);
        }
    }
}
