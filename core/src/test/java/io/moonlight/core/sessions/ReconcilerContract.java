package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.cleanup.CleanupAction;
import io.moonlight.core.cleanup.CleanupResult;
import io.moonlight.core.cleanup.SessionCleanup;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.scheduler.JobState;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.testing.FakeScheduler;
import io.moonlight.core.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code session list}, {@code session show} and {@code moonlight cleanup} reach the same state for
 * the same store and scheduler: each reader starts from its own empty store (a real one) into which
 * the session is written as the launcher and its supervisor leave it, and sees the same jobs (a
 * {@link FakeScheduler}: these are moments a real scheduler reaches only by timing).
 */
abstract class ReconcilerContract {
    static final String USER = "alice";
    static final String JOB = "101";
    static final String NODE = "viz07";
    static final int HEARTBEAT_SECONDS = 10;
    static final int MISSES = 3;
    static final Duration SILENCE_ALLOWED = Duration.ofSeconds((long) HEARTBEAT_SECONDS * MISSES);
    static final SessionSpec SPEC = new StartRequest(USER, null, null, null, null, null, null).spec();
    static final Caller ROOT = new Caller("root", true);

    enum Reader { LIST, SHOW, CLEANUP }

    /** What a reader left: the session's state, the reason of its last change, its node, the jobs cancelled. */
    record Outcome(SessionState state, String reason, Optional<String> node, List<String> cancelled) {
    }

    /** How the session was left, written through the store whose clock the setup moves on. */
    interface Setup {
        Session on(SessionStore store, MutableClock clock);
    }

    @TempDir
    Path temp;
    MoonlightConfig config;
    /** The jobs list and cleanup reported as having no live session, by reader. */
    final Map<Reader, List<String>> orphansSeen = new EnumMap<>(Reader.class);

    /** A new, empty store on {@code clock}. */
    abstract SessionStore openEmptyStore(Clock clock) throws Exception;

    @BeforeEach
    void configure() {
        config = ConfigLoader.parse("test", "paths:\n  session_root: " + temp + "\n  state_dir: " + temp.resolve("state")
                + "\nsessions:\n  start_timeout_seconds: 120\n  heartbeat_misses: " + MISSES
                + "\nsupervisor:\n  heartbeat_seconds: " + HEARTBEAT_SECONDS + "\n");
    }

    @Test
    void aJobGoneAfterTheSupervisorFellSilentFailsTheSession() throws Exception {
        Outcome outcome = sameForEveryReader(this::ready, List.of(job(JOB, USER, JobState.GONE)),
                SILENCE_ALLOWED.plusSeconds(30));

        assertEquals(new Outcome(SessionState.FAILED, "supervisor stopped sending heartbeats (last one 60 s ago; allowed "
                + SILENCE_ALLOWED.toSeconds() + " s), then job " + JOB + " is gone from fake (CANCELLED)",
                Optional.of(NODE), List.of(JOB)), outcome);
    }

    @Test
    void aJobGoneWhileReadyEndsTheSession() throws Exception {
        Outcome outcome = sameForEveryReader(this::ready, List.of(), Duration.ofSeconds(5));

        assertEquals(new Outcome(SessionState.ENDED, "job " + JOB + " is gone from fake", Optional.of(NODE), List.of()),
                outcome);
    }

    @Test
    void aJobGoneWhileStoppingEndsTheSession() throws Exception {
        Outcome outcome = sameForEveryReader(this::stopping, List.of(), SILENCE_ALLOWED.plusSeconds(30));

        assertEquals(new Outcome(SessionState.ENDED, "job " + JOB + " is gone from fake", Optional.of(NODE), List.of()),
                outcome);
    }

    @Test
    void aPendingSessionWhoseJobRunsIsStartingOnTheJobsNode() throws Exception {
        Outcome outcome = sameForEveryReader((store, clock) -> pending(store, clock, true),
                List.of(job(JOB, USER, JobState.RUNNING)), Duration.ofSeconds(5));

        assertEquals(new Outcome(SessionState.STARTING, "job " + JOB + " runs", Optional.of(NODE), List.of()), outcome);
    }

    @Test
    void aSessionBeingSubmittedKeepsTheJobOfItsUserAnotherUsersJobIsAnOrphan() throws Exception {
        Outcome outcome = sameForEveryReader((store, clock) -> pending(store, clock, false),
                List.of(job("102", USER, JobState.RUNNING), job("103", "bob", JobState.RUNNING)), Duration.ofSeconds(5));

        assertEquals(new Outcome(SessionState.PENDING, "", Optional.empty(), List.of()), outcome);
        assertEquals(Map.of(Reader.LIST, List.of("103"), Reader.CLEANUP, List.of("103")), orphansSeen);
    }

    /** Runs every reader on the same inputs and returns what they agree on. */
    Outcome sameForEveryReader(Setup setup, List<SchedulerJob> jobs, Duration ahead) throws Exception {
        Map<Reader, Outcome> outcomes = new EnumMap<>(Reader.class);
        for (Reader reader : Reader.values()) {
            outcomes.put(reader, run(reader, setup, jobs, ahead));
        }
        for (Reader reader : Reader.values()) {
            assertEquals(outcomes.get(Reader.CLEANUP), outcomes.get(reader), "what each reader left: " + outcomes);
        }
        return outcomes.get(Reader.CLEANUP);
    }

    /** One reader, {@code ahead} of the last change the setup made, over a store of its own. */
    private Outcome run(Reader reader, Setup setup, List<SchedulerJob> jobs, Duration ahead) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
        try (SessionStore store = openEmptyStore(clock)) {
            Session session = setup.on(store, clock);
            FakeScheduler scheduler = new FakeScheduler(jobs);
            Clock now = Clock.fixed(clock.instant().plus(ahead), ZoneOffset.UTC);
            SessionQueries queries = new SessionQueries(new SessionLookup(config, store, now), store,
                    new Reconciler(config, store, scheduler, now), now);
            Session shown = switch (reader) {
                case LIST -> {
                    SessionListing listing = queries.list(ROOT, true, Optional.empty());
                    orphansSeen.put(reader, listing.orphanJobs().stream().map(SchedulerJob::id).toList());
                    yield listing.sessions().get(0);
                }
                case SHOW -> queries.show(ROOT, session.id()).session();
                case CLEANUP -> {
                    CleanupResult result = new SessionCleanup(config, store, scheduler, now).run(false, true);
                    orphansSeen.put(reader, result.actions().stream().filter(a -> a.kind() == CleanupAction.Kind.ORPHAN)
                            .map(CleanupAction::job).toList());
                    yield store.get(session.id()).orElseThrow();
                }
            };
            Session stored = store.get(session.id()).orElseThrow();
            assertEquals(stored, shown, reader + " shows the session as it left it in the store");
            // Orphans cancelled by cleanup are another matter: only the session user's jobs count here.
            List<String> cancelled = scheduler.cancelled().stream()
                    .filter(id -> jobs.stream().anyMatch(j -> j.id().equals(id) && j.user().equals(USER))).toList();
            return new Outcome(stored.state(), stored.history().get(stored.history().size() - 1).reason(),
                    stored.node(), cancelled);
        }
    }

    /** As the launcher leaves it: PENDING, with its job's id once submitted. */
    Session pending(SessionStore store, MutableClock clock, boolean submitted) {
        Session session = Session.pending(new SessionIds(clock, new SecureRandom()).next(USER), USER, SPEC, "hash",
                clock.instant());
        store.create(session, 4);
        if (submitted) {
            store.setPlacement(session.id(), Optional.of(JOB), Optional.empty());
        }
        return store.get(session.id()).orElseThrow();
    }

    /** As its supervisor leaves it once the desktop is up, with a heartbeat. */
    Session ready(SessionStore store, MutableClock clock) {
        String id = pending(store, clock, true).id();
        clock.advance(Duration.ofSeconds(2));
        store.setPlacement(id, Optional.empty(), Optional.of(NODE));
        store.transition(id, SessionState.PENDING, SessionState.STARTING, "job runs on " + NODE).orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        store.transition(id, SessionState.STARTING, SessionState.READY, "desktop up").orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        return store.heartbeat(id);
    }

    /** As {@code session stop} leaves it while the job still ends. */
    Session stopping(SessionStore store, MutableClock clock) {
        String id = ready(store, clock).id();
        clock.advance(Duration.ofSeconds(2));
        return store.transition(id, SessionState.READY, SessionState.STOPPING, "stopped by root").orElseThrow();
    }

    static SchedulerJob job(String id, String user, JobState state) {
        return new SchedulerJob(id, "moonlight-" + user, user, state, state == JobState.GONE ? "CANCELLED" : state.name(),
                state == JobState.GONE ? Optional.empty() : Optional.of(NODE), Optional.empty());
    }
}
