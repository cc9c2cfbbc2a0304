package io.moonlight.agent.stream;

import dev.onvoid.webrtc.RTCConfiguration;
import io.moonlight.agent.capture.CapturedFrame;
import io.moonlight.agent.capture.ScreenCapture;
import io.moonlight.agent.testing.MovingBars;
import io.moonlight.agent.testing.Percentile;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.agent.testing.XDrawing;
import io.moonlight.agent.testing.Xvfb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The agent's path, measured without a browser (bench/agent-path): a throwaway Xvfb with a moving
 * picture (bars drawn by another X client at the session's frame rate), the agent's capture and
 * stream, and a webrtc-java viewer offering one codec, all on loopback in this JVM. Per case:
 * the time from a pixel change on the display (a square in the centre turned black or white, taken
 * when the X server has drawn it) to the first decoded frame showing it; the frames decoded per
 * second against the target; the agent's grab and push (convert + hand to the encoder) times. And
 * where the time goes: the change's wait until the pump grabs it (its frame slot), the encoder's
 * mean time a frame (libwebrtc's outbound statistics), and the viewer's mean time a frame in its
 * jitter buffer and in decoding (inbound statistics). Prints markdown rows.
 */
public final class AgentPathBenchmark {
    private static final int PROBE = 64;

    private AgentPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        System.out.println("| screen | fps | codec | change to decoded p50 (ms) | p95 (ms) | decoded fps | grab p50 (ms) "
                + "| push p50 (ms) | push p95 (ms) | wait for the slot p50 (ms) | encode (ms) | viewer's jitter buffer (ms) "
                + "| decode (ms) |");
        System.out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            for (int fps : new int[] {30, 60}) {
                for (String codec : new String[] {"H264", "VP8"}) {
                    Measured m = measure(size[0], size[1], fps, codec, samples, null);
                    System.out.println(String.format(Locale.ROOT,
                            "| %dx%d | %d | %s | %s | %s | %.1f | %.2f | %.2f | %.2f | %s | %.1f | %.1f | %.1f |",
                            size[0], size[1], fps, codec, Percentile.format(m.latencies, 50, 1), Percentile.format(m.latencies, 95, 1),
                            m.decodedFps, m.times.grabMillis(50), m.times.pushMillis(50), m.times.pushMillis(95),
                            Percentile.format(m.slotWaits, 50, 1), m.encodeMillis, m.jitterBufferMillis, m.decodeMillis) + m.unseen());
                }
            }
        }
    }

    /** One case measured: the changes' times, the rate, and the per-frame figures of both sides. */
    record Measured(int samples, List<Double> latencies, List<Double> slotWaits, double decodedFps, FrameTimes times,
            double encodeMillis, double jitterBufferMillis, double decodeMillis) {
        String unseen() {
            return latencies.size() < samples ? " (" + (samples - latencies.size()) + " changes never seen)" : "";
        }
    }

    /** {@code relay}: null for a viewer that reaches the agent directly, else relay-only ICE through it. */
    static Measured measure(int width, int height, int fps, String codec, int samples, TurnRelay relay) throws Exception {
        RTCConfiguration viewing = relay == null ? new RTCConfiguration() : relay.relayOnly(relay.issuer().issue("bench"));
        try (Xvfb xvfb = Xvfb.start(width, height);
                CentreWatch capture = new CentreWatch(ScreenCapture.open(xvfb.name()));
                DesktopStream stream = new DesktopStream(capture, peer -> new InputRoute(m -> { }, () -> { }),
                        new StreamLimits(fps, 20000), System.err::println);
                ViewingPeer viewer = LoopbackViewer.connect(relay == null ? stream : relay.agentSide(stream), "bench",
                        codec, viewing);
                MovingBars bars = new MovingBars(xvfb.name(), width, height, fps);
                XDrawing probe = new XDrawing(xvfb.name())) {
            viewer.connected().get(20, TimeUnit.SECONDS);
            Thread.sleep(2000);
            viewer.frames().clear();
            Thread.sleep(5000);
            double decodedFps = viewer.frames().size() / 5.0;
            EncoderStats encoderBefore = stream.encoderStats().get("bench");
            ViewingPeer.Inbound viewerBefore = viewer.inbound();
            List<Double> latencies = new ArrayList<>();
            List<Double> slotWaits = new ArrayList<>();
            boolean white = false;
            for (int i = 0; i < samples; i++) {
                white = !white;
                int value = white ? 255 : 0;
                viewer.frames().clear();
                probe.fill(width / 2 - PROBE / 2, height / 2 - PROBE / 2, PROBE, PROBE, white ? 0xffffff : 0x000000);
                long drawn = System.nanoTime();
                long deadline = drawn + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < deadline) {
                    ViewingPeer.Received frame = viewer.frames().poll(50, TimeUnit.MILLISECONDS);
                    if (frame != null && Math.abs(frame.green() - value) < 60) {
                        latencies.add((frame.nanos() - drawn) / 1e6);
                        slotWaits.add((capture.changedAt - drawn) / 1e6);
                        break;
                    }
                }
                Thread.sleep(100 + ThreadLocalRandom.current().nextInt(150));
            }
            double encode = stream.encoderStats().get("bench").encodeMillisSince(encoderBefore);
            double[] decodeAndJitter = viewer.inbound().millisSince(viewerBefore);
            return new Measured(samples, latencies, slotWaits, decodedFps, stream.frameTimes(), encode,
                    decodeAndJitter[1], decodeAndJitter[0]);
        }
    }

    /** The capture, noting when a grab first shows a new colour at the screen's centre (where the probe is). */
    private static final class CentreWatch implements ScreenCapture {
        private final ScreenCapture capture;
        private int centre = -1;
        private volatile long changedAt;

        CentreWatch(ScreenCapture capture) {
            this.capture = capture;
        }

        @Override
        public int width() {
            return capture.width();
        }

        @Override
        public int height() {
            return capture.height();
        }

        @Override
        public String method() {
            return capture.method();
        }

        @Override
        public Optional<CapturedFrame> grabIfChanged() {
            return capture.grabIfChanged().map(this::watch);
        }

        @Override
        public boolean awaitChange(long timeoutMillis) {
            return capture.awaitChange(timeoutMillis);
        }

        @Override
        public void wake() {
            capture.wake();
        }

        @Override
        public CapturedFrame grab() {
            return watch(capture.grab());
        }

        private CapturedFrame watch(CapturedFrame frame) {
            int green = frame.pixels().get(frame.height() / 2 * frame.stride() + frame.width() / 2 * 4 + 1) & 0xff;
            if (green != centre) {
                centre = green;
                changedAt = System.nanoTime();
            }
            return frame;
        }

        @Override
        public void close() {
            capture.close();
        }
    }
}
