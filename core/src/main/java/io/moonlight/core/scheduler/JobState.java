package io.moonlight.core.scheduler;

/** Where a job is, as far as a session cares: waiting, running, being stopped, or gone. */
public enum JobState {
    PENDING, RUNNING, STOPPING, GONE;

    /** The job still holds (or waits for) resources. */
    public boolean isActive() {
        return this != GONE;
    }
}
