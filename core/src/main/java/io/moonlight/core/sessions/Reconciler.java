package io.moonlight.core.sessions;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.scheduler.JobState;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place that compares the store with the scheduler and decides what a live session becomes:
 * <ul>
 * <li>its job is gone: ENDED (its lease freed); FAILED instead when it was READY and its supervisor had
 * fallen silent first (killed, or its node died: it could not report the end);
 * <li>its job runs while it is PENDING: STARTING on the job's node (the supervisor's own report was lost);
 * <li>not READY {@code sessions.start_timeout_seconds} after its job started (or, without a job, after it
 * was created): FAILED, its job cancelled;
 * <li>READY, its job running, but no heartbeat for {@code supervisor.heartbeat_seconds} x
 * {@code sessions.heartbeat_misses}: FAILED, its job cancelled.
 * </ul>
 * A moonlight job that no live session owns is an orphan, except one of a user whose session is
 * still being submitted (stored, its job id not yet): that job may be the session's own.
 *
 * <p>{@code moonlight cleanup}, {@code session list} and {@code session show} all apply its verdicts,
 * so the three reach the same state for the same store and scheduler; list and show write only
 * what cleanup would write for the sessions they show (never orphans, directories or records). The
 * gateway's reads never call it: they answer from the store. Each change is made only from the
 * state the session was seen in, so a supervisor reporting at the same moment wins.
 */
public final class Reconciler {
    private final MoonlightConfig config;
    private final SessionStore store;
    private final Scheduler scheduler;
    private final Clock clock;

    public Reconciler(MoonlightConfig config, SessionStore store, Scheduler scheduler, Clock clock) {
        this.config = config;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** What a session becomes: the next state and why; for STARTING, the node its job runs on. */
    public record Verdict(Session seen, SessionState next, String reason, Optional<String> node) {
        /**
         * Whether the store had it wrong: every verdict but the end of a stop and a start the
         * supervisor had not reported yet.
         */
        public boolean disagreement() {
            return !(seen.state() == SessionState.STOPPING && next == SessionState.ENDED)
                    && next != SessionState.STARTING;
        }

        /** For an operator: "session ID was READY but REASON: now ENDED". */
        public String description() {
            return "session " + seen.id() + " was " + seen.state() + " but " + reason + ": now " + next;
        }
    }

    /** A verdict made: the session as it is now, and how many processes its job had left behind were stopped. */
    public record Applied(Verdict verdict, Session session, int leftoversStopped) {
    }

    /**
     * The store's sessions and the scheduler's jobs as seen together. Always list the sessions first:
     * a job id stored before that read belongs to a job the scheduler lists after it, so no job is
     * taken for gone because it was submitted between the two reads.
     */
    public record Snapshot(List<Session> sessions, Map<String, SchedulerJob> jobs) {
        public Optional<SchedulerJob> jobOf(Session session) {
            return session.jobId().map(jobs::get);
        }
    }

    /** The scheduler's jobs now (in its order), with {@code sessions} (the store's, just read). */
    public Snapshot look(List<Session> sessions) {
        Map<String, SchedulerJob> jobs = scheduler.jobs().stream()
                .collect(Collectors.toMap(SchedulerJob::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        return new Snapshot(sessions, jobs);
    }

    /** What the session becomes as its job stands now; empty when it stays as it is. */
    public Optional<Verdict> verdict(Session session, Optional<SchedulerJob> job) {
        if (!session.state().isActive()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<String> jobId = session.jobId();
        if (jobId.isPresent() && (job.isEmpty() || !job.get().state().isActive())) {
            String gone = "job " + jobId.get() + " is gone from " + scheduler.name()
                    + job.map(j -> " (" + j.detail() + ")").orElse("");
            // A supervisor that ends normally reports ENDED itself; one that fell silent first died with its job.
            return Optional.of(silence(session, now)
                    .map(silent -> new Verdict(session, SessionState.FAILED, silent + ", then " + gone, Optional.empty()))
                    .orElseGet(() -> new Verdict(session, SessionState.ENDED, gone, Optional.empty())));
        }
        boolean running = job.map(j -> j.state() == JobState.RUNNING).orElse(false);
        boolean starting = session.state() == SessionState.STARTING
                || session.state() == SessionState.PENDING && (running || jobId.isEmpty());
        if (starting) {
            Duration limit = Duration.ofSeconds(config.sessions().startTimeoutSeconds());
            Instant since = startedAt(session, job);
            if (since.plus(limit).isBefore(now)) {
                return Optional.of(new Verdict(session, SessionState.FAILED, "not ready "
                        + Duration.between(since, now).toSeconds() + " s after "
                        + (jobId.isEmpty() ? "it was created (no job was submitted)" : "its job started")
                        + " (sessions.start_timeout_seconds " + limit.toSeconds() + ")", Optional.empty()));
            }
        }
        if (running && session.state() == SessionState.PENDING) {
            return Optional.of(new Verdict(session, SessionState.STARTING, "job " + jobId.orElseThrow() + " runs",
                    job.get().node()));
        }
        if (running) {
            return silence(session, now).map(silent -> new Verdict(session, SessionState.FAILED, silent, Optional.empty()));
        }
        return Optional.empty();
    }

    /**
     * Makes the change, from the state the session was seen in; empty when it had moved meanwhile
     * (the supervisor reported, or someone stopped it: theirs is the newer word). A session that
     * failed has its job cancelled; one that is over has what its job left behind stopped.
     */
    public Optional<Applied> apply(Verdict verdict) {
        Session seen = verdict.seen();
        verdict.node().ifPresent(node -> store.setPlacement(seen.id(), Optional.empty(), Optional.of(node)));
        Optional<Session> moved = store.transition(seen.id(), seen.state(), verdict.next(), verdict.reason());
        if (moved.isEmpty()) {
            return Optional.empty();
        }
        int leftovers = 0;
        if (verdict.next().isFinal()) {
            if (verdict.next() == SessionState.FAILED && seen.jobId().isPresent()) {
                scheduler.cancel(seen.jobId().get(), seen.user());
            }
            leftovers = scheduler.stopLeftovers(seen.id(), seen.user());
        }
        return Optional.of(new Applied(verdict, moved.get(), leftovers));
    }

    /**
     * The session as it is after its verdict is applied: the one now stored (also when someone else
     * moved it first), or as it was when there is nothing to change. A change the store had wrong is
     * added to {@code disagreements}.
     */
    public Session reconcile(Session session, Optional<SchedulerJob> job, List<Disagreement> disagreements) {
        Optional<Verdict> verdict = verdict(session, job);
        if (verdict.isEmpty()) {
            return session;
        }
        Optional<Applied> applied = apply(verdict.get());
        applied.map(Applied::verdict).filter(Verdict::disagreement).ifPresent(made -> disagreements.add(
                new Disagreement(session.id(), session.jobId().orElse(""), made.description())));
        return applied.map(Applied::session).orElseGet(() -> store.get(session.id()).orElse(session));
    }

    /**
     * Active jobs no live session owns, but not those of a user whose session is being submitted.
     * A job that looks orphaned is checked against the store once more (read after the scheduler):
     * a session started between the snapshot's two reads owns it, or is being submitted.
     */
    public List<SchedulerJob> orphans(Snapshot snapshot) {
        List<SchedulerJob> unowned = unowned(snapshot.sessions(), snapshot.jobs().values().stream()
                .filter(j -> j.state().isActive()).toList());
        return unowned.isEmpty() ? unowned : unowned(store.list(), unowned);
    }

    private static List<SchedulerJob> unowned(List<Session> sessions, List<SchedulerJob> jobs) {
        Set<String> owned = new HashSet<>();
        Set<String> submitting = new HashSet<>();
        for (Session session : sessions) {
            if (session.state().isActive()) {
                session.jobId().ifPresentOrElse(owned::add, () -> submitting.add(session.user()));
            }
        }
        return jobs.stream().filter(j -> !owned.contains(j.id()) && !submitting.contains(j.user())).toList();
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
}
