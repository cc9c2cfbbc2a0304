package io.moonlight.core.sessions;

import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.store.SessionCursor;
import java.util.List;
import java.util.Optional;

/**
 * A page of sessions after reconciliation with the scheduler, what disagreed, jobs without a session,
 * and where the next page starts (empty on the last).
 */
public record SessionListing(List<Session> sessions, List<Disagreement> disagreements, List<SchedulerJob> orphanJobs,
        Optional<SessionCursor> next) {
    public SessionListing {
        sessions = List.copyOf(sessions);
        disagreements = List.copyOf(disagreements);
        orphanJobs = List.copyOf(orphanJobs);
    }
}
