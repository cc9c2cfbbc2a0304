package io.moonlight.core.supervisor;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;

/**
 * The session's X server could not take its leased display because another server (or any process
 * holding the display's abstract socket) took it after the node's displays were scanned: the session
 * can try another display.
 */
public final class DisplayTakenException extends MoonlightException {
    private final int display;

    DisplayTakenException(int display, MoonlightException why) {
        super(ExitCode.ERROR, why.getMessage(), why.hint().orElse(null), why);
        this.display = display;
    }

    public int display() {
        return display;
    }
}
