package io.moonlight.core.scheduler;

import java.util.List;

/**
 * Runs session jobs: Slurm on a cluster, plain processes on a single host. A job runs as its user
 * and everything it starts stays in its process tree, so cancelling it ends all of it.
 */
public interface Scheduler {

    /** "slurm" or "local", for messages. */
    String name();

    /**
     * Checks what submitting needs and can be checked before anything is created (e.g. that the QoS
     * exists); a problem is a bad-input error.
     */
    void preflight();

    /** Submits the job as its user and returns the job id. */
    String submit(JobRequest request);

    /**
     * moonlight's jobs (named {@code moonlight-*}), active ones and, where the scheduler still
     * reports them, recently finished ones as {@link JobState#GONE}.
     */
    List<SchedulerJob> jobs();

    /** Cancels the job (SIGTERM first, SIGKILL after the grace time); a job already gone is no error. */
    void cancel(String jobId, String user);

    /**
     * Stops the processes a session's job left behind when its root died without stopping them (e.g.
     * a supervisor killed with SIGKILL) and returns how many there were. Slurm ends a job's whole
     * cgroup, so there is nothing to do there.
     */
    default int stopLeftovers(String sessionId, String user) {
        return 0;
    }
}
