package io.moonlight.agent.capture;

import io.moonlight.agent.x11.XConnection;
import io.moonlight.agent.x11.XLibraries;
import io.moonlight.core.MoonlightException;
import java.awt.AWTError;
import java.awt.AWTException;
import java.awt.HeadlessException;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fallback for an X server without MIT-SHM: {@code java.awt.Robot} reads the screen through
 * XGetImage and AWT's own copies, 20-40x slower than {@link ShmScreenCapture} (medians of 6.5 ms
 * at 1280x720 and 13 ms at 1920x1080 measured on a 2-core machine, spikes far above) and with three
 * times the X server's CPU. XDamage still spares an unchanged screen.
 * AWT connects to one display for the JVM's life, the one named by DISPLAY when it starts; this class
 * points DISPLAY at its display before AWT starts and refuses another display afterwards.
 */
public final class RobotScreenCapture extends TrackedScreenCapture {
    private static String awtDisplay;
    private final Robot robot;
    private ByteBuffer pixels = ByteBuffer.allocateDirect(0);

    private RobotScreenCapture(XConnection connection, ScreenChanges changes, Robot robot) {
        super(connection, changes);
        this.robot = robot;
    }

    /** Takes over the connection when it succeeds; fails with a one-line error otherwise. */
    static RobotScreenCapture open(XConnection connection) {
        Robot robot = robotOn(connection.name());
        return new RobotScreenCapture(connection, ScreenChanges.watch(connection), robot);
    }

    private static synchronized Robot robotOn(String display) {
        if (awtDisplay != null && !awtDisplay.equals(display)) {
            throw MoonlightException.failed("AWT already reads X display " + awtDisplay + ", not " + display,
                    "one process captures one display with java.awt.Robot");
        }
        if (awtDisplay == null) {
            // AWT reads DISPLAY from the C environment and decides it is headless from Java's copy of it.
            XLibraries.libc().setenv("DISPLAY", display, 1);
            if (System.getProperty("java.awt.headless") == null) {
                System.setProperty("java.awt.headless", "false");
            }
            awtDisplay = display;
        }
        try {
            return new Robot();
        } catch (AWTException | HeadlessException | AWTError | UnsatisfiedLinkError e) {
            throw MoonlightException.unavailable("java.awt.Robot cannot start: " + e,
                    "a JRE with AWT (not headless) and the Debian packages libxtst6 and libxi6");
        }
    }

    @Override
    public String method() {
        return "robot";
    }

    @Override
    protected CapturedFrame read() {
        int width = changes.width();
        int height = changes.height();
        int[] rgb = ((DataBufferInt) robot.createScreenCapture(new Rectangle(width, height))
                .getRaster().getDataBuffer()).getData();
        long at = System.nanoTime();
        if (pixels.capacity() != rgb.length * 4) {
            pixels = ByteBuffer.allocateDirect(rgb.length * 4);
        }
        // 0x00RRGGBB ints stored little-endian are the bytes B,G,R,x.
        pixels.clear();
        pixels.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(rgb);
        return new CapturedFrame(pixels.duplicate(), width, height, width * 4, at);
    }
}
