package io.moonlight.core.cleanup;

import java.util.Objects;

/**
 * One thing cleanup did (or, with a dry run or an orphan it was not asked to cancel, would do): the
 * kind, the session (empty for an orphan job), the job (empty when none), the path (for a removed
 * directory) and why.
 */
public record CleanupAction(Kind kind, String session, String job, String path, String reason, boolean done) {
    public enum Kind {
        /** A live session whose job is gone: ENDED, lease freed. */
        ENDED,
        /** A session that never got ready, or whose supervisor fell silent (its job running or gone): FAILED, job cancelled. */
        FAILED,
        /** A PENDING session whose job runs (its supervisor's report was lost): STARTING on the job's node. */
        STARTING,
        /** A moonlight job no live session owns: reported; cancelled only when asked. */
        ORPHAN,
        /** The directory (and logs) of a long-ended session. */
        DIRECTORY,
        /**
         * A long-ended session's directory that could not be removed (wholly): the reason says what is left
         * and why; never done, the next pass tries again.
         */
        DIRECTORY_NOT_REMOVED,
        /** The store's record of a session over for longer still: the session, its history, any lease. */
        RECORD
    }

    public CleanupAction {
        Objects.requireNonNull(kind, "kind");
        session = session == null ? "" : session;
        job = job == null ? "" : job;
        path = path == null ? "" : path;
        reason = reason == null ? "" : reason;
    }
}
