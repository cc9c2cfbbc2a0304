package io.moonlight.agent.x11;

import com.sun.jna.Pointer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Xlib's default handlers print and call exit(): one failed request, or an X server going away, would
 * end the whole agent. These handlers only remember the last error of each display, for the code that
 * made the request to ask with {@link #take} after an {@code XSync}.
 */
public final class XErrors {
    /** XErrorEvent on LP64: type, display, resourceid, serial, then these bytes. */
    private static final int ERROR_CODE = 32;
    private static final int REQUEST_CODE = 33;
    private static final int MINOR_CODE = 34;
    private static final Map<Long, String> LAST = new ConcurrentHashMap<>();
    // Held here so that the JVM never collects a callback libX11 still points at.
    private static final Xlib.ErrorHandler ON_ERROR = (display, event) -> {
        LAST.put(Pointer.nativeValue(display), "X error " + Byte.toUnsignedInt(event.getByte(ERROR_CODE))
                + " (request " + Byte.toUnsignedInt(event.getByte(REQUEST_CODE))
                + "." + Byte.toUnsignedInt(event.getByte(MINOR_CODE)) + ")");
        return 0;
    };
    private static final Xlib.IOErrorHandler ON_IO_ERROR = display -> {
        LAST.put(Pointer.nativeValue(display), "the connection to the X server was lost");
        return 0;
    };
    private static final Xlib.IOErrorExitHandler STAY_ALIVE = (display, data) -> { };

    private XErrors() {
    }

    static void install(Xlib xlib) {
        xlib.XSetErrorHandler(ON_ERROR);
        xlib.XSetIOErrorHandler(ON_IO_ERROR);
    }

    /**
     * Keeps the process alive when this display's server goes away: later calls on it then fail
     * instead. Without libX11 1.7 (no such call) the loss of the server still ends the process.
     */
    static void surviveLoss(Xlib xlib, Pointer display) {
        try {
            xlib.XSetIOErrorExitHandler(display, STAY_ALIVE, null);
        } catch (UnsatisfiedLinkError olderLibX11) {
            // Nothing better exists there: Xlib calls exit() after the I/O error handler.
        }
    }

    /** The last error on this display since the previous call, and forgets it. */
    public static Optional<String> take(Pointer display) {
        return Optional.ofNullable(LAST.remove(Pointer.nativeValue(display)));
    }

    static void forget(Pointer display) {
        LAST.remove(Pointer.nativeValue(display));
    }

}
