package io.moonlight.core.sessions;

import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Stops sessions: cancels the job, STOPPING, and ENDED as soon as the job is gone. */
public final class SessionStopper {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final SessionLookup lookup;
    private final SessionStore store;
    private final Scheduler scheduler;
    private final Clock clock;

    public SessionStopper(SessionLookup lookup, SessionStore store, Scheduler scheduler, Clock clock) {
        this.lookup = lookup;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Stops the session; a job still ending after a while leaves it STOPPING (the reconciler ends it later). */
    public Session stop(Caller caller, String id) {
        Session session = lookup.visible(caller, id);
        if (session.state().isFinal()) {
            return session;
        }
        if (session.state() != SessionState.STOPPING) {
            Optional<Session> moved = store.transition(id, session.state(), SessionState.STOPPING, "stopped by " + caller.name());
            if (moved.isEmpty()) {
                // Moved meanwhile (e.g. the supervisor reported READY): try again from where it is now.
                return stop(caller, id);
            }
            session = moved.get();
        }
        if (session.jobId().isPresent()) {
            String jobId = session.jobId().get();
            scheduler.cancel(jobId, session.user());
            Instant deadline = clock.instant().plus(STOP_WAIT);
            while (jobActive(jobId) && clock.instant().isBefore(deadline)) {
                Pause.sleep(POLL);
            }
            if (jobActive(jobId)) {
                // Still ending: list, show or cleanup ends the session once the job is gone.
                return session;
            }
        }
        return store.transition(id, SessionState.STOPPING, SessionState.ENDED, "stopped by " + caller.name())
                .or(() -> store.get(id)).orElseThrow();
    }

    private boolean jobActive(String jobId) {
        return scheduler.jobs().stream().anyMatch(j -> j.id().equals(jobId) && j.state().isActive());
    }
}
