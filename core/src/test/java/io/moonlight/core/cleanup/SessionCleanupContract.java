package io.moonlight.core.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SessionJobScript;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.sessions.StartRequest;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.FakeSupervisor;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SessionCleanup} over a real scheduler and the SQLite store, with sessions started through
 * {@link SiteSessionService} (the job runs {@link FakeSupervisor}, which never reports: what the supervisor
 * would say is written to the store by the test). Cleanup runs with its clock moved ahead to see
 * sessions as the configured timeouts make them. Only the test's own sessions are asserted on: on a
 * shared scheduler other tests' jobs are orphans to this test's store.
 */
@ServiceTest
abstract class SessionCleanupContract {
    static final String USER = SessionTestbed.USER;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int HEARTBEAT_SECONDS = 10;
    static final int MISSES = 3;
    static final int START_TIMEOUT = 120;
    static final int KEEP_RECORDS_DAYS = 30;

    @TempDir
    Path temp;
    Path sessionRoot;
    MoonlightConfig config;
    SessionStore store;
    Scheduler scheduler;
    SiteSessionService service;

    abstract Scheduler openScheduler(MoonlightConfig config);

    /** Extra configuration sections (YAML) of the subclass. */
    abstract String configYaml();

    abstract void cancelExternally(String jobId);

    /** The live jobs this test submitted. */
    abstract List<String> activeJobIds();

    @BeforeEach
    void setUp() throws Exception {
        SessionTestbed.ensureUnixUser();
        sessionRoot = UserDirs.scratch(temp);
        config = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot + "\n  state_dir: "
                + temp.resolve("state") + "\nstore:\n  sqlite_path: " + temp.resolve("moonlight.db")
                + "\nsessions:\n  max_per_user: 4\n  start_timeout_seconds: " + START_TIMEOUT + "\n  heartbeat_misses: "
                + MISSES + "\n  keep_days: 7\n  keep_records_days: " + KEEP_RECORDS_DAYS + "\nsupervisor:\n  heartbeat_seconds: "
                + HEARTBEAT_SECONDS + "\n" + configYaml());
        store = StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.systemUTC());
        scheduler = openScheduler(config);
        Path launcher = FakeSupervisor.writeTo(temp);
        service = new SiteSessionService(config, store, scheduler, new ProcessCommandRunner(), UserSwitch.ofThisProcess(),
                new SessionJobScript(TemplateRenderer.shipped(), () -> launcher, Optional.empty()), Clock.systemUTC(),
                new SessionIds(Clock.systemUTC(), new SecureRandom()));
    }

    @AfterEach
    void cancelAndClose() {
        for (String job : activeJobIds()) {
            scheduler.cancel(job, USER);
        }
        Await.until("the test's jobs gone", WAIT, () -> activeJobIds().isEmpty());
        store.close();
    }

    /** Cleanup as it runs {@code ahead} from now. */
    CleanupResult cleanup(Duration ahead, boolean dryRun, boolean cancelOrphans) {
        return new SessionCleanup(config, store, scheduler, Clock.offset(Clock.systemUTC(), ahead))
                .run(dryRun, cancelOrphans);
    }

    /** The test's own session's actions (orphans of other tests left out). */
    static List<CleanupAction> actionsOn(CleanupResult result, String id) {
        return result.actions().stream().filter(a -> a.session().equals(id)).toList();
    }

    /** A session whose job runs, its ports leased on the job's node. */
    Session starting() {
        Session session = service.launcher().start(service.caller("root"), new StartRequest(USER, null, null, null, null, null, null));
        Await.until(session.id() + " STARTING", WAIT,
                () -> service.queries().show(service.caller("root"), session.id()).session().state() == SessionState.STARTING);
        Session started = store.get(session.id()).orElseThrow();
        store.claimLease(started.id(), started.node().orElseThrow(), FreeDisplays.ALL);
        return store.get(session.id()).orElseThrow();
    }

    /** A session as its supervisor leaves it once the desktop is up. */
    Session ready() {
        Session session = starting();
        store.transition(session.id(), SessionState.STARTING, SessionState.READY, "");
        return store.heartbeat(session.id());
    }

    /** Another client of the test's store whose clock is {@code ago} behind: what it writes is that old. */
    SessionStore storeOf(Duration ago) {
        return StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.offset(Clock.systemUTC(), ago.negated()));
    }

    /** A session that was started and ended (or failed) {@code ago}. */
    Session overSince(Duration ago, SessionState last) {
        try (SessionStore then = storeOf(ago)) {
            Clock past = Clock.offset(Clock.systemUTC(), ago.negated());
            Session session = Session.pending(new SessionIds(past, new SecureRandom()).next(USER), USER,
                    new StartRequest(USER, null, null, null, null, null, null).spec(), "hash", past.instant());
            then.create(session, 4);
            return then.transition(session.id(), SessionState.PENDING, last,
                    last == SessionState.FAILED ? "Sunshine exited with 1" : "").orElseThrow();
        }
    }

    static List<String> recordsDeleted(CleanupResult result) {
        return result.actions().stream().filter(a -> a.kind() == CleanupAction.Kind.RECORD).map(CleanupAction::session)
                .toList();
    }

    boolean leased(String id) {
        return store.leases().stream().anyMatch(l -> l.sessionId().equals(id));
    }

    @Test
    void aSessionWhoseJobWasCancelledOutsideEndsAndFreesItsLease() {
        Session session = ready();
        assertEquals(List.of(), actionsOn(cleanup(Duration.ZERO, false, false), session.id()), "nothing to do yet");

        cancelExternally(session.jobId().orElseThrow());
        Await.until("job gone", WAIT, () -> activeJobIds().isEmpty());
        CleanupResult result = cleanup(Duration.ZERO, false, false);

        List<CleanupAction> actions = actionsOn(result, session.id());
        assertEquals(1, actions.size(), actions.toString());
        assertEquals(CleanupAction.Kind.ENDED, actions.get(0).kind());
        assertTrue(actions.get(0).done());
        Session ended = store.get(session.id()).orElseThrow();
        assertEquals(SessionState.ENDED, ended.state());
        assertTrue(ended.history().get(ended.history().size() - 1).reason()
                .startsWith("job " + session.jobId().get() + " is gone from " + scheduler.name()), ended.history().toString());
        assertFalse(leased(session.id()), store.leases().toString());
    }

    @Test
    void aReadySessionWhoseSupervisorFellSilentFailsAndItsJobIsCancelled() {
        Session session = ready();
        Duration allowed = Duration.ofSeconds((long) HEARTBEAT_SECONDS * MISSES);
        assertEquals(List.of(), actionsOn(cleanup(allowed.minusSeconds(5), false, false), session.id()),
                "within the allowed silence");

        CleanupResult result = cleanup(allowed.plusSeconds(5), false, false);

        List<CleanupAction> actions = actionsOn(result, session.id());
        assertEquals(1, actions.size(), actions.toString());
        assertEquals(CleanupAction.Kind.FAILED, actions.get(0).kind());
        Session failed = store.get(session.id()).orElseThrow();
        assertEquals(SessionState.FAILED, failed.state());
        assertTrue(failed.failureReason().orElseThrow().startsWith("supervisor stopped sending heartbeats"),
                failed.failureReason().toString());
        Await.until("the job cancelled", WAIT, () -> activeJobIds().isEmpty());
        assertFalse(leased(session.id()), store.leases().toString());
    }

    @Test
    void aSessionStillStartingPastTheTimeoutFailsWithTheReason() {
        Session session = starting();
        assertEquals(List.of(), actionsOn(cleanup(Duration.ofSeconds(START_TIMEOUT - 30), false, false), session.id()));

        CleanupResult result = cleanup(Duration.ofSeconds(START_TIMEOUT + 5), false, false);

        assertEquals(List.of(CleanupAction.Kind.FAILED), actionsOn(result, session.id()).stream()
                .map(CleanupAction::kind).toList());
        Session failed = store.get(session.id()).orElseThrow();
        assertEquals(SessionState.FAILED, failed.state());
        String reason = failed.failureReason().orElseThrow();
        assertTrue(reason.startsWith("not ready ") && reason.endsWith(" s after its job started"
                + " (sessions.start_timeout_seconds " + START_TIMEOUT + ")"), reason);
        Await.until("the job cancelled", WAIT, () -> activeJobIds().isEmpty());
        assertFalse(leased(session.id()));
    }

    @Test
    void recordsOfSessionsOverLongerThanKeepRecordsDaysAreDeletedActiveAndRecentOnesKept() {
        Session ended = overSince(Duration.ofDays(KEEP_RECORDS_DAYS + 1), SessionState.ENDED);
        Session failed = overSince(Duration.ofDays(KEEP_RECORDS_DAYS + 10), SessionState.FAILED);
        Session recent = overSince(Duration.ofDays(KEEP_RECORDS_DAYS - 1), SessionState.ENDED);
        // Active, whatever its age: its last change is long ago, its job runs and it sends heartbeats.
        Session running = starting();
        try (SessionStore then = storeOf(Duration.ofDays(KEEP_RECORDS_DAYS + 30))) {
            then.transition(running.id(), SessionState.STARTING, SessionState.READY, "").orElseThrow();
        }
        running = store.heartbeat(running.id());
        List<Session> before = store.listByUser(USER);

        CleanupResult dryRun = cleanup(Duration.ZERO, true, false);

        assertEquals(List.of(failed.id(), ended.id()), recordsDeleted(dryRun), dryRun.actions().toString());
        assertTrue(dryRun.actions().stream().noneMatch(CleanupAction::done));
        assertEquals(before, store.listByUser(USER), "a dry run deletes nothing");

        CleanupResult result = cleanup(Duration.ZERO, false, false);

        assertEquals(Set.of(failed.id(), ended.id()), Set.copyOf(recordsDeleted(result)), result.actions().toString());
        CleanupAction deleted = result.actions().stream().filter(a -> a.session().equals(failed.id())).findFirst()
                .orElseThrow();
        assertTrue(deleted.done());
        assertEquals("FAILED since " + failed.updatedAt() + " (sessions.keep_records_days " + KEEP_RECORDS_DAYS + ")",
                deleted.reason());
        assertTrue(result.summary().endsWith(", 2 records deleted"), result.summary());
        assertEquals(Optional.empty(), store.get(ended.id()));
        assertEquals(Optional.empty(), store.get(failed.id()));
        assertEquals(List.of(recent.id(), running.id()), store.listByUser(USER).stream().map(Session::id).toList());
        assertEquals(running, store.get(running.id()).orElseThrow());
        assertTrue(leased(running.id()));
        assertEquals(List.of(), recordsDeleted(cleanup(Duration.ZERO, false, false)), "nothing more to delete");
    }

    @Test
    void aDryRunListsWhatItWouldDoAndChangesNothing() {
        Session session = ready();

        CleanupResult result = cleanup(Duration.ofSeconds(3600), true, true);

        List<CleanupAction> actions = actionsOn(result, session.id());
        assertEquals(1, actions.size(), actions.toString());
        assertEquals(CleanupAction.Kind.FAILED, actions.get(0).kind());
        assertFalse(actions.get(0).done());
        assertTrue(result.summary().startsWith("cleanup (dry run, nothing changed): "), result.summary());
        assertEquals(session, store.get(session.id()).orElseThrow());
        assertEquals(List.of(session.jobId().orElseThrow()), activeJobIds());
        assertTrue(leased(session.id()));
    }
}
