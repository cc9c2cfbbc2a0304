package io.moonlight.core.session;

import java.time.Instant;
import java.util.Objects;

/** One entry of a session's state history; the reason is empty when none was given. */
public record StateChange(SessionState state, Instant at, String reason) {
    public StateChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        reason = reason == null ? "" : reason;
    }
}
