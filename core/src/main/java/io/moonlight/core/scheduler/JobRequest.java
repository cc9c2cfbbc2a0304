package io.moonlight.core.scheduler;

import io.moonlight.core.session.Names;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One job to submit: the batch script's text, run as {@code user} in {@code workDir}, its output
 * file and its time limit. The script travels as text to the scheduler (sbatch's standard input, the
 * local job's shell), never as a file that another account could change between writing and reading. Every moonlight job is named {@code moonlight-USER}, which is how moonlight's jobs
 * are told apart from the cluster's other jobs.
 */
public record JobRequest(String user, String script, Path workDir, Path output, Duration timeLimit) {
    public static final String NAME_PREFIX = "moonlight-";

    public JobRequest {
        Names.user(user);
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("a job needs a batch script");
        }
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(output, "output");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("a job needs a positive time limit, not " + timeLimit);
        }
    }

    public String jobName() {
        return NAME_PREFIX + user;
    }
}
