package io.moonlight.core.images;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the build step from apptainer's output: its own lines start with a level tag
 * ({@code INFO:    Running post scriptlet}, {@code INFO:    Creating SIF file...}); everything
 * else is the output of the definition's scripts.
 */
final class ApptainerOutput {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern INFO = Pattern.compile("^INFO:\\s+(.*?)(?:\\.\\.\\.)?\\s*$");

    private ApptainerOutput() {
    }

    /** The step an INFO line announces, without a trailing "..." and without its path after ':'. */
    static Optional<String> step(String line) {
        Matcher info = INFO.matcher(ANSI.matcher(line).replaceAll(""));
        if (!info.matches() || info.group(1).isEmpty()) {
            return Optional.empty();
        }
        String step = info.group(1);
        int colon = step.indexOf(':');
        return Optional.of(colon > 0 ? step.substring(0, colon) : step);
    }
}
