package io.moonlight.agent.stream;

import io.moonlight.agent.audio.SoundCapture;
import io.moonlight.agent.capture.ScreenCapture;
import io.moonlight.agent.testing.Percentile;
import io.moonlight.agent.testing.PulseServer;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.agent.testing.XDrawing;
import io.moonlight.agent.testing.Xvfb;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Audio against video through the agent, without a browser (bench/av-offset): a throwaway Xvfb and
 * PulseAudio server as a session has them, the agent's capture, sound and stream, and a webrtc-java
 * viewer on loopback in this JVM. Each sample flashes a square in the screen's centre and starts a
 * beep (pacat, 10 ms of latency asked) in the same instant, and takes when the viewer decodes the flash and when it plays the beep's first loud 10 ms.
 * Prints a markdown row: the beep's and the flash's delays (p50) and the offset (beep minus flash:
 * positive when the sound comes late), p50, p95 and the largest, and the samples where either never came.
 */
public final class AvOffsetBenchmark {
    private static final int PROBE = 64;
    private static final int CHUNK = SoundCapture.CHUNK_BYTES;

    private AvOffsetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (Xvfb xvfb = Xvfb.start(1280, 720);
                PulseServer server = PulseServer.start();
                SoundCapture sound = SoundCapture.open(server.address());
                ScreenCapture capture = ScreenCapture.open(xvfb.name());
                DesktopStream stream = new DesktopStream(capture, Optional.of(sound), peer -> new InputRoute(m -> { }, () -> { }),
                        new StreamLimits(30, 8000), System.err::println);
                ViewingPeer viewer = LoopbackViewer.connect(stream, "bench", "H264");
                XDrawing probe = new XDrawing(xvfb.name());
                Player player = new Player(server.address())) {
            viewer.connected().get(20, TimeUnit.SECONDS);
            player.beep(); // pacat connects on its first sound: not a sample
            Thread.sleep(3000);
            List<Double> video = new ArrayList<>();
            List<Double> audio = new ArrayList<>();
            List<Double> offsets = new ArrayList<>();
            boolean white = false;
            for (int i = 0; i < samples; i++) {
                white = !white;
                int value = white ? 255 : 0;
                viewer.frames().clear();
                viewer.soundOnsets().clear();
                probe.fill(640 - PROBE / 2, 360 - PROBE / 2, PROBE, PROBE, white ? 0xffffff : 0x000000);
                player.beep();
                long start = System.nanoTime();
                long deadline = start + TimeUnit.SECONDS.toNanos(3);
                Long flash = null;
                while (flash == null && System.nanoTime() < deadline) {
                    ViewingPeer.Received frame = viewer.frames().poll(20, TimeUnit.MILLISECONDS);
                    if (frame != null && Math.abs(frame.green() - value) < 60) {
                        flash = frame.nanos();
                    }
                }
                Long beep = viewer.soundOnsets().poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (flash != null && beep != null) {
                    video.add((flash - start) / 1e6);
                    audio.add((beep - start) / 1e6);
                    offsets.add((beep - flash) / 1e6);
                }
                Thread.sleep(400 + ThreadLocalRandom.current().nextInt(300));
            }
            System.out.println(String.format(Locale.ROOT, "| 1280x720 | 30 | H264 + Opus | %s | %s | %s | %s | %s | %d |",
                    Percentile.format(audio, 50, 1), Percentile.format(video, 50, 1),
                    Percentile.format(offsets, 50, 1), Percentile.format(offsets, 95, 1),
                    Percentile.format(offsets, 100, 1), samples - offsets.size()));
        }
    }

    /**
     * A program that plays a sound now and then: pacat (10 ms of latency asked), written to only when it
     * beeps. (Fed silence all the time through its pipe, it would lag by whatever the pipe holds, up to
     * 340 ms, once pacat connected late.)
     */
    private static final class Player implements AutoCloseable {
        private final Process pacat;
        private final OutputStream out;
        private final byte[] tone = tone();

        Player(String server) throws Exception {
            pacat = new ProcessBuilder("pacat", "--server", server, "--raw", "--format=s16le", "--rate=48000",
                    "--channels=2", "--latency-msec=10").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            out = pacat.getOutputStream();
        }

        /** 200 ms of a 1 kHz tone, from now. */
        void beep() throws IOException {
            out.write(tone);
            out.flush();
        }

        private static byte[] tone() {
            ByteBuffer samples = ByteBuffer.allocate(20 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 20 * SoundCapture.FRAMES; i++) {
                short value = (short) (16_000 * Math.sin(2 * Math.PI * 1000 * i / 48_000.0));
                samples.putShort(value).putShort(value);
            }
            return samples.array();
        }

        @Override
        public void close() throws InterruptedException {
            pacat.destroy();
            pacat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
