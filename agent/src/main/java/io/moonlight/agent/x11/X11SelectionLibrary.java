package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libX11 calls of selections (ICCCM): atoms, a window to own a selection and receive its
 * contents, properties and the SelectionNotify answer. Atoms and windows are {@link NativeLong}s.
 * Loaded through {@link XLibraries#x11Selection()}.
 */
public interface X11SelectionLibrary extends Library {
    NativeLong NONE = new NativeLong(0);
    NativeLong CURRENT_TIME = new NativeLong(0);
    /** Predefined atoms (Xatom.h). */
    NativeLong XA_ATOM = new NativeLong(4);
    NativeLong XA_STRING = new NativeLong(31);
    NativeLong ANY_PROPERTY_TYPE = new NativeLong(0);
    int PROP_MODE_REPLACE = 0;
    int SELECTION_CLEAR = 29;
    int SELECTION_REQUEST = 30;
    int SELECTION_NOTIFY = 31;

    NativeLong XInternAtom(Pointer display, String name, boolean onlyIfExists);

    NativeLong XCreateSimpleWindow(Pointer display, NativeLong parent, int x, int y, int width, int height,
            int borderWidth, NativeLong border, NativeLong background);

    int XDestroyWindow(Pointer display, NativeLong window);

    int XSetSelectionOwner(Pointer display, NativeLong selection, NativeLong owner, NativeLong time);

    NativeLong XGetSelectionOwner(Pointer display, NativeLong selection);

    int XConvertSelection(Pointer display, NativeLong selection, NativeLong target, NativeLong property,
            NativeLong requestor, NativeLong time);

    /** Returns 0 (Success) or an error; {@code data} is to be freed with XFree. Lengths are in 32-bit units. */
    int XGetWindowProperty(Pointer display, NativeLong window, NativeLong property, NativeLong offset,
            NativeLong length, boolean delete, NativeLong requestedType, NativeLongByReference actualType,
            IntByReference actualFormat, NativeLongByReference items, NativeLongByReference bytesAfter,
            PointerByReference data);

    /** Format 32 data are C longs (8 bytes each on x86_64), format 8 plain bytes. */
    int XChangeProperty(Pointer display, NativeLong window, NativeLong property, NativeLong type, int format,
            int mode, Pointer data, int elements);

    int XDeleteProperty(Pointer display, NativeLong window, NativeLong property);

    int XSendEvent(Pointer display, NativeLong window, boolean propagate, NativeLong eventMask, Pointer event);
}
