package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few XTest calls (libXtst) that inject keyboard and pointer events as if from real devices.
 * Loaded through {@link XLibraries#xtest()}.
 */
public interface XTestLibrary extends Library {
    /** An XTest delay meaning "now". */
    NativeLong NOW = new NativeLong(0);

    boolean XTestQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase,
                                IntByReference majorVersion, IntByReference minorVersion);

    int XTestFakeKeyEvent(Pointer display, int keycode, boolean isPress, NativeLong delay);

    int XTestFakeButtonEvent(Pointer display, int button, boolean isPress, NativeLong delay);

    int XTestFakeMotionEvent(Pointer display, int screen, int x, int y, NativeLong delay);

    int XTestFakeRelativeMotionEvent(Pointer display, int dx, int dy, NativeLong delay);
}
