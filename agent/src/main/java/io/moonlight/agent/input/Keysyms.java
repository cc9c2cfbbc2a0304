package io.moonlight.agent.input;

/**
 * Unicode characters and X keysyms: Latin-1 characters are their own keysym, every other character
 * is 0x01000000 + its code point (the X11 Unicode keysyms), tab and newline type Tab and Return.
 */
final class Keysyms {
    static final long NO_SYMBOL = 0;
    static final long SHIFT_L = 0xffe1;
    static final long ISO_LEVEL3_SHIFT = 0xfe03;
    static final long CAPS_LOCK = 0xffe5;
    private static final long TAB = 0xff09;
    private static final long RETURN = 0xff0d;
    private static final long EURO_SIGN = 0x20ac;
    private static final long UNICODE_OFFSET = 0x01000000;

    private Keysyms() {
    }

    /** Whether the character can be typed: no control character but tab and newline, no lone surrogate. */
    static boolean isTypeable(int codePoint) {
        return codePoint == '\t' || codePoint == '\n'
                || !(Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE);
    }

    static long forCharacter(int codePoint) {
        if (codePoint == '\t') {
            return TAB;
        }
        if (codePoint == '\n') {
            return RETURN;
        }
        return isLatin1(codePoint) ? codePoint : UNICODE_OFFSET + codePoint;
    }

    /** The character a keymap's keysym types, or -1 for keysyms that type none (or none we look for). */
    static int character(long keysym) {
        if (keysym == TAB) {
            return '\t';
        }
        if (keysym == RETURN) {
            return '\n';
        }
        if (keysym == EURO_SIGN) {
            return 0x20ac;
        }
        if (keysym < 0x100 && isLatin1((int) keysym)) {
            return (int) keysym;
        }
        if (keysym > UNICODE_OFFSET && keysym <= UNICODE_OFFSET + Character.MAX_CODE_POINT) {
            return (int) (keysym - UNICODE_OFFSET);
        }
        return -1;
    }

    private static boolean isLatin1(int codePoint) {
        return (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff);
    }
}
