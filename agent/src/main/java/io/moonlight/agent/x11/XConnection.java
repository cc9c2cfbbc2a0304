package io.moonlight.agent.x11;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.moonlight.core.MoonlightException;

/**
 * One connection to an X display and its default screen. Not shared between threads: each user of
 * the display (capture, input) opens its own.
 */
public final class XConnection implements AutoCloseable {
    private final Xlib xlib;
    private final String name;
    private final Pointer display;
    private final int screen;
    private final NativeLong root;
    private boolean closed;

    private XConnection(Xlib xlib, String name, Pointer display) {
        this.xlib = xlib;
        this.name = name;
        this.display = display;
        this.screen = xlib.XDefaultScreen(display);
        this.root = xlib.XRootWindow(display, screen);
    }

    /** Opens the display named like DISPLAY ({@code :231}, {@code host:10.0}). */
    public static XConnection open(String name) {
        Xlib xlib = XLibraries.xlib();
        Pointer display = name == null || name.isBlank() ? null : xlib.XOpenDisplay(name);
        if (display == null) {
            throw MoonlightException.unavailable("cannot open X display '" + name + "'",
                    "check that its X server runs and that this user may use it (xdpyinfo -display " + name + ")");
        }
        XErrors.surviveLoss(xlib, display);
        return new XConnection(xlib, name, display);
    }

    public String name() {
        return name;
    }

    /** The {@code Display*} for Xlib calls. */
    public Pointer display() {
        return display;
    }

    public int screen() {
        return screen;
    }

    public NativeLong root() {
        return root;
    }

    /** The screen's size when the connection opened (it follows no resize: see ScreenChanges). */
    public int initialWidth() {
        return xlib.XDisplayWidth(display, screen);
    }

    public int initialHeight() {
        return xlib.XDisplayHeight(display, screen);
    }

    /** Whether the server has the named extension (e.g. {@code MIT-SHM}, {@code XTEST}, {@code DAMAGE}). */
    public boolean hasExtension(String extension) {
        IntByReference unused = new IntByReference();
        return xlib.XQueryExtension(display, extension, unused, unused, unused);
    }

    /**
     * Waits until the server has handled every request sent so far and fails with the first X error
     * one of them caused, naming what was being done.
     */
    public void sync(String doing) {
        xlib.XSync(display, false);
        XErrors.take(display).ifPresent(error -> {
            throw MoonlightException.failed(doing + " on X display " + name + " failed: " + error, null);
        });
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            xlib.XCloseDisplay(display);
            XErrors.forget(display);
        }
    }
}
