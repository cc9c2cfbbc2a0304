package io.moonlight.agent.x11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * The libX11 calls the input side needs beyond {@link Xlib}'s: the keyboard mapping (core and XKB
 * key names), the modifier map and the keys held. KeySym is an unsigned long (64 bits on x86_64).
 * Loaded through {@link XLibraries#x11Input()}.
 */
public interface X11InputLibrary extends Library {

    /** XkbGetNames's component masks and the core keyboard's device id. */
    int XKB_KEY_NAMES_MASK = 1 << 9;
    int XKB_KEY_ALIASES_MASK = 1 << 10;
    int XKB_ALL_COMPONENTS_MASK = 0x7f;
    int XKB_USE_CORE_KBD = 0x100;

    int XDisplayKeycodes(Pointer display, IntByReference minKeycode, IntByReference maxKeycode);

    /** Returns KeySym[count * keysymsPerKeycode], to be freed with XFree. */
    Pointer XGetKeyboardMapping(Pointer display, byte firstKeycode, int count, IntByReference keysymsPerKeycode);

    int XChangeKeyboardMapping(Pointer display, int firstKeycode, int keysymsPerKeycode, long[] keysyms, int count);

    byte XKeysymToKeycode(Pointer display, NativeLong keysym);

    /** Returns an XModifierKeymap: int max_keypermod at 0, KeyCode* modifiermap at 8. */
    Pointer XGetModifierMapping(Pointer display);

    int XFreeModifiermap(Pointer modifierKeymap);

    int XQueryKeymap(Pointer display, byte[] keys);

    NativeLong XDefaultRootWindow(Pointer display);

    /** The pointer's position and, in {@code mask}, the modifier state (LockMask 2 for Caps Lock). */
    boolean XQueryPointer(Pointer display, NativeLong window, NativeLongByReference root, NativeLongByReference child,
                          IntByReference rootX, IntByReference rootY, IntByReference windowX, IntByReference windowY,
                          IntByReference mask);

    /** Returns an XkbDescRec (names at offset 48), or null without XKB; free with XkbFreeKeyboard. */
    Pointer XkbGetMap(Pointer display, int which, int deviceSpec);

    /** Fills the XkbDescRec's names; returns 0 (Success) or an error. */
    int XkbGetNames(Pointer display, int which, Pointer xkb);

    void XkbFreeKeyboard(Pointer xkb, int which, boolean freeAll);

}
