package io.moonlight.agent.stream;

import io.moonlight.agent.capture.ScreenCapture;
import io.moonlight.agent.testing.MovingBars;
import io.moonlight.agent.testing.ViewingPeer;
import io.moonlight.agent.testing.Xvfb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How many sessions' streams at 1280x720, 30 fps, H264 fit on this machine (bench/agent-path
 * capacity): 1, 2, ... N sessions at once, each its own Xvfb with a moving picture, the agent's
 * capture and stream, and a webrtc-java viewer decoding it, all in this JVM on the same cores (the
 * viewers' decoding costs CPU a node would not spend). Per count: the lowest and the median frames
 * decoded per second over 10 s. Prints markdown rows.
 */
public final class AgentCapacityBenchmark {
    private AgentCapacityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int most = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        System.out.println("| sessions at 1280x720@30 H264 | lowest decoded fps | median decoded fps |");
        System.out.println("| ---: | ---: | ---: |");
        for (int count = 1; count <= most; count++) {
            System.out.println(run(count));
        }
    }

    private static String run(int count) throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        List<ViewingPeer> viewers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Xvfb xvfb = Xvfb.start(1280, 720);
                open.add(xvfb);
                ScreenCapture capture = ScreenCapture.open(xvfb.name());
                open.add(capture);
                DesktopStream stream = new DesktopStream(capture, peer -> new InputRoute(m -> { }, () -> { }),
                        new StreamLimits(30, 8000), message -> { });
                open.add(stream);
                open.add(new MovingBars(xvfb.name(), 1280, 720, 30));
                ViewingPeer viewer = LoopbackViewer.connect(stream, "viewer-" + i, "H264");
                open.add(viewer);
                viewers.add(viewer);
            }
            for (ViewingPeer viewer : viewers) {
                viewer.connected().get(30, TimeUnit.SECONDS);
            }
            Thread.sleep(3000);
            viewers.forEach(v -> v.frames().clear());
            Thread.sleep(10_000);
            double[] fps = viewers.stream().mapToDouble(v -> v.frames().size() / 10.0).sorted().toArray();
            return String.format(Locale.ROOT, "| %d | %.1f | %.1f |", count, fps[0], fps[fps.length / 2]);
        } finally {
            // Viewers, then streams, then captures and displays: the reverse of the order they were made in.
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }
}
