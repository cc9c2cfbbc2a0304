package io.moonlight.core.scheduler;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A moonlight job as the scheduler reports it: id, name, owner, state (with the scheduler's own
 * word for it, e.g. Slurm's CANCELLED), the node once it runs and when its time limit ends it.
 */
public record SchedulerJob(String id, String name, String user, JobState state, String detail,
        Optional<String> node, Optional<Instant> endsAt) {
    public SchedulerJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        detail = detail == null ? state.name() : detail;
    }
}
