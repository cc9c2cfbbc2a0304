package io.moonlight.core.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One desktop session as stored. Immutable: every change gives a new value. The job id is known
 * once submitted, the node once the job runs, display and Sunshine base port once the session's
 * supervisor claimed its lease on the node. Only the hash of the session's token is kept. The
 * agent's status is its supervisor's last report about the browsers' streaming agent (none yet: empty).
 * The share is the view-only link its owner gave out, if any.
 */
public record Session(String id, String user, SessionSpec spec, SessionState state, List<StateChange> history,
        Optional<String> jobId, Optional<String> node, OptionalInt display, OptionalInt sunshineBasePort,
        String tokenHash, Instant createdAt, Instant updatedAt, Optional<Instant> heartbeatAt,
        Optional<AgentStatus> agent, Optional<Share> share) {

    public Session {
        if (!SessionIds.user(id).equals(Names.user(user))) {
            throw new IllegalArgumentException("session id " + id + " does not belong to user " + user);
        }
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
        if (history.isEmpty() || history.get(history.size() - 1).state() != state) {
            throw new IllegalArgumentException("the history of " + id + " does not end in its state " + state);
        }
        jobId.ifPresent(Names::jobId);
        node.ifPresent(Names::node);
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(sunshineBasePort, "sunshineBasePort");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(share, "share");
    }

    /** A new session as submitted: PENDING, nothing placed yet. */
    public static Session pending(String id, String user, SessionSpec spec, String tokenHash, Instant now) {
        return new Session(id, user, spec, SessionState.PENDING, List.of(new StateChange(SessionState.PENDING, now, "")),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), tokenHash, now, now,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This session in state {@code next}; an illegal move is an {@link IllegalTransitionException}. */
    public Session moveTo(SessionState next, Instant at, String reason) {
        IllegalTransitionException.check(id, state, next, reason);
        List<StateChange> longer = new ArrayList<>(history);
        longer.add(new StateChange(next, at, reason));
        return new Session(id, user, spec, next, longer, jobId, node, display, sunshineBasePort, tokenHash, createdAt,
                at, heartbeatAt, agent, share);
    }

    /** This session with its job and node as known at {@code at}. */
    public Session placed(Optional<String> newJobId, Optional<String> newNode, Instant at) {
        return new Session(id, user, spec, state, history, newJobId, newNode, display, sunshineBasePort, tokenHash,
                createdAt, at, heartbeatAt, agent, share);
    }

    /** This session holding the lease's display and port block since {@code at}. */
    public Session leased(Lease lease, Instant at) {
        return new Session(id, user, spec, state, history, jobId, node, OptionalInt.of(lease.display()),
                OptionalInt.of(lease.basePort()), tokenHash, createdAt, at, heartbeatAt, agent, share);
    }

    /** This session with its supervisor's last sign of life at {@code at}. */
    public Session heardFromAt(Instant at) {
        return new Session(id, user, spec, state, history, jobId, node, display, sunshineBasePort, tokenHash, createdAt,
                updatedAt, Optional.of(at), agent, share);
    }

    /** This session with its supervisor's latest report about the agent; not a change of state. */
    public Session withAgent(AgentStatus status) {
        return new Session(id, user, spec, state, history, jobId, node, display, sunshineBasePort, tokenHash, createdAt,
                updatedAt, heartbeatAt, Optional.of(status), share);
    }

    /** This session with {@code newShare} as its view-only share (empty: none); not a change of state. */
    public Session withShare(Optional<Share> newShare) {
        return new Session(id, user, spec, state, history, jobId, node, display, sunshineBasePort, tokenHash, createdAt,
                updatedAt, heartbeatAt, agent, newShare);
    }

    /** Why the session failed: the reason given with the move to FAILED. */
    public Optional<String> failureReason() {
        return state == SessionState.FAILED ? Optional.of(history.get(history.size() - 1).reason()) : Optional.empty();
    }

    public boolean tokenMatches(String rawToken) {
        return SessionToken.matches(rawToken, tokenHash);
    }
}
