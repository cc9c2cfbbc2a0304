package io.moonlight.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.IllegalTransitionException;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.LeasePolicy;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.SessionLimitException;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.session.Share;
import io.moonlight.core.session.StateChange;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link SessionStore} must do, run against each real store. Subclasses give a fresh,
 * empty store and may open several clients on it (two gateways, or a gateway and the CLI).
 */
abstract class SessionStoreContract {
    static final Instant START = Instant.parse("2026-03-01T09:00:00Z");
    static final SunshineConfig SUNSHINE = new SunshineConfig(null, 47989, 30, null, 4);
    static final LeasePolicy LEASES = LeasePolicy.of(SUNSHINE);
    static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1920, 1080), 60, 20000, Codec.H264, 4);

    final MutableClock clock = new MutableClock(START);
    private final SessionIds ids = new SessionIds(clock, new Random(7));
    SessionStore store;

    /** Another client of the same, currently empty, store, handing out port blocks as {@code sunshine} says. */
    abstract SessionStore openStore(MutableClock clock, SunshineConfig sunshine);

    /** Another client of the same, currently empty, store. */
    SessionStore openStore(MutableClock clock) {
        return openStore(clock, SUNSHINE);
    }

    /** Fails when anything the store wrote lies outside its namespace (moonlight:* keys, moonlight_* tables). */
    abstract void assertOnlyOwnNamespace();

    /** Everything the store holds, as text, to show what is (and is not) kept. */
    abstract String everythingStored();

    /**
     * Writes a lease for a session behind the store's back, as no operation of the store would for one
     * that is over: what deleting must still clean up should it ever be there.
     */
    abstract void leaveLeaseBehind(String id, String node, int basePort, int display);

    @BeforeEach
    void openTheStore() {
        store = openStore(clock);
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    Session newSession(String user) {
        return Session.pending(ids.next(user), user, SPEC, SessionToken.hash("token-of-" + user), clock.instant());
    }

    Session created(String user) {
        Session session = newSession(user);
        store.create(session, 10);
        return session;
    }

    @Test
    void storesASessionExactlyAsGiven() {
        Session session = created("alice");
        assertEquals(Optional.of(session), store.get(session.id()));
        assertEquals(SessionState.PENDING, session.state());
        assertEquals(List.of(new StateChange(SessionState.PENDING, START, "")), session.history());
        assertEquals(Optional.empty(), store.get(newSession("alice").id()));
    }

    /** Every field set, none at its default, times whose text ends in zeros: what the store writes it reads back. */
    @Test
    void everyFieldOfASessionIsReadBackAsItWasWritten() {
        SessionSpec spec = new SessionSpec("gnome-lsprepost", new Geometry(7680, 4320), 120, 500_000, Codec.HEVC, 12);
        Instant created = clock.advance(Duration.ofNanos(100));
        Session session = Session.pending(ids.next("john.doe"), "john.doe", spec, SessionToken.hash("t"), created);
        store.create(session, 1);
        clock.advance(Duration.ofMillis(500));
        store.setPlacement(session.id(), Optional.of("4711_3"), Optional.of("viz02.cluster.example.org"));
        Instant starting = clock.advance(Duration.ofNanos(999_999_999));
        String reason = "job 4711_3 on \"viz02\" \\ {\"x\": 1} \u00e9\u3042 \ud83d\ude00";
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, reason).orElseThrow();
        Instant leased = clock.advance(Duration.ofSeconds(1));
        store.claimLease(session.id(), "viz02.cluster.example.org", List.of(17));
        Instant heard = clock.advance(Duration.ofNanos(1));
        store.heartbeat(session.id());
        Instant agentAt = clock.advance(Duration.ofNanos(3));
        String agentWhy = "agent exited with code 1: no \"libpulse.so.0\" \u00e9; not started again after 3 restarts";
        store.reportAgent(session.id(), AgentState.FAILED, agentWhy);
        Share share = new Share("0123456789abcdef0123456789abcdef", clock.instant().plusNanos(7).plusSeconds(7200), 5);
        store.share(session.id(), Optional.of(share));
        clock.advance(Duration.ofMinutes(1));

        Session expected = new Session(session.id(), "john.doe", spec, SessionState.STARTING,
                List.of(new StateChange(SessionState.PENDING, created, ""),
                        new StateChange(SessionState.STARTING, starting, reason)),
                Optional.of("4711_3"), Optional.of("viz02.cluster.example.org"), OptionalInt.of(17), OptionalInt.of(47989),
                SessionToken.hash("t"), created, leased, Optional.of(heard),
                Optional.of(new AgentStatus(AgentState.FAILED, agentWhy, agentAt)), Optional.of(share));
        assertEquals(Optional.of(expected), store.get(session.id()));
        assertEquals(List.of(expected), store.list());
        assertEquals(List.of(expected), store.listByUser("john.doe"));
        try (SessionStore another = openStore(clock)) {
            assertEquals(Optional.of(expected), another.get(session.id()), "another client reads the same");
        }
    }

    /**
     * A lease made while the site had another {@code sunshine.port_stride} or {@code base_port} still
     * holds its ports: a block is free only if it starts at least {@link SunshineConfig#PORT_SPAN} ports
     * from every held one. The stores check this in different languages (Java, Lua); these cases hold
     * for both.
     */
    @Test
    void aLeaseMadeUnderAnotherPortStrideKeepsItsPorts() {
        record Case(int basePort, int stride, int maxPerNode, String expected, String why) {
        }
        List<Case> cases = List.of(
                new Case(47989, 30, 4, "48049 :12", "the same policy takes the next slot"),
                new Case(47989, 40, 4, "48069 :12", "48029 overlaps 48019"),
                new Case(47989, 27, 4, "48070 :12", "48016 and 48043 overlap 48019"),
                new Case(48046, 30, 4, "48046 :12", "exactly 27 ports after 48019 is free"),
                new Case(48045, 30, 4, "48075 :12", "26 ports after 48019 overlaps"),
                new Case(48000, 30, 4, "48060 :12", "48000 overlaps 47989, 48030 overlaps 48019"),
                new Case(47989, 30, 2, "all 2 are in use", "both slots are held"),
                new Case(47999, 27, 2, "all 2 are in use", "47999 overlaps 47989, 48026 overlaps 48019"));
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String node = "viz" + i;
            store.claimLease(created("alice" + i).id(), node, FreeDisplays.ALL);
            store.claimLease(created("alice" + i).id(), node, FreeDisplays.ALL);
            String got;
            try (SessionStore underNewPolicy = openStore(clock, new SunshineConfig(null, c.basePort(), c.stride(), null,
                    c.maxPerNode()))) {
                Lease lease = underNewPolicy.claimLease(created("bob" + i).id(), node, FreeDisplays.ALL);
                got = lease.basePort() + " :" + lease.display();
            } catch (SessionConflictException full) {
                got = full.getMessage().replace("no free Sunshine port block on " + node + ": ", "");
            }
            assertEquals(c.expected(), got, "47989 and 48019 held on " + node + ", now base " + c.basePort() + " stride "
                    + c.stride() + ": " + c.why());
        }
    }

    @Test
    void lifeCycleIsRecordedWithTimeAndReason() {
        Session session = created("alice");
        Instant t1 = clock.advance(Duration.ofSeconds(20));
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "job 4711 running").orElseThrow();
        Instant t2 = clock.advance(Duration.ofMillis(4321));
        store.transition(session.id(), SessionState.STARTING, SessionState.READY, "").orElseThrow();
        Instant t3 = clock.advance(Duration.ofHours(1));
        store.transition(session.id(), SessionState.READY, SessionState.STOPPING, "stopped by alice").orElseThrow();
        Instant t4 = clock.advance(Duration.ofSeconds(3));
        Session ended = store.transition(session.id(), SessionState.STOPPING, SessionState.ENDED, "").orElseThrow();

        assertEquals(List.of(new StateChange(SessionState.PENDING, START, ""),
                new StateChange(SessionState.STARTING, t1, "job 4711 running"),
                new StateChange(SessionState.READY, t2, ""),
                new StateChange(SessionState.STOPPING, t3, "stopped by alice"),
                new StateChange(SessionState.ENDED, t4, "")), ended.history());
        assertEquals(t4, ended.updatedAt());
        assertEquals(START, ended.createdAt());
        assertEquals(Optional.of(ended), store.get(session.id()));
    }

    @Test
    void failedKeepsItsReasonAndIsFinal() {
        Session session = created("alice");
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        Session failed = store.transition(session.id(), SessionState.STARTING, SessionState.FAILED,
                "Sunshine exited with 1").orElseThrow();
        assertEquals(Optional.of("Sunshine exited with 1"), store.get(session.id()).orElseThrow().failureReason());
        for (SessionState next : SessionState.values()) {
            assertThrows(IllegalTransitionException.class,
                    () -> store.transition(session.id(), SessionState.FAILED, next, "again"));
        }
        assertEquals(Optional.of(failed), store.get(session.id()));
    }

    @Test
    void illegalTransitionsAreRefusedAndChangeNothing() {
        Session session = created("alice");
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(session.id(), SessionState.PENDING, SessionState.READY, ""));
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(session.id(), SessionState.PENDING, SessionState.PENDING, ""));
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(session.id(), SessionState.PENDING, SessionState.FAILED, " "));
        store.transition(session.id(), SessionState.PENDING, SessionState.ENDED, "job gone").orElseThrow();
        assertThrows(IllegalTransitionException.class,
                () -> store.transition(session.id(), SessionState.ENDED, SessionState.STARTING, ""));
        assertEquals(2, store.get(session.id()).orElseThrow().history().size());
        assertThrows(UnknownSessionException.class,
                () -> store.transition(newSession("bob").id(), SessionState.PENDING, SessionState.STARTING, ""));
    }

    @Test
    void transitionIsCompareAndSet() throws Exception {
        Session session = created("alice");
        assertEquals(Optional.empty(), store.transition(session.id(), SessionState.STARTING, SessionState.READY, ""));
        assertEquals(SessionState.PENDING, store.get(session.id()).orElseThrow().state());

        // Several parties see PENDING and race to move it on: exactly one wins, whatever they want.
        List<SessionState> wanted = List.of(SessionState.STARTING, SessionState.STOPPING, SessionState.ENDED,
                SessionState.STARTING, SessionState.STOPPING, SessionState.ENDED, SessionState.STARTING, SessionState.ENDED);
        List<Boolean> won = race(wanted.size(), (i, client) ->
                client.transition(session.id(), SessionState.PENDING, wanted.get(i), "racer " + i).isPresent());
        assertEquals(1, won.stream().filter(w -> w).count());
        assertEquals(2, store.get(session.id()).orElseThrow().history().size());
    }

    @Test
    void aSessionReadWhileItChangesIsReadWhole() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sessions.add(created("user" + i % 8));
        }
        List<SessionState> path = List.of(SessionState.PENDING, SessionState.STARTING, SessionState.READY,
                SessionState.STOPPING, SessionState.ENDED);
        CountDownLatch moved = new CountDownLatch(1);
        // One client moves every session along while the other reads them, one by one and listed: a read
        // between a state change's two writes would pair the new state with the old history (or back).
        List<Integer> reads = race(2, (i, client) -> {
            int count = 0;
            if (i == 0) {
                for (int step = 1; step < path.size(); step++) {
                    for (Session session : sessions) {
                        client.transition(session.id(), path.get(step - 1), path.get(step), "step " + step).orElseThrow();
                    }
                }
                moved.countDown();
            } else {
                while (moved.getCount() > 0) {
                    for (Session session : sessions) {
                        Session read = client.get(session.id()).orElseThrow();
                        assertEquals(read.state(), read.history().get(read.history().size() - 1).state());
                        count++;
                    }
                    count += client.list().size();
                }
            }
            return count;
        });
        assertTrue(reads.get(1) > 0, "the reader read while the sessions changed");
    }

    @Test
    void perUserLimitHoldsUnderConcurrentCreates() throws Exception {
        int limit = 3;
        int attempts = 16;
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            sessions.add(newSession("alice"));
        }
        List<Boolean> created = race(attempts, (i, client) -> {
            try {
                client.create(sessions.get(i), limit);
                return true;
            } catch (SessionLimitException refused) {
                assertEquals(ExitCode.ERROR, refused.exitCode());
                return false;
            }
        });
        assertEquals(limit, created.stream().filter(c -> c).count());
        assertEquals(limit, store.listByUser("alice").size());
        assertEquals(limit, store.list().size());

        // Another user is not affected; a session that ends makes room.
        store.create(newSession("bob"), limit);
        Session first = store.listByUser("alice").get(0);
        assertThrows(SessionLimitException.class, () -> store.create(newSession("alice"), limit));
        store.transition(first.id(), SessionState.PENDING, SessionState.FAILED, "sbatch refused").orElseThrow();
        store.create(newSession("alice"), limit);
        assertEquals(limit + 1, store.listByUser("alice").size());
    }

    @Test
    void aSessionIdIsStoredOnce() {
        Session session = created("alice");
        MoonlightException e = assertThrows(MoonlightException.class, () -> store.create(session, 10));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void listsAllOrByUserOldestFirst() {
        Session a1 = created("alice");
        clock.advance(Duration.ofMinutes(1));
        Session b1 = created("bob");
        clock.advance(Duration.ofMinutes(1));
        Session a2 = created("alice");
        assertEquals(List.of(a1, b1, a2), store.list());
        assertEquals(List.of(a1, a2), store.listByUser("alice"));
        assertEquals(List.of(b1), store.listByUser("bob"));
        assertEquals(List.of(), store.listByUser("carol"));
    }

    @Test
    void pagesFollowCreationTimeThenIdAndTheCursorIsStableUnderInsertsAndDeletes() {
        Session a1 = created("alice");
        Session b1 = created("bob"); // the same instant as a1: the id decides
        clock.advance(Duration.ofSeconds(1));
        Session a2 = created("alice");
        clock.advance(Duration.ofSeconds(1));
        Session c1 = created("carol");
        List<Session> first = a1.id().compareTo(b1.id()) < 0 ? List.of(a1, b1) : List.of(b1, a1);

        SessionPage one = store.page(everything(2, Optional.empty()));
        assertEquals(first, one.sessions());
        clock.advance(Duration.ofSeconds(1));
        Session late = created("alice");
        assertTrue(store.delete(first.get(0).id()), "deleting what was already listed shifts nothing");
        SessionPage two = store.page(everything(2, one.next()));
        assertEquals(List.of(a2, c1), two.sessions());
        SessionPage three = store.page(everything(2, two.next()));
        assertEquals(List.of(late), three.sessions());
        assertEquals(Optional.empty(), three.next(), "the last page has no next cursor");
        assertEquals(Optional.empty(), store.page(everything(3, two.next())).next(),
                "a page that ends exactly at the last session says there is no more");
    }

    @Test
    void pagesCanBeOneUsersOrInSomeStatesAndReadPastManyThatDoNotMatch() {
        List<Session> ended = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            Session s = created(i % 2 == 0 ? "alice" : "bob");
            store.transition(s.id(), SessionState.PENDING, SessionState.ENDED, "stopped");
            ended.add(store.get(s.id()).orElseThrow());
            clock.advance(Duration.ofMillis(1));
        }
        Session aliceLive = created("alice");
        clock.advance(Duration.ofMillis(1));
        Session bobLive = created("bob");
        Session bobReady = store.transition(bobLive.id(), SessionState.PENDING, SessionState.STARTING, "job runs")
                .orElseThrow();

        assertEquals(List.of(aliceLive, bobReady), store.page(filter(false, null, null, 10, null)).sessions(),
                "the live ones, found behind 230 ended ones");
        assertEquals(List.of(bobReady), store.page(filter(false, "starting", null, 10, null)).sessions());
        assertEquals(List.of(aliceLive), store.page(filter(false, null, "alice", 10, null)).sessions());
        SessionPage aliceAll = store.page(filter(true, null, "alice", 100, null));
        assertEquals(ended.stream().filter(s -> s.user().equals("alice")).limit(100).toList(), aliceAll.sessions());
        SessionPage aliceRest = store.page(filter(true, null, "alice", 100, aliceAll.next().orElseThrow().encode()));
        assertEquals(16, aliceRest.sessions().size(), "115 ended and one live, 100 of them on the first page");
        assertEquals(aliceLive, aliceRest.sessions().get(15));
        SessionPage endedOfBob = store.page(filter(false, "ENDED", "bob", 1000, null));
        assertEquals(ended.stream().filter(s -> s.user().equals("bob")).toList(), endedOfBob.sessions());
        assertEquals(List.of(), store.page(filter(true, null, "carol", 10, null)).sessions());
    }

    @Test
    void pageSizesOutOfRangeUnknownStatesAndForeignCursorsAreRefused() {
        created("alice");
        for (int limit : new int[] {0, -1, SessionFilter.MAX_LIMIT + 1}) {
            assertBadInput(() -> store.page(filter(true, null, null, limit, null)));
        }
        assertEquals(1, store.page(filter(true, null, null, SessionFilter.MAX_LIMIT, null)).sessions().size());
        assertBadInput(() -> store.page(filter(true, "RUNNING", null, 10, null)));
        assertBadInput(() -> store.page(filter(true, null, "../alice", 10, null)));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        for (String cursor : List.of("", "not a cursor", base64.encodeToString("hello world".getBytes(UTF_8)),
                base64.encodeToString("2026-03-01T09:00:00.000000000Z ../alice".getBytes(UTF_8)))) {
            assertBadInput(() -> store.page(filter(true, null, null, 10, cursor)));
        }
    }

    /** Sessions of every state, {@code limit} at a time, after {@code after}. */
    private static SessionFilter everything(int limit, Optional<SessionCursor> after) {
        return filter(true, null, null, limit, after.map(SessionCursor::encode).orElse(null));
    }

    /** A filter as a listing's options give it; null is an option left out. */
    static SessionFilter filter(boolean all, String state, String user, int limit, String cursor) {
        return SessionFilter.of(all, Optional.ofNullable(state), Optional.ofNullable(user), Optional.ofNullable(cursor),
                OptionalInt.of(limit));
    }

    @Test
    void placementAndHeartbeatAreRecorded() {
        Session session = created("alice");
        Instant submitted = clock.advance(Duration.ofSeconds(1));
        Session placed = store.setPlacement(session.id(), Optional.of("4711"), Optional.empty());
        assertEquals(Optional.of("4711"), placed.jobId());
        assertEquals(Optional.empty(), placed.node());
        assertEquals(submitted, placed.updatedAt());
        placed = store.setPlacement(session.id(), Optional.empty(), Optional.of("viz01"));
        assertEquals(Optional.of("4711"), placed.jobId());
        assertEquals(Optional.of("viz01"), placed.node());

        Instant beat = clock.advance(Duration.ofSeconds(30));
        Session alive = store.heartbeat(session.id());
        assertEquals(Optional.of(beat), alive.heartbeatAt());
        assertEquals(Optional.of(alive), store.get(session.id()));
        assertThrows(UnknownSessionException.class, () -> store.heartbeat(newSession("bob").id()));
        assertThrows(UnknownSessionException.class,
                () -> store.setPlacement(newSession("bob").id(), Optional.of("1"), Optional.empty()));
        assertEquals(List.of(alive), store.list());
    }

    @Test
    void theAgentsStatusIsKeptWhileTheDesktopRunsWithoutChangingTheState() {
        Session session = created("alice");
        IllegalTransitionException early = assertThrows(IllegalTransitionException.class,
                () -> store.reportAgent(session.id(), AgentState.RUNNING, ""));
        assertEquals("session " + session.id() + " is PENDING: its agent is reported only while it is STARTING or READY",
                early.getMessage());
        Session starting = store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "on viz01")
                .orElseThrow();
        assertEquals(Optional.empty(), starting.agent());

        Instant running = clock.advance(Duration.ofSeconds(2));
        Session reported = store.reportAgent(session.id(), AgentState.RUNNING, "started as pid 4242");
        assertEquals(Optional.of(new AgentStatus(AgentState.RUNNING, "started as pid 4242", running)), reported.agent());
        assertEquals(starting.history(), reported.history(), "no state change");
        assertEquals(starting.updatedAt(), reported.updatedAt());
        assertEquals(Optional.of(reported), store.get(session.id()));

        store.transition(session.id(), SessionState.STARTING, SessionState.READY, "desktop up").orElseThrow();
        Instant failed = clock.advance(Duration.ofSeconds(9));
        store.reportAgent(session.id(), AgentState.FAILED, "agent exited with code 1; not started again after 3 restarts");
        store.transition(session.id(), SessionState.READY, SessionState.STOPPING, "stopped by alice").orElseThrow();
        IllegalTransitionException late = assertThrows(IllegalTransitionException.class,
                () -> store.reportAgent(session.id(), AgentState.RUNNING, ""));
        assertEquals("session " + session.id() + " is STOPPING: its agent is reported only while it is STARTING or READY",
                late.getMessage());
        Session stopping = store.get(session.id()).orElseThrow();
        assertEquals(Optional.of(new AgentStatus(AgentState.FAILED,
                "agent exited with code 1; not started again after 3 restarts", failed)), stopping.agent());
        assertEquals(List.of(SessionState.PENDING, SessionState.STARTING, SessionState.READY, SessionState.STOPPING),
                stopping.history().stream().map(StateChange::state).toList());
        assertThrows(UnknownSessionException.class,
                () -> store.reportAgent(newSession("bob").id(), AgentState.OFF, "supervisor.agent is false"));
    }

    @Test
    void aLiveSessionsShareIsReplacedAndRemovedWithoutChangingTheState() {
        Session session = created("alice");
        Share first = Share.create(clock.instant(), Duration.ofHours(2), 3);
        Session shared = store.share(session.id(), Optional.of(first));
        assertEquals(Optional.of(first), shared.share());
        assertEquals(session.history(), shared.history(), "no state change");
        assertEquals(session.updatedAt(), shared.updatedAt());
        Share second = Share.create(clock.instant(), Duration.ofMinutes(30), 1);
        store.share(session.id(), Optional.of(second));
        assertEquals(Optional.of(second), store.get(session.id()).orElseThrow().share(), "a new share replaces the old");
        assertEquals(Optional.empty(), store.share(session.id(), Optional.empty()).share());
        assertEquals(Optional.empty(), store.get(session.id()).orElseThrow().share());

        store.share(session.id(), Optional.of(first));
        store.transition(session.id(), SessionState.PENDING, SessionState.FAILED, "no node").orElseThrow();
        IllegalTransitionException over = assertThrows(IllegalTransitionException.class,
                () -> store.share(session.id(), Optional.of(second)));
        assertEquals("session " + session.id() + " is FAILED: only a live session is shared", over.getMessage());
        assertThrows(UnknownSessionException.class, () -> store.share(newSession("bob").id(), Optional.of(first)));
    }

    @Test
    void aSessionThatIsOverTakesNoHeartbeat() {
        Session ended = created("alice");
        Session alive = store.heartbeat(ended.id());
        clock.advance(Duration.ofSeconds(5));
        Session over = store.transition(ended.id(), SessionState.PENDING, SessionState.ENDED, "job gone").orElseThrow();
        Session failed = created("bob");
        store.transition(failed.id(), SessionState.PENDING, SessionState.FAILED, "Xvfb did not start").orElseThrow();

        clock.advance(Duration.ofSeconds(30));
        IllegalTransitionException late = assertThrows(IllegalTransitionException.class,
                () -> store.heartbeat(ended.id()));
        assertEquals("session " + ended.id() + " is ENDED and takes no more heartbeats", late.getMessage());
        assertEquals(alive.heartbeatAt(), store.get(ended.id()).orElseThrow().heartbeatAt(), "heartbeat_at stays");
        assertEquals(Optional.of(over), store.get(ended.id()));
        assertThrows(IllegalTransitionException.class, () -> store.heartbeat(failed.id()));
        assertEquals(Optional.empty(), store.get(failed.id()).orElseThrow().heartbeatAt());
    }

    @Test
    void onlyTheTokensHashIsKeptAndItMatchesOnlyTheToken() {
        String raw = SessionToken.generate();
        Session session = Session.pending(ids.next("alice"), "alice", SPEC, SessionToken.hash(raw), clock.instant());
        store.create(session, 1);
        Session stored = store.get(session.id()).orElseThrow();
        assertTrue(stored.tokenMatches(raw));
        assertFalse(stored.tokenMatches(raw.substring(1)));
        assertFalse(stored.tokenMatches(SessionToken.hash(raw)));
        String everything = everythingStored();
        assertTrue(everything.contains(SessionToken.hash(raw)), "the hash is what is stored");
        assertFalse(everything.contains(raw), "the raw token must never be stored");
    }

    @Test
    void leasesAreNeverHandedOutTwiceUnderConcurrency() throws Exception {
        int claimants = 7;
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < claimants; i++) {
            sessions.add(created("user" + i));
        }
        List<Object> results = race(claimants, (i, client) -> {
            try {
                return client.claimLease(sessions.get(i).id(), "viz01", FreeDisplays.ALL);
            } catch (MoonlightException full) {
                return full.getMessage();
            }
        });
        List<Lease> granted = results.stream().filter(Lease.class::isInstance).map(Lease.class::cast).toList();
        assertEquals(LEASES.maxPerNode(), granted.size(), results.toString());
        assertEquals(Set.of(47989, 48019, 48049, 48079), ports(granted));
        assertEquals(Set.of(10, 11, 12, 13), displays(granted));
        results.stream().filter(String.class::isInstance).forEach(message ->
                assertEquals("no free Sunshine port block on viz01: all 4 are in use", message));
        assertEquals(new HashSet<>(granted), new HashSet<>(store.leases()));
        for (Lease lease : granted) {
            Session holder = store.get(lease.sessionId()).orElseThrow();
            assertEquals(OptionalInt.of(lease.basePort()), holder.sunshineBasePort());
            assertEquals(OptionalInt.of(lease.display()), holder.display());
        }

        // Another node has its own blocks.
        Lease elsewhere = store.claimLease(sessions.stream().filter(s -> !holds(granted, s)).findFirst().orElseThrow().id(),
                "viz02.cluster.example.org", FreeDisplays.ALL);
        assertEquals(47989, elsewhere.basePort());
        assertEquals(10, elsewhere.display());
    }

    @Test
    void leaseIsKeptWhileHeldAndFreedOnReleaseOrEnd() {
        Session a = created("alice");
        Session b = created("bob");
        Session c = created("carol");
        Lease la = store.claimLease(a.id(), "viz01", FreeDisplays.ALL);
        Lease lb = store.claimLease(b.id(), "viz01", FreeDisplays.ALL);
        assertEquals(new Lease("viz01", a.id(), 47989, 10), la);
        assertEquals(new Lease("viz01", b.id(), 48019, 11), lb);
        assertEquals(la, store.claimLease(a.id(), "viz01", FreeDisplays.ALL), "asking again returns the same lease");
        MoonlightException moved = assertThrows(MoonlightException.class, () -> store.claimLease(a.id(), "viz02", FreeDisplays.ALL));
        assertTrue(moved.getMessage().contains("already holds ports on viz01"), moved.getMessage());

        assertTrue(store.releaseLease(a.id()));
        assertFalse(store.releaseLease(a.id()));
        assertEquals(List.of(lb), store.leases());
        assertEquals(new Lease("viz01", c.id(), 47989, 10), store.claimLease(c.id(), "viz01", FreeDisplays.ALL));

        store.transition(b.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        store.transition(b.id(), SessionState.STARTING, SessionState.FAILED, "Xvfb did not start").orElseThrow();
        assertEquals(List.of(new Lease("viz01", c.id(), 47989, 10)), store.leases(), "a final session holds no lease");
        MoonlightException over = assertThrows(MoonlightException.class, () -> store.claimLease(b.id(), "viz01", FreeDisplays.ALL));
        assertTrue(over.getMessage().contains("is FAILED and cannot hold ports"), over.getMessage());

        assertTrue(store.delete(c.id()));
        assertEquals(List.of(), store.leases());
        assertThrows(UnknownSessionException.class, () -> store.claimLease(c.id(), "viz01", FreeDisplays.ALL));
        assertOnlyOwnNamespace();
    }

    @Test
    void theLeaseTakesTheLowestDisplayTheNodeOffersThatNoLeaseHolds() {
        Session a = created("alice");
        Session b = created("bob");
        Session c = created("carol");

        assertEquals(new Lease("viz01", a.id(), 47989, 12), store.claimLease(a.id(), "viz01", List.of(14, 12, 13, 12)),
                ":10 and :11 are busy on the node");
        assertEquals(new Lease("viz01", b.id(), 48019, 13), store.claimLease(b.id(), "viz01", List.of(12, 13)));
        MoonlightException none = assertThrows(MoonlightException.class,
                () -> store.claimLease(c.id(), "viz01", List.of(12, 13)));
        assertEquals("no free X display on viz01: the ones it found free (:12 :13) are all leased to other sessions",
                none.getMessage());
        MoonlightException offeredNone = assertThrows(MoonlightException.class,
                () -> store.claimLease(c.id(), "viz01", List.of()));
        assertEquals("no free X display on viz01: the node offered none", offeredNone.getMessage());
        assertEquals(List.of("viz01"), store.leases().stream().map(Lease::node).distinct().toList());
        assertEquals(2, store.leases().size(), "a refused claim holds nothing");
        assertEquals(OptionalInt.empty(), store.get(c.id()).orElseThrow().display());

        for (List<Integer> bad : List.of(List.of(9, 14), List.of(1), List.of(0), List.of(-10), List.of(1000),
                Arrays.asList(14, null))) {
            assertBadInput(() -> store.claimLease(c.id(), "viz01", bad));
        }
        assertBadInput(() -> store.claimLease(c.id(), "viz01", null));
        assertEquals(new Lease("viz02", c.id(), 47989, 12), store.claimLease(c.id(), "viz02", List.of(12)),
                "another node's displays are its own");
    }

    @Test
    void deleteRemovesSessionHistoryAndLease() {
        Session a = created("alice");
        Session b = created("alice");
        store.transition(a.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        store.claimLease(a.id(), "viz01", FreeDisplays.ALL);
        assertTrue(store.delete(a.id()));
        assertFalse(store.delete(a.id()));
        assertEquals(Optional.empty(), store.get(a.id()));
        assertEquals(List.of(b), store.list());
        assertEquals(List.of(b), store.listByUser("alice"));
        assertEquals(List.of(), store.leases());
        assertFalse(everythingStored().contains(a.id()), "nothing of a deleted session is left");
        // The deleted session no longer counts against the limit.
        store.create(newSession("alice"), 2);
    }

    /** A session that ran on the node and ended (or failed) now, by the store's clock. */
    Session over(String user, String node, SessionState last) {
        Session session = created(user);
        store.transition(session.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        store.claimLease(session.id(), node, FreeDisplays.ALL);
        return store.transition(session.id(), SessionState.STARTING, last,
                last == SessionState.FAILED ? "Sunshine exited with 1" : "").orElseThrow();
    }

    @Test
    void recordsOfSessionsOverBeforeTheCutOffAreDeletedWithEverythingOfTheirs() {
        Session oldEnded = over("alice", "viz01", SessionState.ENDED);
        Session oldFailed = over("alice", "viz01", SessionState.FAILED);
        Session oldOfBob = over("bob", "viz02", SessionState.ENDED);
        Session oldActive = created("alice");
        store.transition(oldActive.id(), SessionState.PENDING, SessionState.STARTING, "").orElseThrow();
        Lease held = store.claimLease(oldActive.id(), "viz01", FreeDisplays.ALL);
        Session oldPending = created("bob");
        Instant cutOff = clock.advance(Duration.ofDays(90));
        Session endedAtTheCutOff = over("bob", "viz02", SessionState.ENDED);
        clock.advance(Duration.ofDays(1));
        Session recent = over("alice", "viz01", SessionState.ENDED);
        oldActive = store.get(oldActive.id()).orElseThrow();

        List<String> deleted = store.deleteFinishedBefore(cutOff, 100);

        assertEquals(Set.of(oldEnded.id(), oldFailed.id(), oldOfBob.id()), new HashSet<>(deleted));
        assertEquals(3, deleted.size(), deleted.toString());
        for (Session gone : List.of(oldEnded, oldFailed, oldOfBob)) {
            assertEquals(Optional.empty(), store.get(gone.id()));
            assertFalse(everythingStored().contains(gone.id()), gone.id() + " left something:\n" + everythingStored());
            assertFalse(store.delete(gone.id()));
        }
        assertEquals(List.of(oldActive, oldPending, endedAtTheCutOff, recent), store.list());
        assertEquals(List.of(oldActive, recent), store.listByUser("alice"));
        assertEquals(List.of(oldPending, endedAtTheCutOff), store.listByUser("bob"));
        assertEquals(List.of(held), store.leases());
        assertOnlyOwnNamespace();
        assertEquals(List.of(), store.deleteFinishedBefore(cutOff, 100), "nothing more to delete");
        // The limit still counts alice's one active session: one more, not two.
        store.create(newSession("alice"), 2);
        assertThrows(SessionLimitException.class, () -> store.create(newSession("alice"), 2));
    }

    @Test
    void aLeaseLeftWithASessionThatIsOverGoesWithItsRecord() {
        Session stray = over("alice", "viz01", SessionState.ENDED);
        leaveLeaseBehind(stray.id(), "viz01", 47989, 10);
        assertEquals(List.of(new Lease("viz01", stray.id(), 47989, 10)), store.leases());

        assertEquals(List.of(stray.id()), store.deleteFinishedBefore(clock.advance(Duration.ofDays(1)), 10));

        assertEquals(List.of(), store.leases());
        assertEquals("", everythingStored().lines().filter(line -> line.contains(stray.id()) || line.contains("viz01"))
                .reduce("", String::concat), "nothing of the session or its lease is left");
        Session next = created("alice");
        assertEquals(new Lease("viz01", next.id(), 47989, 10), store.claimLease(next.id(), "viz01", FreeDisplays.ALL),
                "its port block and display are free again");
    }

    @Test
    void aBacklogIsDeletedInBoundedBatches() {
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            old.add(over(i % 2 == 0 ? "alice" : "bob", "viz01", SessionState.ENDED).id());
            clock.advance(Duration.ofMinutes(1));
        }
        Instant cutOff = clock.advance(Duration.ofDays(1));

        List<String> deleted = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        List<String> batch;
        do {
            batch = store.deleteFinishedBefore(cutOff, 3);
            batches.add(batch.size());
            deleted.addAll(batch);
        } while (batch.size() == 3);

        assertEquals(List.of(3, 3, 1), batches);
        assertEquals(new HashSet<>(old), new HashSet<>(deleted));
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), store.listByUser("alice"));
        assertEquals("", everythingStored().lines().filter(line -> old.stream().anyMatch(line::contains))
                .reduce("", String::concat), "nothing of the deleted sessions is left");
    }

    @Test
    void badIdsUsersAndNodesAreRefusedBeforeAnythingIsTouched() {
        Session real = created("alice");
        List<String> badIds = List.of("", "../../etc/passwd", real.id() + "/../x", real.id() + ";rm -rf /",
                real.id() + "\n", real.id().toUpperCase(), "ml-alice-2026*", "vnc:session:1", "ml-al ice-20260301090000-abcdef",
                "ml-alice-20260301090000-abcde1", "ml-../x-20260301090000-abcdef", "ml-alice-20260301090000-abcdef\u0000");
        for (String id : badIds) {
            assertBadInput(() -> store.get(id));
            assertBadInput(() -> store.transition(id, SessionState.PENDING, SessionState.STARTING, ""));
            assertBadInput(() -> store.setPlacement(id, Optional.of("1"), Optional.of("viz01")));
            assertBadInput(() -> store.heartbeat(id));
            assertBadInput(() -> store.reportAgent(id, AgentState.RUNNING, ""));
            assertBadInput(() -> store.share(id, Optional.empty()));
            assertBadInput(() -> store.delete(id));
            assertBadInput(() -> store.claimLease(id, "viz01", FreeDisplays.ALL));
            assertBadInput(() -> store.releaseLease(id));
        }
        for (String user : List.of("", "..", "../root", "alice/..", "al ice", "alice;id", "Alice", "$(id)", "a".repeat(33))) {
            assertBadInput(() -> store.listByUser(user));
        }
        for (String node : List.of("", "..", "viz01/../x", "viz 01", "-viz01", "viz01;id", "viz01:1", "*")) {
            assertBadInput(() -> store.claimLease(real.id(), node, FreeDisplays.ALL));
            assertBadInput(() -> store.setPlacement(real.id(), Optional.empty(), Optional.of(node)));
        }
        for (String job : List.of("", "4711;scancel", "../1", "$(id)")) {
            assertBadInput(() -> store.setPlacement(real.id(), Optional.of(job), Optional.empty()));
        }
        assertEquals(List.of(real), store.list());
        assertEquals(List.of(), store.leases());
        assertOnlyOwnNamespace();
    }

    private static void assertBadInput(Executable call) {
        MoonlightException e = assertThrows(MoonlightException.class, call);
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
    }

    /** Runs the calls at once, spread over two clients of the store, and returns their results in order. */
    <T> List<T> race(int count, RaceCall<T> call) throws Exception {
        SessionStore second = openStore(clock);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                SessionStore client = i % 2 == 0 ? store : second;
                Callable<T> task = () -> {
                    go.await();
                    return call.run(index, client);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            second.close();
        }
    }

    @FunctionalInterface
    interface RaceCall<T> {
        T run(int index, SessionStore client) throws Exception;
    }

    private static Set<Integer> ports(List<Lease> leases) {
        Set<Integer> ports = new HashSet<>();
        leases.forEach(l -> assertTrue(ports.add(l.basePort()), "port handed out twice: " + l));
        return ports;
    }

    private static Set<Integer> displays(List<Lease> leases) {
        Set<Integer> displays = new HashSet<>();
        leases.forEach(l -> assertTrue(displays.add(l.display()), "display handed out twice: " + l));
        return displays;
    }

    private static boolean holds(List<Lease> leases, Session session) {
        return leases.stream().anyMatch(l -> l.sessionId().equals(session.id()));
    }
}
