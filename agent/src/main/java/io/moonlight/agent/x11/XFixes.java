package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The calls of libXfixes: the X server tells a client when a selection changes owner, without polling. */
public interface XFixes extends Library {
    /** XFixesSetSelectionOwnerNotifyMask: a new owner took the selection. */
    long SET_SELECTION_OWNER_NOTIFY_MASK = 1L;
    /** XFixesSelectionNotify, added to the extension's event base. */
    int SELECTION_NOTIFY = 0;

    boolean XFixesQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

    void XFixesSelectSelectionInput(Pointer display, NativeLong window, NativeLong selection, NativeLong eventMask);
}
