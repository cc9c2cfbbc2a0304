package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionLimitException;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.FakeSupervisor;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.RacingScript;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.moonlight.core.store.SessionFilter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session life cycle through {@link SiteSessionService} with a real scheduler and a real store,
 * run as root for the test user; the job's launcher is {@link FakeSupervisor}.
 */
@ServiceTest
abstract class SessionServiceContract {
    static final String USER = SessionTestbed.USER;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int LIMIT = 2;
    static final String MALLORY = "mlatk-mallory";
    static final String RACER = "session-dir-racer.py";
    static final String RACE_SECONDS = "20";

    @TempDir
    Path temp;
    Path sessionRoot;
    MoonlightConfig config;
    SessionStore store;
    Scheduler scheduler;
    SiteSessionService service;

    abstract SessionStore openStore(MoonlightConfig config) throws Exception;

    abstract Scheduler openScheduler(MoonlightConfig config);

    /** Extra configuration sections (YAML) of the subclass, e.g. the Slurm section. */
    abstract String configYaml();

    @BeforeEach
    void setUp() throws Exception {
        SessionTestbed.ensureUnixUser();
        sessionRoot = UserDirs.scratch(temp);
        config = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot + "\n  state_dir: " + temp.resolve("state")
                + "\nstore:\n  sqlite_path: " + temp.resolve("moonlight.db") + "\nsessions:\n  max_per_user: " + LIMIT
                + "\n" + configYaml());
        store = openStore(config);
        scheduler = openScheduler(config);
        service = serviceWith(config, scheduler);
    }

    SiteSessionService serviceWith(MoonlightConfig withConfig, Scheduler withScheduler) throws IOException {
        Path launcher = FakeSupervisor.writeTo(temp);
        return new SiteSessionService(withConfig, store, withScheduler, new ProcessCommandRunner(), UserSwitch.ofThisProcess(),
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

    StartRequest request(String user) {
        return new StartRequest(user, null, null, null, null, null, null);
    }

    /** The live jobs this test submitted (the local scheduler's jobs directory is the test's own). */
    List<String> activeJobIds() {
        return scheduler.jobs().stream().filter(j -> j.user().equals(USER) && j.state().isActive())
                .map(SchedulerJob::id).toList();
    }

    Session awaitState(String id, SessionState state) {
        Await.until(id + " " + state, WAIT, () -> service.queries().show(service.caller("root"), id).session().state() == state);
        return store.get(id).orElseThrow();
    }

    @Test
    void startAsRootSubmitsTheJobAsTheUserWithItsFilesAndToken() throws IOException {
        Session session = service.launcher().start(service.caller("root"), new StartRequest(USER, "xfce4", "2560x1440", 2, 120, 30000, "hevc"));

        assertEquals(SessionState.PENDING, session.state());
        assertTrue(session.id().startsWith("ml-" + USER + "-"), session.id());
        assertTrue(session.jobId().isPresent());
        Session started = awaitState(session.id(), SessionState.STARTING);
        assertTrue(started.node().isPresent());
        assertEquals(List.of(session.jobId().get()), activeJobIds());
        SchedulerJob job = scheduler.jobs().stream().filter(j -> j.id().equals(session.jobId().get())).findFirst()
                .orElseThrow();
        assertEquals("moonlight-" + USER, job.name());

        SessionPaths paths = SessionPaths.of(config.paths(), USER, session.id());
        assertEquals("rwx------", mode(paths.dir()));
        assertEquals("rwx------", mode(paths.logDir()));
        assertEquals("rw-------", mode(paths.tokenFile()));
        assertEquals(USER, Files.getOwner(paths.dir()).getName());
        assertEquals(USER, Files.getOwner(paths.tokenFile()).getName());
        String token = Files.readString(paths.tokenFile());
        assertTrue(session.tokenMatches(token));
        assertFalse(token.equals(session.tokenHash()));
        Await.until("the fake supervisor ran", WAIT, () -> Files.exists(paths.dir().resolve("fake-supervisor.args")));
        assertEquals("session run " + session.id() + "\n",
                Files.readString(paths.dir().resolve("fake-supervisor.args")));
        Await.until("the fake supervisor read the token", WAIT,
                () -> Files.exists(paths.dir().resolve("fake-supervisor.token")));
        assertEquals(token, Files.readString(paths.dir().resolve("fake-supervisor.token")));
        assertEquals("2560x1440", started.spec().geometry().toString());
    }

    @Test
    void stopCancelsTheJobAndEndsTheSession() {
        Session session = service.launcher().start(service.caller("root"), request(USER));
        awaitState(session.id(), SessionState.STARTING);

        Session stopped = service.stopper().stop(service.caller("root"), session.id());

        assertEquals(SessionState.ENDED, stopped.state());
        assertEquals(List.of(SessionState.PENDING, SessionState.STARTING, SessionState.STOPPING, SessionState.ENDED),
                stopped.history().stream().map(c -> c.state()).toList());
        assertEquals("stopped by root", stopped.history().get(3).reason());
        assertTrue(activeJobIds().isEmpty());
        assertEquals(List.of(), service.queries().list(service.caller("root"), firstPage(false, Optional.empty())).sessions());
        assertEquals(SessionState.ENDED, service.stopper().stop(service.caller("root"), session.id()).state());
    }

    @Test
    void aJobCancelledBehindTheServicesBackEndsTheSessionOnTheNextList() {
        Session session = service.launcher().start(service.caller("root"), request(USER));
        awaitState(session.id(), SessionState.STARTING);

        cancelExternally(session.jobId().orElseThrow());
        Await.until("job gone", WAIT, () -> activeJobIds().isEmpty());
        SessionListing listing = service.queries().list(service.caller("root"), firstPage(true, Optional.empty()));

        Session ended = listing.sessions().get(0);
        assertEquals(SessionState.ENDED, ended.state());
        assertTrue(ended.history().get(ended.history().size() - 1).reason()
                .startsWith("job " + session.jobId().get() + " is gone from " + scheduler.name()), ended.toString());
        // Other tests' jobs on the shared testbed may show as jobs without a session: only this session's count.
        List<Disagreement> about = ofSession(listing, session.id());
        assertEquals(1, about.size(), listing.disagreements().toString());
        assertTrue(about.get(0).description().startsWith("session " + session.id() + " was STARTING but job"),
                about.toString());
        assertEquals(List.of(), ofSession(service.queries().list(service.caller("root"), firstPage(true, Optional.empty())), session.id()));
    }

    static List<Disagreement> ofSession(SessionListing listing, String id) {
        return listing.disagreements().stream().filter(d -> d.sessionId().equals(id)).toList();
    }

    /** Cancels the job as an operator would, not through the service. */
    abstract void cancelExternally(String jobId);

    @Test
    void badInputIsRefusedBeforeAnythingIsWritten() {
        assertBadInput(request("mlsess;id"), "'mlsess;id' is not a valid user name");
        assertBadInput(request("../etc"), "'../etc' is not a valid user name");
        assertBadInput(request("$(id)"), "'$(id)' is not a valid user name");
        assertBadInput(new StartRequest(USER, null, "1920x1080;id", null, null, null, null), "'1920x1080;id' is not a geometry");
        assertBadInput(new StartRequest(USER, null, "../../1920x1080", null, null, null, null), "'../../1920x1080' is not a geometry");
        assertBadInput(new StartRequest(USER, null, "320x200", null, null, null, null), "geometry 320x200 is out of range");
        assertBadInput(new StartRequest(USER, "../xfce4", null, null, null, null, null), "'../xfce4' is not a valid image id");
        assertBadInput(new StartRequest(USER, "xfce4;id", null, null, null, null, null), "'xfce4;id' is not a valid image id");
        assertBadInput(new StartRequest(USER, "kde", null, null, null, null, null), "unknown image 'kde'");
        assertBadInput(new StartRequest(USER, null, null, 0, null, null, null), "0 hours is too short");
        assertBadInput(new StartRequest(USER, null, null, 999, null, null, null), "999 hours is longer than the QoS allows (8)");
        assertBadInput(new StartRequest(USER, null, null, null, 45, null, null), "45 is not a supported frame rate");
        assertBadInput(new StartRequest(USER, null, null, null, null, null, "av1"), "'av1' is not a codec");
        assertBadInput(request("nosuchuser"), "no user 'nosuchuser' on this system");
        assertBadInput(request("daemon"), "user daemon (uid 1) is a system account");
        assertBadInput(request("nobody"), "user nobody has no login shell (/usr/sbin/nologin): a service account");
        assertNothingWritten();
    }

    @Test
    void aUserWhoIsNoAdminCannotNameAnotherUser() {
        MoonlightException e = assertThrows(MoonlightException.class, () -> service.launcher().start(service.caller("mltest"), request(USER)));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("only admins may start a session for another user (" + USER + ")", e.getMessage());
        assertNothingWritten();
        assertThrows(MoonlightException.class, () -> service.queries().list(service.caller("mltest"), firstPage(false, Optional.of(USER))));
    }

    @Test
    void anotherUsersSessionIsUnknownToANonAdmin() {
        Session session = service.launcher().start(service.caller("root"), request(USER));

        assertThrows(UnknownSessionException.class, () -> service.queries().show(service.caller("mltest"), session.id()));
        assertThrows(UnknownSessionException.class, () -> service.stopper().stop(service.caller("mltest"), session.id()));
        assertEquals(List.of(), service.queries().list(service.caller("mltest"), firstPage(true, Optional.empty())).sessions());
        assertEquals(session.id(), service.queries().list(service.caller(USER), firstPage(false, Optional.empty())).sessions().get(0).id());
    }

    @Test
    void concurrentStartsBeyondTheLimitLetExactlyTheLimitThrough() throws Exception {
        int attempts = 5;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Session>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            Callable<Session> start = () -> {
                go.await();
                return service.launcher().start(service.caller("root"), request(USER));
            };
            results.add(pool.submit(start));
        }
        go.countDown();
        int started = 0;
        int refused = 0;
        for (Future<Session> result : results) {
            try {
                result.get();
                started++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof SessionLimitException, e.getCause().toString());
                refused++;
            }
        }
        pool.shutdown();

        assertEquals(LIMIT, started);
        assertEquals(attempts - LIMIT, refused);
        assertEquals(LIMIT, activeJobIds().size());
        assertEquals(LIMIT, store.listByUser(USER).size());
        try (Stream<Path> dirs = Files.list(sessionRoot.resolve("sunshine_" + USER))) {
            assertEquals(LIMIT, dirs.count());
        }
    }

    @Test
    void waitReturnsOnceTheSessionIsReadyAndGivesUpAfterTheTimeout() throws Exception {
        Session session = service.launcher().start(service.caller("root"), request(USER));
        MoonlightException timeout = assertThrows(MoonlightException.class,
                () -> service.queries().awaitReady(service.caller("root"), session.id(), Duration.ofMillis(600)));
        assertTrue(timeout.getMessage().startsWith("session " + session.id() + " is not READY after 0 s"),
                timeout.getMessage());

        awaitState(session.id(), SessionState.STARTING);
        Thread supervisor = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                return;
            }
            store.transition(session.id(), SessionState.STARTING, SessionState.READY, "");
        });
        supervisor.start();

        Session ready = service.queries().awaitReady(service.caller("root"), session.id(), WAIT);
        supervisor.join();

        assertEquals(SessionState.READY, ready.state());
    }

    @Test
    void showSaysWhereTheSessionRunsAndHowLongItHasLeft() {
        Session session = service.launcher().start(service.caller("root"), new StartRequest(USER, null, null, 3, null, null, null));
        Session started = awaitState(session.id(), SessionState.STARTING);
        store.claimLease(session.id(), started.node().orElseThrow(), FreeDisplays.ALL);

        SessionDetails details = service.queries().show(service.caller("root"), session.id());

        int basePort = config.sunshine().basePort();
        assertEquals(started.node().get() + ":" + basePort, details.moonlightAddress().orElseThrow());
        assertEquals(basePort + 1, details.webUiPort().orElseThrow());
        assertEquals("https://localhost/moonlight/?session=" + session.id(), details.browserUrl());
        Duration left = details.timeLeft().orElseThrow();
        assertTrue(left.compareTo(Duration.ofHours(3)) <= 0 && left.compareTo(Duration.ofHours(3).minusMinutes(2)) > 0,
                left.toString());
        assertEquals(SessionPaths.of(config.paths(), USER, session.id()).jobLog(), details.paths().jobLog());

        SessionDetails stored = service.lookup().storedDetails(service.caller(USER), session.id());
        assertEquals(details.moonlightAddress(), stored.moonlightAddress());
        assertEquals(details.webUiPort(), stored.webUiPort());
        assertEquals(details.browserUrl(), stored.browserUrl());
        Duration storedLeft = stored.timeLeft().orElseThrow();
        assertTrue(storedLeft.minus(left).abs().compareTo(Duration.ofSeconds(30)) < 0,
                "from the store (the job started when the session became STARTING): " + storedLeft + " vs " + left);
    }

    @Test
    void logsPrintsTheJobsOutputAndFollowsItUntilTheSessionEnds() throws Exception {
        Session session = service.launcher().start(service.caller("root"), request(USER));
        Path log = SessionPaths.of(config.paths(), USER, session.id()).jobLog();
        Await.until("the job log", WAIT, () -> Files.exists(log) && size(log) > 0);

        List<String> printed = new ArrayList<>();
        service.logs().read(service.caller("root"), session.id(), false, printed::add);
        assertEquals(List.of("fake supervisor of " + session.id() + " up"), printed);

        List<String> followed = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread follower = new Thread(() -> service.logs().read(service.caller("root"), session.id(), true, followed::add));
        follower.start();
        Await.until("the first line followed", WAIT, () -> !followed.isEmpty());
        service.stopper().stop(service.caller("root"), session.id());
        follower.join(WAIT.toMillis());

        assertFalse(follower.isAlive());
        assertEquals("fake supervisor of " + session.id() + " up", followed.get(0));
        assertTrue(followed.contains("fake supervisor of " + session.id() + " stopping"), followed.toString());
        assertThrows(UnknownSessionException.class, () -> service.logs().read(service.caller("mltest"), session.id(), false, line -> { }));
    }

    @Test
    void aUsersDirectoryMadeByAnotherAccountRefusesTheStartWhateverThatAccountDoes() throws Exception {
        LocalUsers.ensure(MALLORY);
        Path userDir = sessionRoot.resolve("sunshine_" + USER);
        asUser(MALLORY, "mkdir", "-m", "0777", userDir.toString());
        Path loot = Files.createDirectory(temp.resolve("loot"));
        Files.setPosixFilePermissions(loot, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path script = Files.writeString(temp.resolve("mallory.sh"), "#!/bin/bash\ncp session.token " + loot + "/token\n");
        Path target = rootOnly().resolve("pwned");

        try (RacingScript racer = RacingScript.startAs(MALLORY, RACER, temp, RACE_SECONDS, "squat", userDir.toString(),
                target.toString(), script.toString())) {
            SessionConflictException e = assertThrows(SessionConflictException.class,
                    () -> service.launcher().start(service.caller("root"), request(USER)));
            assertEquals(userDir + " belongs to " + MALLORY + ", not to " + USER, e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("chown " + USER + " " + userDir), e.hint().toString());
            // Whatever the racer would do with a session, it has the time for it.
            Thread.sleep(5_000);
        }
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), activeJobIds());
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "root wrote where the racer pointed it");
        assertFalse(Files.exists(loot.resolve("token")), "the racer's script ran as " + USER);
        try (Stream<Path> entries = Files.list(userDir)) {
            assertEquals(List.of(), entries.toList());
        }
    }

    @Test
    void aJobLogTheUserLinksElsewhereIsNeverOpenedByRoot() throws Exception {
        Path userDir = sessionRoot.resolve("sunshine_" + USER);
        Path target = rootOnly().resolve("passwd");

        try (RacingScript racer = RacingScript.startAs(USER, RACER, temp, RACE_SECONDS, "plant-log", userDir.toString(),
                target.toString())) {
            // The racer wins the race for the log's name most of the time, not every time: a few sessions.
            for (int attempt = 0; attempt < 5 && racer.wins().isEmpty(); attempt++) {
                try {
                    service.stopper().stop(service.caller("root"), service.launcher().start(service.caller("root"), request(USER)).id());
                } catch (MoonlightException refused) {
                    // The job could not open its log as the user: the start fails, as it should.
                }
            }
            assertFalse(racer.wins().isEmpty(), "the racer never planted its link in time");
        }
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "root wrote the job's log where the user pointed it");
    }

    @Test
    void theJobRunsTheScriptMoonlightRenderedWhateverTheUserSwapsIn() throws Exception {
        Path userDir = sessionRoot.resolve("sunshine_" + USER);
        Path drop = Files.createDirectory(temp.resolve("drop"));
        Files.setPosixFilePermissions(drop, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path marker = drop.resolve("swapped-script-ran");
        Path script = Files.writeString(temp.resolve("swap.sh"), "#!/bin/bash\necho swapped > " + marker + "\n");

        try (RacingScript racer = RacingScript.startAs(USER, RACER, temp, RACE_SECONDS, "swap-script",
                userDir.toString(), script.toString())) {
            Session session = service.launcher().start(service.caller("root"), request(USER));
            SessionPaths paths = SessionPaths.of(config.paths(), USER, session.id());
            Await.until("the rendered script ran", WAIT, () -> Files.exists(paths.dir().resolve("fake-supervisor.args"))
                    || Files.exists(marker));
        }
        assertFalse(Files.exists(marker), "the job ran the script the user swapped in");
    }

    /** A directory only root may enter, for what an attacker wants root to write. */
    Path rootOnly() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("root-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    static void asUser(String user, String... command) {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        argv.addAll(List.of(command));
        new ProcessCommandRunner().run(ExternalCommand.of(argv)).orFail(String.join(" ", argv), null);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    void assertBadInput(StartRequest request, String message) {
        MoonlightException e = assertThrows(MoonlightException.class, () -> service.launcher().start(service.caller("root"), request));
        assertEquals(ExitCode.USAGE, e.exitCode(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    void assertNothingWritten() {
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), activeJobIds());
        try (Stream<Path> entries = Files.list(sessionRoot)) {
            assertEquals(0, entries.count());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }


    /** The first page of a listing, at the default size (larger than any listing here). */
    private static SessionFilter firstPage(boolean all, Optional<String> user) {
        return SessionFilter.of(all, Optional.empty(), user, Optional.empty(), OptionalInt.empty());
    }
}
