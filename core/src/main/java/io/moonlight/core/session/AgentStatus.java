package io.moonlight.core.session;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The last report about a session's streaming agent: its state, why (empty when nothing needs saying),
 * and when the report was stored. Not a state of the session: the desktop may run without its agent.
 */
public record AgentStatus(AgentState state, String reason, Instant at) {
    /** The session's states in which its supervisor runs the agent and reports about it. */
    public static final Set<SessionState> REPORTED_IN = EnumSet.of(SessionState.STARTING, SessionState.READY);

    public AgentStatus {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(at, "at");
    }
}
