package io.moonlight.core.exec;

import io.moonlight.core.MoonlightException;
import java.time.Duration;

/** What an external command left: its exit code, its output and how long it took. */
public record ExecResult(ExternalCommand command, int exitCode, String stdout, String stderr, Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * Returns this result when the command succeeded, else throws a one-line error naming what
     * failed with the command's own first line of complaint.
     */
    public ExecResult orFail(String what, String hint) {
        if (succeeded()) {
            return this;
        }
        throw MoonlightException.failed(what + ": " + complaint(), hint);
    }

    /** The most telling line of the command's error output (or standard output when it said nothing). */
    public String complaint() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .reduce((first, second) -> second)
                .map(l -> l + " (exit " + exitCode + ")")
                .orElse("'" + command.program() + "' exited " + exitCode + " without a message");
    }
}
