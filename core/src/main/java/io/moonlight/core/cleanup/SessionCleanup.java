package io.moonlight.core.cleanup;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.files.TreeRemover;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.sessions.Reconciler;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.supervisor.SessionDirectory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What cron runs every few minutes so that nothing leaks: every live session gets the
 * {@link Reconciler}'s verdict (job gone, job running while PENDING, start timeout, silent
 * supervisor); moonlight jobs that no live session owns are reported (and cancelled when asked); the
 * directories of sessions that ended more than {@code sessions.keep_days} ago are removed, and their
 * records in the store once they ended more than {@code sessions.keep_records_days} ago (after the
 * directories: a directory is found through its record).
 */
public final class SessionCleanup {
    /** Records deleted per store call: a long backlog is deleted in short steps, never in one long one. */
    static final int RECORD_BATCH = 200;
    /** Time one session's directory may take to remove: a user racing the removal delays the pass at most this. */
    static final Duration DIRECTORY_LIMIT = Duration.ofSeconds(60);

    private final MoonlightConfig config;
    private final SessionStore store;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Reconciler reconciler;
    private final TreeRemover remover = new TreeRemover(DIRECTORY_LIMIT);

    public SessionCleanup(MoonlightConfig config, SessionStore store, Scheduler scheduler, Clock clock) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        this.reconciler = new Reconciler(config, store, scheduler, clock);
    }

    /** One pass; with {@code dryRun} only what it would do, changing nothing. */
    public CleanupResult run(boolean dryRun, boolean cancelOrphans) {
        Instant now = clock.instant();
        Reconciler.Snapshot snapshot = reconciler.look(store.list());
        List<CleanupAction> actions = new ArrayList<>();
        for (Session session : snapshot.sessions()) {
            reconciler.verdict(session, snapshot.jobOf(session)).flatMap(v -> act(v, dryRun)).ifPresent(actions::add);
        }
        for (SchedulerJob job : reconciler.orphans(snapshot)) {
            boolean cancel = cancelOrphans && !dryRun;
            if (cancel) {
                scheduler.cancel(job.id(), job.user());
            }
            actions.add(new CleanupAction(CleanupAction.Kind.ORPHAN, "", job.id(), "", "job " + job.id() + " ("
                    + job.name() + ", " + job.user() + ", " + job.detail() + ") has no live session", cancel));
        }
        List<Session> sessions = snapshot.sessions();
        Instant keepSince = now.minus(Duration.ofDays(config.sessions().keepDays()));
        for (Session session : sessions) {
            if (session.state().isFinal() && session.updatedAt().isBefore(keepSince)) {
                removeDirectory(session, dryRun).ifPresent(actions::add);
            }
        }
        actions.addAll(deleteRecords(sessions, now, dryRun));
        return new CleanupResult(dryRun, actions);
    }

    /**
     * The records of sessions over before the cut-off; a dry run lists them from the listing, a real run
     * has the store decide atomically, batch by batch, so a session changed meanwhile is kept.
     */
    private List<CleanupAction> deleteRecords(List<Session> sessions, Instant now, boolean dryRun) {
        int days = config.sessions().keepRecordsDays();
        Instant cutOff = now.minus(Duration.ofDays(days));
        Map<String, Session> over = sessions.stream()
                .filter(s -> s.state().isFinal() && s.updatedAt().isBefore(cutOff))
                .collect(Collectors.toMap(Session::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<CleanupAction> actions = new ArrayList<>();
        if (dryRun) {
            over.values().forEach(session -> actions.add(recordAction(session.id(), Optional.of(session), days, false)));
            return actions;
        }
        // None in the listing just read: no need to ask the store to look through everything again.
        List<String> deleted = over.isEmpty() ? List.of() : store.deleteFinishedBefore(cutOff, RECORD_BATCH);
        while (!deleted.isEmpty()) {
            deleted.forEach(id -> actions.add(recordAction(id, Optional.ofNullable(over.get(id)), days, true)));
            deleted = deleted.size() < RECORD_BATCH ? List.of() : store.deleteFinishedBefore(cutOff, RECORD_BATCH);
        }
        return actions;
    }

    /**
     * {@code seen}: the session as listed at the start; empty when the store found one the listing did
     * not show as over yet (gateways sharing a Redis on hosts whose clocks disagree).
     */
    private static CleanupAction recordAction(String id, Optional<Session> seen, int days, boolean done) {
        String since = seen.map(s -> s.state() + " since " + s.updatedAt()).orElse("ENDED or FAILED");
        return new CleanupAction(CleanupAction.Kind.RECORD, id, seen.flatMap(Session::jobId).orElse(""), "",
                since + " (sessions.keep_records_days " + days + ")", done);
    }

    /** The verdict as an action: made unless {@code dryRun}; none when the session moved meanwhile. */
    private Optional<CleanupAction> act(Reconciler.Verdict verdict, boolean dryRun) {
        CleanupAction.Kind kind = switch (verdict.next()) {
            case ENDED -> CleanupAction.Kind.ENDED;
            case FAILED -> CleanupAction.Kind.FAILED;
            default -> CleanupAction.Kind.STARTING;
        };
        String job = verdict.seen().jobId().orElse("");
        if (dryRun) {
            return Optional.of(new CleanupAction(kind, verdict.seen().id(), job, "", verdict.reason(), false));
        }
        return reconciler.apply(verdict).map(applied -> new CleanupAction(kind, verdict.seen().id(), job, "",
                verdict.reason() + (applied.leftoversStopped() == 0 ? ""
                        : "; stopped " + applied.leftoversStopped() + " processes the job left behind"), true));
    }

    /**
     * Removes the directory of a long-ended session through {@link TreeRemover}: its user can write there
     * (and in the per-user directory above it), so nothing is done by path. A link or a file in its place
     * is left alone; one that cannot be removed is reported and the pass goes on.
     */
    private Optional<CleanupAction> removeDirectory(Session session, boolean dryRun) {
        SessionDirectory directory = SessionDirectory.of(config.paths(), session.user(), session.id());
        Path dir = directory.dir();
        // Most listed sessions' directories are long gone: one look, without starting a bounded removal.
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path relative = directory.root().relativize(dir);
        TreeRemover.Removal removal = dryRun ? remover.check(directory.root(), relative)
                : remover.remove(directory.root(), relative);
        String reason = session.state() + " since " + session.updatedAt() + " (sessions.keep_days "
                + config.sessions().keepDays() + ")";
        String job = session.jobId().orElse("");
        return switch (removal.outcome()) {
            case MISSING, NOT_A_DIRECTORY -> Optional.empty();
            case FOUND, REMOVED -> Optional.of(new CleanupAction(CleanupAction.Kind.DIRECTORY, session.id(), job,
                    dir.toString(), reason, !dryRun));
            case INCOMPLETE -> Optional.of(new CleanupAction(CleanupAction.Kind.DIRECTORY_NOT_REMOVED, session.id(),
                    job, dir.toString(), reason + "; left: " + String.join("; ", removal.left()), false));
        };
    }
}
