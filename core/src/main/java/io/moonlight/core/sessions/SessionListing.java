package io.moonlight.core.sessions;

import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import java.util.List;

/** Sessions after reconciliation with the scheduler, what disagreed, and jobs without a session. */
public record SessionListing(List<Session> sessions, List<Disagreement> disagreements, List<SchedulerJob> orphanJobs) {
    public SessionListing {
        sessions = List.copyOf(sessions);
        disagreements = List.copyOf(disagreements);
        orphanJobs = List.copyOf(orphanJobs);
    }
}
