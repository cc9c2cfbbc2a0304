package io.moonlight.agent.x11;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few calls of libX11 the agent needs. A {@code Display*} is a {@link Pointer}; XIDs (windows,
 * damage objects) are {@link NativeLong}s, as they are C {@code unsigned long}s. Get it from
 * {@link XLibraries#xlib()}, which also installs {@link XErrors}.
 */
public interface Xlib extends Library {
    int CONFIGURE_NOTIFY = 22;
    long STRUCTURE_NOTIFY_MASK = 1L << 17;
    int Z_PIXMAP = 2;
    long ALL_PLANES = -1L;
    /** sizeof(XEvent) on LP64: a union padded to 24 longs. */
    int EVENT_SIZE = 192;

    int XInitThreads();

    Pointer XOpenDisplay(String name);

    int XCloseDisplay(Pointer display);

    int XDefaultScreen(Pointer display);

    NativeLong XRootWindow(Pointer display, int screen);

    int XDisplayWidth(Pointer display, int screen);

    int XDisplayHeight(Pointer display, int screen);

    Pointer XDefaultVisual(Pointer display, int screen);

    int XDefaultDepth(Pointer display, int screen);

    int XSelectInput(Pointer display, NativeLong window, NativeLong eventMask);

    int XSync(Pointer display, boolean discard);

    int XFlush(Pointer display);

    int XPending(Pointer display);

    int XNextEvent(Pointer display, Pointer event);

    /** The socket's file descriptor, to poll(2) for events. */
    int XConnectionNumber(Pointer display);

    int XFree(Pointer data);

    boolean XQueryExtension(Pointer display, String name, IntByReference majorOpcode, IntByReference firstEvent,
            IntByReference firstError);

    Pointer XSetErrorHandler(ErrorHandler handler);

    Pointer XSetIOErrorHandler(IOErrorHandler handler);

    /** libX11 1.7 and later: lets a program outlive the loss of its X server (older versions exit). */
    void XSetIOErrorExitHandler(Pointer display, IOErrorExitHandler handler, Pointer userData);

    interface ErrorHandler extends Callback {
        int invoke(Pointer display, Pointer errorEvent);
    }

    interface IOErrorHandler extends Callback {
        int invoke(Pointer display);
    }

    interface IOErrorExitHandler extends Callback {
        void invoke(Pointer display, Pointer userData);
    }
}
