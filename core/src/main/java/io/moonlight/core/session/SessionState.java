package io.moonlight.core.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * A session's life: PENDING (submitted) -> STARTING (job running) -> READY (desktop up) -> STOPPING
 * -> ENDED | FAILED. A live session may be stopped, end (its job went away) or fail at any point;
 * nothing leaves ENDED or FAILED, and nothing goes back.
 */
public enum SessionState {
    PENDING, STARTING, READY, STOPPING, ENDED, FAILED;

    /** Counts against the per-user limit and may hold a port lease. */
    public boolean isActive() {
        return this != ENDED && this != FAILED;
    }

    public boolean isFinal() {
        return !isActive();
    }

    public Set<SessionState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(STARTING, STOPPING, ENDED, FAILED);
            case STARTING -> EnumSet.of(READY, STOPPING, ENDED, FAILED);
            case READY -> EnumSet.of(STOPPING, ENDED, FAILED);
            case STOPPING -> EnumSet.of(ENDED, FAILED);
            case ENDED, FAILED -> EnumSet.noneOf(SessionState.class);
        };
    }

    public boolean canMoveTo(SessionState target) {
        return next().contains(target);
    }
}
