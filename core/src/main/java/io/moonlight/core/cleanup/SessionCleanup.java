package io.moonlight.core.cleanup;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.files.TreeRemover;
import io.moonlight.core.scheduler.JobState;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.supervisor.SessionDirectory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What cron runs every few minutes so that nothing leaks: live sessions whose job is gone become
 * ENDED (their lease is freed), or FAILED when a READY session's supervisor had fallen silent before
 * (killed, or its node died: it could not report the end); sessions that never got ready within
 * {@code sessions.start_timeout_seconds}, and READY sessions whose supervisor stopped sending
 * heartbeats while the job still runs, become FAILED and their job is cancelled; moonlight jobs that
 * no live session owns are reported (and cancelled when asked); the directories of sessions that
 * ended more than {@code sessions.keep_days} ago are removed, and their records in the store once
 * they ended more than {@code sessions.keep_records_days} ago (after the directories: a directory is
 * found through its record). A state change is made only from the state the session was seen in, so
 * a supervisor reporting at the same moment wins.
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
    private final TreeRemover remover = new TreeRemover(DIRECTORY_LIMIT);

    public SessionCleanup(MoonlightConfig config, SessionStore store, Scheduler scheduler, Clock clock) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** One pass; with {@code dryRun} only what it would do, changing nothing. */
    public CleanupResult run(boolean dryRun, boolean cancelOrphans) {
        Instant now = clock.instant();
        // Sessions first: a job id stored before this read belongs to a job the scheduler lists next.
        List<Session> sessions = store.list();
        List<SchedulerJob> jobs = scheduler.jobs();
        Map<String, SchedulerJob> byId = jobs.stream()
                .collect(Collectors.toMap(SchedulerJob::id, Function.identity(), (a, b) -> a));
        List<CleanupAction> actions = new ArrayList<>();
        Set<String> owned = new HashSet<>();
        Set<String> submitting = new HashSet<>();
        for (Session session : sessions) {
            if (session.state().isActive()) {
                session.jobId().ifPresent(owned::add);
                if (session.jobId().isEmpty() && session.state() == SessionState.PENDING) {
                    submitting.add(session.user());
                }
                live(session, session.jobId().map(byId::get), now, dryRun).ifPresent(actions::add);
            }
        }
        for (SchedulerJob job : jobs) {
            if (job.state().isActive() && !owned.contains(job.id())) {
                // A session of the job's user is being submitted: the job may be its own, not yet recorded.
                boolean cancel = cancelOrphans && !dryRun && !submitting.contains(job.user());
                if (cancel) {
                    scheduler.cancel(job.id(), job.user());
                }
                actions.add(new CleanupAction(CleanupAction.Kind.ORPHAN, "", job.id(), "", "job " + job.id() + " ("
                        + job.name() + ", " + job.user() + ", " + job.detail() + ") has no live session", cancel));
            }
        }
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

    private Optional<CleanupAction> live(Session session, Optional<SchedulerJob> job, Instant now, boolean dryRun) {
        Optional<String> jobId = session.jobId();
        if (jobId.isPresent() && (job.isEmpty() || !job.get().state().isActive())) {
            String gone = "job " + jobId.get() + " is gone from " + scheduler.name()
                    + job.map(j -> " (" + j.detail() + ")").orElse("");
            // A supervisor that ends normally reports ENDED itself; one that fell silent first died with its job.
            Optional<String> silent = silence(session, now);
            if (silent.isPresent()) {
                return move(session, SessionState.FAILED, silent.get() + ", then " + gone, CleanupAction.Kind.FAILED,
                        dryRun);
            }
            return move(session, SessionState.ENDED, gone, CleanupAction.Kind.ENDED, dryRun);
        }
        boolean running = job.map(j -> j.state() == JobState.RUNNING).orElse(false);
        boolean starting = session.state() == SessionState.STARTING
                || session.state() == SessionState.PENDING && (running || jobId.isEmpty());
        if (starting) {
            Duration limit = Duration.ofSeconds(config.sessions().startTimeoutSeconds());
            Instant since = startedAt(session, job);
            if (since.plus(limit).isBefore(now)) {
                String reason = "not ready " + Duration.between(since, now).toSeconds() + " s after "
                        + (jobId.isEmpty() ? "it was created (no job was submitted)" : "its job started")
                        + " (sessions.start_timeout_seconds " + limit.toSeconds() + ")";
                return move(session, SessionState.FAILED, reason, CleanupAction.Kind.FAILED, dryRun);
            }
        }
        if (running) {
            Optional<String> silent = silence(session, now);
            if (silent.isPresent()) {
                return move(session, SessionState.FAILED, silent.get(), CleanupAction.Kind.FAILED, dryRun);
            }
        }
        return Optional.empty();
    }

    /** Why a READY session's supervisor counts as dead: no heartbeat for more than the allowed misses. */
    private Optional<String> silence(Session session, Instant now) {
        if (session.state() != SessionState.READY) {
            return Optional.empty();
        }
        Duration allowed = Duration.ofSeconds((long) config.supervisor().heartbeatSeconds()
                * config.sessions().heartbeatMisses());
        Instant last = session.heartbeatAt().orElse(enteredAt(session));
        if (!last.plus(allowed).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of("supervisor stopped sending heartbeats (last one " + Duration.between(last, now).toSeconds()
                + " s ago; allowed " + allowed.toSeconds() + " s)");
    }

    /**
     * When the session's start began: for a job reported with its end, the end minus the session's
     * hours (Slurm does not report the start for a pending job, and a job waits in the queue for as
     * long as it must); never before the session entered its current state.
     */
    private static Instant startedAt(Session session, Optional<SchedulerJob> job) {
        Instant entered = enteredAt(session);
        Optional<Instant> jobStart = job.filter(j -> j.state() == JobState.RUNNING).flatMap(SchedulerJob::endsAt)
                .map(end -> end.minus(Duration.ofHours(session.spec().hours())));
        return jobStart.filter(start -> start.isAfter(entered)).orElse(entered);
    }

    private static Instant enteredAt(Session session) {
        return session.history().get(session.history().size() - 1).at();
    }

    private Optional<CleanupAction> move(Session session, SessionState next, String reason, CleanupAction.Kind kind,
            boolean dryRun) {
        String job = session.jobId().orElse("");
        if (dryRun) {
            return Optional.of(new CleanupAction(kind, session.id(), job, "", reason, false));
        }
        if (store.transition(session.id(), session.state(), next, reason).isEmpty()) {
            // Moved meanwhile (the supervisor reported, or someone stopped it): theirs is the newer word.
            return Optional.empty();
        }
        if (next == SessionState.FAILED && !job.isEmpty()) {
            scheduler.cancel(job, session.user());
        }
        int leftovers = scheduler.stopLeftovers(session.id(), session.user());
        String stopped = leftovers == 0 ? "" : "; stopped " + leftovers + " processes the job left behind";
        return Optional.of(new CleanupAction(kind, session.id(), job, "", reason + stopped, true));
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
