package io.moonlight.core.cleanup;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.LocalScheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.StartRequest;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testing.RacingScript;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cleanup, as root, against the owner of a long-ended session's directory racing it from a process of
 * their own: the scratch is world-writable with the sticky bit, and the per-user and the session
 * directory are the user's, as on a cluster. Real users, real root, the SQLite store and the local
 * scheduler; the session records are made old through a store client whose clock is that far back.
 */
@ServiceTest
class SessionCleanupAttackTest {
    static final String RACER = "mlcl-racer";
    static final String BYSTANDER = "mlcl-bystander";
    static final Duration ENDED_AGO = Duration.ofDays(8);
    static final int PASSES_DURING_RACE = 5;
    static final ProcessCommandRunner LOCAL = new ProcessCommandRunner();

    @TempDir
    Path temp;
    Path sessionRoot;
    MoonlightConfig config;
    SessionStore store;

    @BeforeEach
    void setUp() throws Exception {
        LocalUsers.ensure(RACER);
        LocalUsers.ensure(BYSTANDER);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        sessionRoot = Files.createDirectory(temp.resolve("scratch"));
        LOCAL.run(ExternalCommand.of("chmod", "1777", sessionRoot.toString())).orFail("chmod 1777", null);
        config = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot + "\n  state_dir: "
                + temp.resolve("state") + "\nstore:\n  sqlite_path: " + temp.resolve("moonlight.db")
                + "\nsessions:\n  keep_days: 7\n  keep_records_days: 30\n");
        store = StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** One real pass, as cron runs it. */
    CleanupResult cleanup() {
        LocalScheduler scheduler = new LocalScheduler(config.paths().stateDir().resolve("local-jobs"),
                Duration.ofSeconds(5), LOCAL, UserSwitch.ofThisProcess(), Clock.systemUTC());
        return new SessionCleanup(config, store, scheduler, Clock.systemUTC()).run(false, false);
    }

    /** A session of {@code user} that ended {@link #ENDED_AGO}: its directory is due for removal. */
    Session endedLongAgo(String user) {
        Clock past = Clock.offset(Clock.systemUTC(), ENDED_AGO.negated());
        try (SessionStore then = StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null),
                config.sunshine(), past)) {
            Session session = Session.pending(new SessionIds(past, new SecureRandom()).next(user), user,
                    new StartRequest(user, null, null, null, null, null, null).spec(), "hash", past.instant());
            then.create(session, 4);
            return then.transition(session.id(), SessionState.PENDING, SessionState.ENDED, "").orElseThrow();
        }
    }

    Path dirOf(Session session) {
        return sessionRoot.resolve("sunshine_" + session.user()).resolve(session.id());
    }

    /** The session's directory with a log in it, made by its user as a job would. */
    Path madeByItsUser(Session session) {
        Path dir = dirOf(session);
        asUser(session.user(), "mkdir", "-p", "-m", "700", dir.resolve("logs").toString());
        asUser(session.user(), "touch", dir.resolve("logs/job.log").toString());
        return dir;
    }

    static void asUser(String user, String... argv) {
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + user,
                "--init-groups"));
        command.addAll(List.of(argv));
        LOCAL.run(ExternalCommand.of(command)).orFail(String.join(" ", argv) + " as " + user, null);
    }

    static List<String> paths(CleanupResult result, CleanupAction.Kind kind) {
        return result.actions().stream().filter(a -> a.kind() == kind).map(CleanupAction::path).toList();
    }

    /** One pass's result, or what it threw instead. */
    record Pass(CleanupResult result, Throwable thrown) {
    }

    Pass pass() {
        try {
            return new Pass(cleanup(), null);
        } catch (RuntimeException e) {
            return new Pass(null, e);
        }
    }

    /**
     * Passes as cron would run them while the race goes on: 3,000 pairs as the attack was reported, 300
     * that swap each pair ten times as often.
     */
    @ParameterizedTest(name = "{0} pairs")
    @ValueSource(ints = {3000, 300})
    void aUserSwappingDirectoriesForLinksToARootOnlyPlaceNeitherReachesItNorStopsThePass(int pairs) throws Exception {
        Session before = endedLongAgo(BYSTANDER);
        Session attacked = endedLongAgo(RACER);
        Session after = endedLongAgo(RACER);
        Path beforeDir = madeByItsUser(before);
        Path afterDir = madeByItsUser(after);
        Path attackedDir = dirOf(attacked);
        Path victim = Files.createDirectory(temp.resolve("victim"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path precious = Files.writeString(victim.resolve("precious"), "keep");
        List<Pass> passes = new ArrayList<>();

        try (RacingScript racer = RacingScript.startAs(RACER, "swap-loop.py", temp, attackedDir.toString(),
                String.valueOf(pairs), "link", "120", victim.toString())) {
            while (passes.size() < PASSES_DURING_RACE && Files.exists(attackedDir, LinkOption.NOFOLLOW_LINKS)) {
                passes.add(pass());
            }
        }

        assertAll(
                () -> assertTrue(Files.exists(precious), "root removed the file in the root-only directory"),
                () -> assertEquals(List.of(), passes.stream().map(Pass::thrown).filter(Objects::nonNull).toList(),
                        "a pass stopped"));
        assertEquals("keep", Files.readString(precious));
        CleanupResult first = passes.get(0).result();
        assertTrue(paths(first, CleanupAction.Kind.DIRECTORY).containsAll(List.of(beforeDir.toString(),
                afterDir.toString())), first.actions().toString());
        assertFalse(Files.exists(beforeDir, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(afterDir, LinkOption.NOFOLLOW_LINKS));
        for (Pass pass : passes) {
            List<String> reported = pass.result().actions().stream()
                    .filter(a -> a.session().equals(attacked.id())).map(a -> a.kind() + " " + a.path()).toList();
            assertTrue(reported.equals(List.of("DIRECTORY " + attackedDir))
                    || reported.equals(List.of("DIRECTORY_NOT_REMOVED " + attackedDir)), reported.toString());
            assertEquals(pass.result().incomplete(), pass.result().summary().endsWith(", 1 directories not removed"),
                    pass.result().summary());
        }
        // With the race over, the next pass finishes what is left.
        CleanupResult last = cleanup();
        assertFalse(last.incomplete(), last.actions().toString());
        assertFalse(Files.exists(attackedDir, LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(precious));
        assertTrue(Files.isDirectory(sessionRoot.resolve("sunshine_" + RACER)), "the per-user directory stays");
    }

    @Test
    void entriesItsUserRemovesMeanwhileCountAsRemovedNotAsAFailure() throws Exception {
        Session emptied = endedLongAgo(RACER);
        Session other = endedLongAgo(BYSTANDER);
        Path otherDir = madeByItsUser(other);
        Pass pass;

        try (RacingScript user = RacingScript.startAs(RACER, "delete-along.py", temp, dirOf(emptied).toString(),
                "20000", "60")) {
            pass = pass();
            assertTrue(user.awaitEnd(60), user.output());
            assertEquals("ready\n", user.output(), "the user's removal began alongside cleanup's");
        }

        assertNull(pass.thrown(), "the pass stopped");
        CleanupResult result = pass.result();
        assertEquals(List.of(), paths(result, CleanupAction.Kind.DIRECTORY_NOT_REMOVED), result.actions().toString());
        assertEquals(List.of(dirOf(emptied).toString(), otherDir.toString()),
                paths(result, CleanupAction.Kind.DIRECTORY));
        assertFalse(Files.exists(dirOf(emptied), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(otherDir, LinkOption.NOFOLLOW_LINKS));
    }
}
