package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Sessions as processes on this host (single-host sites, the demo) with the SQLite store. */
class SessionServiceLocalTest extends SessionServiceContract {
    private static final String ADMINS = "mltest-admins";

    @Override
    SessionStore openStore(MoonlightConfig config) {
        return StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.systemUTC());
    }

    @Override
    Scheduler openScheduler(MoonlightConfig config) {
        return new LocalScheduler(Path.of(config.paths().stateDir(), "local-jobs"), Duration.ofSeconds(5),
                new ProcessCommandRunner(), UserSwitch.ofThisProcess(), Clock.systemUTC());
    }

    @Override
    String configYaml() {
        return "";
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
        local.run(ExternalCommand.of("usermod", "-a", "-G", ADMINS, "mltest")).orFail("usermod", null);
        MoonlightConfig withAdmins = ConfigLoader.parse("test", "paths:\n  session_root: " + sessionRoot
                + "\n  state_dir: " + config.paths().stateDir() + "\nsessions:\n  admin_group: " + ADMINS + "\n");
        SessionService admins = serviceWith(withAdmins, scheduler);

        Session session = admins.start("mltest", request(USER));

        assertEquals(USER, session.user());
        assertEquals(SessionState.ENDED, admins.stop("mltest", session.id()).state());
        assertThrows(MoonlightException.class, () -> service.start("mltest", request(USER)));
    }
}
