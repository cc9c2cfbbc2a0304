package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.LocalScheduler;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionConflictException;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testing.FakeSunshineWebUi;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.UserDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sessions as processes on this host (single-host sites, the demo) with the SQLite store. */
class SessionServiceLocalTest extends SessionServiceContract {
    private static final String ADMINS = "mltest-admins";
    private final int webUiPort = freePort();

    @Override
    SessionStore openStore(MoonlightConfig config) {
        return StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.systemUTC());
    }

    @Override
    Scheduler openScheduler(MoonlightConfig config) {
        return new LocalScheduler(config.paths().stateDir().resolve("local-jobs"), Duration.ofSeconds(5),
                new ProcessCommandRunner(), UserSwitch.ofThisProcess(), Clock.systemUTC());
    }

    @Override
    String configYaml() {
        return "sunshine:\n  base_port: " + (webUiPort - 1) + "\n";
    }

    @Override
    void cancelExternally(String jobId) {
        new ProcessCommandRunner().run(ExternalCommand.of("kill", "-TERM", jobId));
    }

    @Test
    void membersOfTheAdminGroupMayStartSessionsForOthers() throws Exception {
        ProcessCommandRunner local = new ProcessCommandRunner();
        if (!local.run(ExternalCommand.of("getent", "group", ADMINS).asReadOnly()).succeeded()) {
            local.run(ExternalCommand.of("groupadd", ADMINS)).orFail("groupadd", null);
        }
        LocalUsers.ensure("mltest");
        local.run(ExternalCommand.of("usermod", "-a", "-G", ADMINS, "mltest")).orFail("usermod", null);
        MoonlightConfig withAdmins = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot
                + "\n  state_dir: " + config.paths().stateDir() + "\nsessions:\n  admin_group: " + ADMINS + "\n");
        SiteSessionService admins = serviceWith(withAdmins, scheduler);

        Session session = admins.launcher().start(admins.caller("mltest"), request(USER));

        assertEquals(USER, session.user());
        assertEquals(SessionState.ENDED, admins.stopper().stop(admins.caller("mltest"), session.id()).state());
        assertThrows(MoonlightException.class, () -> service.launcher().start(service.caller("mltest"), request(USER)));
    }

    @Test
    void aSiteWithoutSunshineShowsNoMoonlightAddressAndRefusesToPair() throws Exception {
        MoonlightConfig noSunshine = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot
                + "\n  state_dir: " + config.paths().stateDir() + "\nsupervisor:\n  runtime: host\n  sunshine: []\n");
        SiteSessionService site = serviceWith(noSunshine, scheduler);
        String id = site.launcher().start(site.caller("root"), request(USER)).id();
        Session started = awaitState(id, SessionState.STARTING);
        store.claimLease(id, started.node().orElseThrow(), FreeDisplays.ALL);
        store.transition(id, SessionState.STARTING, SessionState.READY, "");

        SessionDetails details = site.queries().show(site.caller("root"), id);
        assertFalse(details.sunshine());
        assertTrue(details.moonlightAddress().isEmpty(), details.toString());
        assertTrue(details.webUiPort().isEmpty(), details.toString());
        assertTrue(service.queries().show(service.caller("root"), id).sunshine(), "the default site runs Sunshine");
        MoonlightException pair = assertThrows(MoonlightException.class, () -> site.pairing().pair(site.caller("root"), id, "1234"));
        assertEquals("session " + id + " runs no Sunshine to pair with: supervisor.sunshine is empty", pair.getMessage());
        assertEquals(SessionState.ENDED, site.stopper().stop(site.caller("root"), id).state());
    }

    @Test
    void pairHandsThePinToTheSessionsSunshineWithItsOwnLogin() throws Exception {
        Session session = service.launcher().start(service.caller("root"), request(USER));
        String id = session.id();
        Session started = awaitState(id, SessionState.STARTING);
        MoonlightException notReady = assertThrows(MoonlightException.class, () -> service.pairing().pair(service.caller("root"), id, "1234"));
        assertEquals("session " + id + " is STARTING, not READY: no Sunshine to pair with", notReady.getMessage());
        // What the supervisor will do: claim the ports, start Sunshine, report READY.
        store.claimLease(id, started.node().orElseThrow(), FreeDisplays.ALL);
        store.transition(id, SessionState.STARTING, SessionState.READY, "");
        SessionPaths paths = SessionPaths.of(config.paths(), USER, id);
        MoonlightException noLogin = assertThrows(MoonlightException.class, () -> service.pairing().pair(service.caller("root"), id, "1234"));
        assertEquals("session " + id + " has no web-ui-credentials.json (" + paths.sunshineLogin() + ")", noLogin.getMessage());

        try (FakeSunshineWebUi sunshine = FakeSunshineWebUi.start(temp, webUiPort, "sunshine", "s3cret")) {
            UserDirs.writePrivate(paths.sunshineLogin(), "{\"user\":\"sunshine\",\"password\":\"s3cret\"}", USER);
            UserDirs.writePrivate(paths.sunshineCertificate(), sunshine.certificatePem(), USER);

            MoonlightException badPin = assertThrows(MoonlightException.class, () -> service.pairing().pair(service.caller("root"), id, "12a4"));
            assertEquals(ExitCode.USAGE, badPin.exitCode());
            MoonlightException nobody = assertThrows(MoonlightException.class, () -> service.pairing().pair(service.caller("root"), id, "1234"));
            assertEquals("no Moonlight client is waiting to pair with session " + id, nobody.getMessage());

            sunshine.clientWaiting(true);
            service.pairing().pair(service.caller("root"), id, "4321");
            assertEquals(1, sunshine.acceptedPins().size());
            assertTrue(sunshine.acceptedPins().get(0).contains("\"pin\":\"4321\""), sunshine.acceptedPins().toString());
            assertTrue(sunshine.acceptedPins().get(0).contains("\"name\":\"" + USER + "\""), sunshine.acceptedPins().toString());

            UserDirs.writePrivate(paths.sunshineLogin(), "{\"user\":\"sunshine\",\"password\":\"guess\"}", USER);
            MoonlightException refused = assertThrows(MoonlightException.class, () -> service.pairing().pair(service.caller("root"), id, "4321"));
            assertEquals("Sunshine of session " + id + " refused the session's web UI login", refused.getMessage());

            // A server showing another certificate than the session's never gets the login or the PIN.
            String another;
            try (FakeSunshineWebUi impostor = FakeSunshineWebUi.start(Files.createDirectory(temp.resolve("impostor")),
                    freePort(), "sunshine", "s3cret")) {
                another = impostor.certificatePem();
            }
            UserDirs.writePrivate(paths.sunshineLogin(), "{\"user\":\"sunshine\",\"password\":\"s3cret\"}", USER);
            UserDirs.writePrivate(paths.sunshineCertificate(), another, USER);
            MoonlightException untrusted = assertThrows(MoonlightException.class,
                    () -> service.pairing().pair(service.caller("root"), id, "4321"));
            assertEquals(ExitCode.UNAVAILABLE, untrusted.exitCode(), untrusted.getMessage());
            assertEquals(1, sunshine.acceptedPins().size(), sunshine.acceptedPins().toString());
        }
        MoonlightException unreachable = assertThrows(MoonlightException.class, () -> service.pairing().pair(service.caller("root"), id, "4321"));
        assertEquals(ExitCode.UNAVAILABLE, unreachable.exitCode());
        assertTrue(unreachable.getMessage().startsWith("Sunshine of session " + id + " at vm:" + webUiPort
                + " is unreachable"), unreachable.getMessage());
    }

    private static int freePort() {
        try {
            return RedisServer.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aUsersDirectoryThatIsALinkOrWritableByOthersRefusesTheStart() throws Exception {
        Path userDir = sessionRoot.resolve("sunshine_" + USER);
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Files.createSymbolicLink(userDir, elsewhere);
        assertRefused(userDir + " is a symbolic link (owner root), not " + USER + "'s directory");
        Files.delete(userDir);

        asUser(USER, "mkdir", "-m", "0770", userDir.toString());
        assertRefused(userDir + " (mode 0770) may be written by others than " + USER);
        asUser(USER, "chmod", "0750", userDir.toString());

        assertEquals(SessionState.ENDED, service.stopper().stop(service.caller("root"),
                service.launcher().start(service.caller("root"), request(USER)).id()).state());
    }

    @Test
    void aSessionRootEveryoneMayWriteNeedsTheStickyBit() throws Exception {
        new ProcessCommandRunner().run(ExternalCommand.of("chmod", "0777", sessionRoot.toString())).orFail("chmod", null);

        MoonlightException e = assertThrows(MoonlightException.class,
                () -> service.launcher().start(service.caller("root"), request(USER)));

        assertEquals("the session root " + sessionRoot + " (mode 0777) lets every user rename the directories in it",
                e.getMessage());
        assertEquals("chmod +t " + sessionRoot + " (as /tmp and /scratch are) or let only root write it",
                e.hint().orElseThrow());
        assertNothingWritten();
    }

    @Test
    void aMissingUsersDirectoryIsCreatedByTheUserPrivate() throws Exception {
        Session session = service.launcher().start(service.caller("root"), request(USER));

        Path userDir = sessionRoot.resolve("sunshine_" + USER);
        assertEquals(USER, Files.getOwner(userDir, LinkOption.NOFOLLOW_LINKS).getName());
        assertEquals("rwx------", mode(userDir));
        service.stopper().stop(service.caller("root"), session.id());
    }

    private void assertRefused(String message) {
        SessionConflictException e = assertThrows(SessionConflictException.class,
                () -> service.launcher().start(service.caller("root"), request(USER)));
        assertEquals(message, e.getMessage());
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), activeJobIds());
    }
}
