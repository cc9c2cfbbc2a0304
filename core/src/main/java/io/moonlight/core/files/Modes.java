package io.moonlight.core.files;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Converts between octal file modes ("644") and the form java.nio uses ("rw-r--r--"). */
final class Modes {
    private Modes() {
    }

    static String symbolic(String octal) {
        if (!octal.matches("[0-7]{3}")) {
            throw new IllegalArgumentException("not a three-digit octal mode: " + octal);
        }
        StringBuilder text = new StringBuilder();
        for (char digit : octal.toCharArray()) {
            int bits = digit - '0';
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.toString();
    }

    /** The permission bits as three octal digits ("640"); special bits are not kept. */
    static String octal(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission permission : permissions) {
            bits |= 1 << (8 - permission.ordinal());
        }
        return String.format("%03o", bits);
    }
}
