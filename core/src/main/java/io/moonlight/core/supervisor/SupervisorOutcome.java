package io.moonlight.core.supervisor;

import io.moonlight.core.session.SessionState;

/**
 * How a supervised session ended: ENDED when it was asked to stop (SIGTERM from scancel or the time
 * limit), FAILED with the reason when a part of it failed to start or ended on its own; with what the
 * stop did.
 */
public record SupervisorOutcome(SessionState state, String reason, StopReport stop) {
}
