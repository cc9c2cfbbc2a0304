package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Lease;
import java.util.List;

/**
 * Where a session's supervisor gets another lease when its X server found the leased display taken
 * by another server since the node's displays were scanned.
 */
@FunctionalInterface
public interface DisplayLeases {
    /** For a supervisor given one fixed lease: a taken display fails the session. */
    DisplayLeases NONE = taken -> {
        throw MoonlightException.failed("the supervisor was given one lease only", "free the display or lease another one");
    };

    /**
     * Frees the session's lease and claims one on a display that is free on the node now and none of
     * {@code taken} (every display taken so far, the latest last).
     */
    Lease another(List<Integer> taken);
}
