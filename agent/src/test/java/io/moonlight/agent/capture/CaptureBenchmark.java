package io.moonlight.agent.capture;

import io.moonlight.agent.testing.XDrawing;
import io.moonlight.agent.testing.Xvfb;
import io.moonlight.agent.x11.XConnection;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Times the capture on a throwaway Xvfb at 1280x720 and 1920x1080 and prints a Markdown table
 * (run by bench/capture): XShmGetImage alone, grabIfChanged after another client drew a small
 * rectangle, and grabIfChanged on an unchanged screen. Argument: frames per measurement (300).
 */
public final class CaptureBenchmark {
    private static final int WARM_UP = 50;

    private CaptureBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.println("| screen | what, per frame | median | p95 |");
        System.out.println("| --- | --- | --- | --- |");
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            measure(size[0], size[1], frames);
        }
    }

    private static void measure(int width, int height, int frames) throws Exception {
        String screen = width + "x" + height;
        try (Xvfb xvfb = Xvfb.start(width, height); XDrawing drawing = new XDrawing(xvfb.name());
                XConnection connection = XConnection.open(xvfb.name());
                SharedImage image = SharedImage.create(connection, width, height);
                ScreenCapture capture = ScreenCapture.open(xvfb.name())) {
            drawing.fill(0, 0, width, height, 0x336699);
            row(screen, "XShmGetImage of the root window", frames, () -> image.grab() != null);
            int[] step = {0};
            row(screen, "grabIfChanged after a drawing (" + capture.method() + ")", frames, () -> {
                int n = step[0]++;
                drawing.fill(n % (width - 10), n % (height - 10), 10, 10, n * 0x010203 & 0xffffff);
            }, () -> capture.grabIfChanged().isPresent());
            capture.grab();
            row(screen, "grabIfChanged, unchanged screen", frames, () -> capture.grabIfChanged().isEmpty());
        }
    }

    private static void row(String screen, String what, int frames, BooleanSupplier timed) {
        row(screen, what, frames, () -> { }, timed);
    }

    /** Runs {@code before} untimed and {@code timed} timed, which must answer true, frames times after a warm-up. */
    private static void row(String screen, String what, int frames, Runnable before, BooleanSupplier timed) {
        long[] nanos = new long[frames];
        for (int i = -WARM_UP; i < frames; i++) {
            before.run();
            long start = System.nanoTime();
            boolean expected = timed.getAsBoolean();
            long took = System.nanoTime() - start;
            if (!expected) {
                throw new IllegalStateException(what + " at " + screen + ": not the expected result");
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("| %s | %s | %s | %s |%n", screen, what, millis(nanos[frames / 2]),
                millis(nanos[(int) Math.ceil(frames * 0.95) - 1]));
    }

    private static String millis(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }
}
