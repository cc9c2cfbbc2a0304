package io.moonlight.core.cleanup;

import java.util.List;

/** What one cleanup run found and did; {@code dryRun}: nothing was changed. */
public record CleanupResult(boolean dryRun, List<CleanupAction> actions) {
    public CleanupResult {
        actions = List.copyOf(actions);
    }

    public long count(CleanupAction.Kind kind) {
        return actions.stream().filter(a -> a.kind() == kind).count();
    }

    public long orphansCancelled() {
        return actions.stream().filter(a -> a.kind() == CleanupAction.Kind.ORPHAN && a.done()).count();
    }

    /** Whether something the pass should have done is left undone (a directory it could not remove). */
    public boolean incomplete() {
        return count(CleanupAction.Kind.DIRECTORY_NOT_REMOVED) > 0;
    }

    /**
     * The one line cron mails or logs, e.g. "cleanup: 2 ended, 1 failed, 0 orphans cancelled, 3 directories removed,
     * 5 records deleted", ending with e.g. ", 1 directories not removed" when there are such.
     */
    public String summary() {
        long orphans = count(CleanupAction.Kind.ORPHAN);
        String cancelled = dryRun ? orphans + " orphans found" : orphansCancelled() + " orphans cancelled"
                + (orphans > orphansCancelled() ? " (" + (orphans - orphansCancelled()) + " found, kept)" : "");
        return "cleanup" + (dryRun ? " (dry run, nothing changed)" : "") + ": " + count(CleanupAction.Kind.ENDED)
                + " ended, " + count(CleanupAction.Kind.FAILED) + " failed, " + cancelled + ", "
                + count(CleanupAction.Kind.DIRECTORY) + " directories removed, " + count(CleanupAction.Kind.RECORD)
                + " records deleted" + (incomplete()
                        ? ", " + count(CleanupAction.Kind.DIRECTORY_NOT_REMOVED) + " directories not removed" : "");
    }
}
