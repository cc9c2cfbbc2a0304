package io.moonlight.core.sessions;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.IllegalTransitionException;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SessionStore;
import java.util.List;
import java.util.Optional;

/**
 * What a session's supervisor reports, applied to the store (the gateway calls this once the
 * session's own token was checked). Every report may arrive twice (the supervisor retries when the
 * gateway restarts): one that already took effect changes nothing.
 */
public final class SupervisorReports {
    private final SessionStore store;

    public SupervisorReports(SessionStore store) {
        this.store = store;
    }

    /** The job runs on {@code node}: PENDING becomes STARTING there. */
    public Session starting(String id, String node) {
        Names.node(node);
        store.setPlacement(id, Optional.empty(), Optional.of(node));
        Session session = current(id);
        if (session.state() == SessionState.STARTING) {
            return session;
        }
        IllegalTransitionException.check(id, session.state(), SessionState.STARTING, "");
        return store.transition(id, session.state(), SessionState.STARTING, "job runs on " + node)
                .orElseGet(() -> starting(id, node));
    }

    /**
     * A port block and display on the session's node (the same one again when asked twice), the
     * display among {@code freeDisplays}, those the node found without an X server.
     */
    public Lease claimLease(String id, String node, List<Integer> freeDisplays) {
        Names.node(node);
        Session session = current(id);
        if (session.node().isPresent() && !session.node().get().equals(node)) {
            throw MoonlightException.badInput("session " + id + " runs on " + session.node().get() + ", not on " + node,
                    "claim the lease from the session's own job");
        }
        Lease lease = store.claimLease(id, node, freeDisplays);
        store.setPlacement(id, Optional.empty(), Optional.of(node));
        return lease;
    }

    /** The desktop is up where the lease says: STARTING becomes READY. */
    public Session ready(String id, String node, int display, int sunshinePort, int webUiPort) {
        Session session = current(id);
        boolean asLeased = session.node().map(node::equals).orElse(false)
                && session.display().isPresent() && session.display().getAsInt() == display
                && session.sunshineBasePort().isPresent() && session.sunshineBasePort().getAsInt() == sunshinePort
                && webUiPort == sunshinePort + 1;
        if (!asLeased) {
            throw MoonlightException.badInput("READY on " + node + " display :" + display + " port " + sunshinePort
                    + " does not match the lease of session " + id, "claim the lease first and report what it gave");
        }
        if (session.state() == SessionState.READY) {
            return session;
        }
        IllegalTransitionException.check(id, session.state(), SessionState.READY, "");
        return store.transition(id, session.state(), SessionState.READY, "desktop up on " + node + " display :"
                + display).orElseGet(() -> ready(id, node, display, sunshinePort, webUiPort));
    }

    /** The supervisor ended the session (ENDED) or saw it fail (FAILED with the reason); frees its lease. */
    public Session finished(String id, SessionState end, String reason) {
        if (!end.isFinal()) {
            throw MoonlightException.badInput(end + " is not how a session ends", "report ENDED or FAILED");
        }
        Session session = current(id);
        if (session.state().isFinal()) {
            store.releaseLease(id);
            return session;
        }
        return store.transition(id, session.state(), end, reason).orElseGet(() -> finished(id, end, reason));
    }

    /** What the session's agent is doing (STARTING or READY sessions only); the state stays as it is. */
    public Session agent(String id, AgentState state, String reason) {
        return store.reportAgent(id, state, reason);
    }

    public Session heartbeat(String id) {
        return store.heartbeat(id);
    }

    public boolean releaseLease(String id) {
        return store.releaseLease(id);
    }

    private Session current(String id) {
        return store.get(id).orElseThrow(() -> new UnknownSessionException(id));
    }
}
