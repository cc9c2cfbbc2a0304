package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import java.time.Duration;

/** Waiting between two looks at a session; an interrupt ends the wait as an error. */
final class Pause {
    private Pause() {
    }

    static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while waiting", null);
        }
    }
}
