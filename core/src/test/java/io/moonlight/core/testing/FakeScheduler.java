package io.moonlight.core.testing;

import io.moonlight.core.scheduler.JobRequest;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduler whose jobs are exactly those the test lists: for the moments a real one reaches only
 * by timing (a job gone just after its supervisor fell silent, a job running before its session
 * says so, a job submitted before its session recorded its id). It submits nothing and records
 * what it was asked to cancel.
 */
public final class FakeScheduler implements Scheduler {
    private final List<SchedulerJob> jobs;
    private final List<String> cancelled = new ArrayList<>();

    public FakeScheduler(List<SchedulerJob> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public void preflight() {
    }

    @Override
    public String submit(JobRequest request) {
        throw new UnsupportedOperationException("the fake scheduler only lists the test's jobs");
    }

    @Override
    public List<SchedulerJob> jobs() {
        return jobs;
    }

    @Override
    public void cancel(String jobId, String user) {
        cancelled.add(jobId);
    }

    /** The job ids cancelled, in order. */
    public List<String> cancelled() {
        return List.copyOf(cancelled);
    }
}
