package io.moonlight.agent.input;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import io.moonlight.agent.x11.X11InputLibrary;
import io.moonlight.agent.x11.XLibraries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A copy of the display's core keyboard mapping and modifier map. In the core view of an XKB keymap
 * a keycode's keysym columns are group 1 level 1, level 2, group 2 level 1, level 2, then group 1
 * level 3 and level 4: so a character is typed plainly (column 0), with Shift (1), with
 * ISO_Level3_Shift, i.e. AltGr (4), or with both (5).
 */
final class DisplayKeymap {
    /** A keycode and the modifier keys to hold while pressing it. */
    record KeyLevel(int keycode, List<Integer> modifiers) {
    }

    private static final int[] LEVEL_COLUMNS = {0, 1, 4, 5};
    private static final int NEVER_SPARE_KEYCODE = 8;
    private static final int LOCK_MASK = 1 << 1;
    private final int minKeycode;
    private final int perKeycode;
    private final long[] keysyms;
    private final Set<Integer> modifierKeycodes;
    private final int shiftKeycode;
    private final int level3Keycode;
    private final int capsLockKeycode;

    private DisplayKeymap(int minKeycode, int perKeycode, long[] keysyms, Set<Integer> modifierKeycodes,
                          int shiftKeycode, int level3Keycode, int capsLockKeycode) {
        this.minKeycode = minKeycode;
        this.perKeycode = perKeycode;
        this.keysyms = keysyms;
        this.modifierKeycodes = modifierKeycodes;
        this.shiftKeycode = shiftKeycode;
        this.level3Keycode = level3Keycode;
        this.capsLockKeycode = capsLockKeycode;
    }

    static DisplayKeymap read(Pointer display) {
        X11InputLibrary x11 = XLibraries.x11Input();
        IntByReference min = new IntByReference();
        IntByReference max = new IntByReference();
        x11.XDisplayKeycodes(display, min, max);
        int count = max.getValue() - min.getValue() + 1;
        IntByReference perKeycode = new IntByReference();
        Pointer mapping = x11.XGetKeyboardMapping(display, (byte) min.getValue(), count, perKeycode);
        long[] keysyms = mapping.getLongArray(0, count * perKeycode.getValue());
        XLibraries.xlib().XFree(mapping);
        return new DisplayKeymap(min.getValue(), perKeycode.getValue(), keysyms, modifierKeycodes(display),
                keycode(display, Keysyms.SHIFT_L), keycode(display, Keysyms.ISO_LEVEL3_SHIFT),
                keycode(display, Keysyms.CAPS_LOCK));
    }

    private static Set<Integer> modifierKeycodes(Pointer display) {
        X11InputLibrary x11 = XLibraries.x11Input();
        Pointer map = x11.XGetModifierMapping(display);
        int perModifier = map.getInt(0);
        byte[] keycodes = map.getPointer(8).getByteArray(0, 8 * perModifier);
        x11.XFreeModifiermap(map);
        Set<Integer> modifiers = new HashSet<>();
        for (byte keycode : keycodes) {
            if (keycode != 0) {
                modifiers.add(Byte.toUnsignedInt(keycode));
            }
        }
        return modifiers;
    }

    private static int keycode(Pointer display, long keysym) {
        return Byte.toUnsignedInt(XLibraries.x11Input().XKeysymToKeycode(display, new NativeLong(keysym)));
    }

    /** Where the keymap types the character: the lowest level on a non-modifier key, if any. */
    Optional<KeyLevel> find(int codePoint) {
        for (int column : LEVEL_COLUMNS) {
            Optional<List<Integer>> modifiers = modifiersFor(column);
            if (column >= perKeycode || modifiers.isEmpty()) {
                continue;
            }
            for (int index = column; index < keysyms.length; index += perKeycode) {
                int keycode = minKeycode + index / perKeycode;
                if (Keysyms.character(keysyms[index]) == codePoint && !modifierKeycodes.contains(keycode)) {
                    return Optional.of(new KeyLevel(keycode, modifiers.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** The modifier keys a column needs, or empty when the keymap lacks one of them. */
    private Optional<List<Integer>> modifiersFor(int column) {
        List<Integer> modifiers = new ArrayList<>();
        if (column == 1 || column == 5) {
            modifiers.add(shiftKeycode);
        }
        if (column >= 4) {
            modifiers.add(level3Keycode);
        }
        return modifiers.contains(0) ? Optional.empty() : Optional.of(modifiers);
    }

    /** The keysym a keycode types without modifiers. */
    long keysymAt(int keycode) {
        int index = (keycode - minKeycode) * perKeycode;
        return index >= 0 && index < keysyms.length ? keysyms[index] : Keysyms.NO_SYMBOL;
    }

    /** Keycodes with no keysym at all, never a modifier's and never keycode 8 (some clients misread it). */
    List<Integer> spareKeycodes() {
        List<Integer> spare = new ArrayList<>();
        for (int keycode = minKeycode; keycode < minKeycode + keysyms.length / perKeycode; keycode++) {
            if (keycode != NEVER_SPARE_KEYCODE && !modifierKeycodes.contains(keycode) && hasNoKeysym(keycode)) {
                spare.add(keycode);
            }
        }
        return spare;
    }

    private boolean hasNoKeysym(int keycode) {
        int first = (keycode - minKeycode) * perKeycode;
        for (int index = first; index < first + perKeycode; index++) {
            if (keysyms[index] != Keysyms.NO_SYMBOL) {
                return false;
            }
        }
        return true;
    }

    /** The modifier keys that are down on the server now (whoever pressed them). */
    List<Integer> heldModifiers(Pointer display) {
        byte[] keys = new byte[32];
        XLibraries.x11Input().XQueryKeymap(display, keys);
        List<Integer> held = new ArrayList<>();
        for (int keycode : modifierKeycodes) {
            if ((keys[keycode / 8] & (1 << (keycode % 8))) != 0) {
                held.add(keycode);
            }
        }
        return held;
    }

    /** The Caps Lock key when Caps Lock is locked on (it would change the case of typed letters). */
    OptionalInt lockedCapsLock(Pointer display) {
        X11InputLibrary x11 = XLibraries.x11Input();
        NativeLongByReference window = new NativeLongByReference();
        IntByReference position = new IntByReference();
        IntByReference mask = new IntByReference();
        x11.XQueryPointer(display, x11.XDefaultRootWindow(display), window, window, position, position, position,
                position, mask);
        return (mask.getValue() & LOCK_MASK) != 0 && capsLockKeycode != 0 ? OptionalInt.of(capsLockKeycode)
                : OptionalInt.empty();
    }
}
