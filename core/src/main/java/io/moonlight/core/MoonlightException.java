package io.moonlight.core;

import java.util.Optional;

/**
 * The one exception type deep code throws: an exit code, a one-line message saying what is wrong
 * and an optional hint saying how to fix it. Front ends print message and hint, never a stack trace
 * unless asked to.
 */
public class MoonlightException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;

    public MoonlightException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public MoonlightException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** Bad input from the user or the configuration: exit 2, nothing changed. */
    public static MoonlightException badInput(String message, String hint) {
        return new MoonlightException(ExitCode.USAGE, message, hint);
    }

    /** A step that failed: exit 1. */
    public static MoonlightException failed(String message, String hint) {
        return new MoonlightException(ExitCode.ERROR, message, hint);
    }

    /** A tool or service that is missing or unreachable: exit 5. */
    public static MoonlightException unavailable(String message, String hint) {
        return new MoonlightException(ExitCode.UNAVAILABLE, message, hint);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public Optional<String> hint() {
        return Optional.ofNullable(hint).filter(h -> !h.isBlank());
    }
}
