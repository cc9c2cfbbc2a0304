package io.moonlight.agent.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Captures a display in a JVM of its own and writes the frame's pixels to a file, for
 * ScreenCaptureTest's fallback case: AWT keeps its connection to the display for the JVM's life and
 * ends the JVM when that display's server goes away, which the test's JVM must outlive.
 * Prints "method width height stride changed-after-grab".
 */
final class RobotCaptureProbe {
    private RobotCaptureProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (ScreenCapture capture = ScreenCapture.open(args[0])) {
            CapturedFrame frame = capture.grab();
            try (FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.WRITE)) {
                out.write(frame.pixels());
            }
            System.out.println(capture.method() + " " + frame.width() + " " + frame.height() + " " + frame.stride()
                    + " " + capture.grabIfChanged().isPresent());
        }
        System.exit(0);
    }
}
