package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The calls of libXdamage: the X server reports that something was drawn, without the pixels. */
public interface XDamage extends Library {
    /** One event when the damaged region turns non-empty; the next comes after it is subtracted. */
    int REPORT_NON_EMPTY = 3;
    /** DamageNotify, added to the extension's event base. */
    int NOTIFY = 0;
    NativeLong NONE = new NativeLong(0);

    boolean XDamageQueryExtension(Pointer display, IntByReference eventBase, IntByReference errorBase);

    NativeLong XDamageCreate(Pointer display, NativeLong drawable, int level);

    void XDamageSubtract(Pointer display, NativeLong damage, NativeLong repair, NativeLong parts);

    void XDamageDestroy(Pointer display, NativeLong damage);
}
