package io.moonlight.core.files;

/** Converts octal file modes ("644") to the symbolic form java.nio wants ("rw-r--r--"). */
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
}
