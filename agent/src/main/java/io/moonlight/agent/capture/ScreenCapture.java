package io.moonlight.agent.capture;

import io.moonlight.agent.x11.XConnection;
import io.moonlight.core.MoonlightException;
import java.util.Optional;

/**
 * Reads a session's whole X display, frame by frame. One thread grabs; a frame is valid until that
 * thread's next grab or close.
 */
public interface ScreenCapture extends AutoCloseable {
    /**
     * Captures the display through MIT-SHM with XDamage ({@link ShmScreenCapture}), or through
     * {@code java.awt.Robot} when the X server offers no shared memory ({@link RobotScreenCapture});
     * fails with a one-line error when neither works.
     */
    static ScreenCapture open(String display) {
        XConnection connection = XConnection.open(display);
        try {
            return ShmScreenCapture.open(connection);
        } catch (MoonlightException noShm) {
            try {
                ScreenCapture robot = RobotScreenCapture.open(connection);
                System.getLogger(ScreenCapture.class.getName()).log(System.Logger.Level.WARNING,
                        "X display " + display + ": " + noShm.getMessage() + "; capturing with java.awt.Robot instead (20-40x slower)");
                return robot;
            } catch (MoonlightException noRobot) {
                connection.close();
                throw MoonlightException.unavailable("cannot capture X display " + display + ": "
                        + noShm.getMessage() + "; java.awt.Robot: " + noRobot.getMessage(),
                        "run the session's X server with MIT-SHM (Xvfb and Xorg have it unless started with -extension MIT-SHM)");
            }
        }
    }

    /** The display's current width; it follows a resize (xrandr) noticed by the last grab. */
    int width();

    int height();

    /** How the pixels are read: {@code "mit-shm"} or {@code "robot"}. */
    String method();

    /**
     * The whole display when something was drawn or the display was resized since the last grab;
     * empty, without reading any pixels, when nothing changed.
     */
    Optional<CapturedFrame> grabIfChanged();

    /**
     * Sleeps until the display changes, {@link #wake} is called or {@code timeoutMillis} pass; true when
     * it changed (the next {@link #grabIfChanged} grabs). On the grabbing thread.
     */
    boolean awaitChange(long timeoutMillis);

    /** From any thread: a waiting {@link #awaitChange} returns now. */
    void wake();

    /** The whole display, changed or not (the first frame, a keyframe refresh). */
    CapturedFrame grab();

    /** Releases the X connection and all memory; the last frame is invalid afterwards. */
    @Override
    void close();
}
