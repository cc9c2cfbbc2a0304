package io.moonlight.agent.input;

import com.sun.jna.Pointer;
import io.moonlight.agent.x11.X11InputLibrary;
import io.moonlight.agent.x11.XLibraries;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's XKB key names (and aliases) with their keycodes, read with XkbGetMap and XkbGetNames.
 * Offsets are those of x86_64 Xlib: XkbDescRec's min/max_key_code at 12/13 and names at 48;
 * XkbNamesRec's keys at 456, key_aliases at 464 and num_key_aliases at 489.
 */
final class XkbKeyNames {
    private static final int KEY_NAME_LENGTH = 4;

    private XkbKeyNames() {
    }

    /** Key name -> keycode; empty when the server has no XKB or no key names. */
    static Map<String, Integer> read(Pointer display) {
        X11InputLibrary x11 = XLibraries.x11Input();
        int which = X11InputLibrary.XKB_KEY_NAMES_MASK | X11InputLibrary.XKB_KEY_ALIASES_MASK;
        Pointer xkb = x11.XkbGetMap(display, 0, X11InputLibrary.XKB_USE_CORE_KBD);
        if (xkb == null) {
            return Map.of();
        }
        try {
            if (x11.XkbGetNames(display, which, xkb) != 0) {
                return Map.of();
            }
            Pointer names = xkb.getPointer(48);
            Pointer keys = names == null ? null : names.getPointer(456);
            if (keys == null) {
                return Map.of();
            }
            Map<String, Integer> keycodes = new HashMap<>();
            int min = Byte.toUnsignedInt(xkb.getByte(12));
            int max = Byte.toUnsignedInt(xkb.getByte(13));
            for (int keycode = min; keycode <= max; keycode++) {
                String name = name(keys, keycode * KEY_NAME_LENGTH);
                if (!name.isEmpty()) {
                    keycodes.putIfAbsent(name, keycode);
                }
            }
            Pointer aliases = names.getPointer(464);
            int aliasCount = Byte.toUnsignedInt(names.getByte(489));
            for (int i = 0; aliases != null && i < aliasCount; i++) {
                Integer real = keycodes.get(name(aliases, i * 2 * KEY_NAME_LENGTH));
                if (real != null) {
                    keycodes.putIfAbsent(name(aliases, i * 2 * KEY_NAME_LENGTH + KEY_NAME_LENGTH), real);
                }
            }
            return keycodes;
        } finally {
            x11.XkbFreeKeyboard(xkb, X11InputLibrary.XKB_ALL_COMPONENTS_MASK, true);
        }
    }

    /** A 4-byte key name, NUL-padded (a 4-letter name has no NUL). */
    private static String name(Pointer base, long offset) {
        byte[] bytes = base.getByteArray(offset, KEY_NAME_LENGTH);
        int length = 0;
        while (length < KEY_NAME_LENGTH && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
