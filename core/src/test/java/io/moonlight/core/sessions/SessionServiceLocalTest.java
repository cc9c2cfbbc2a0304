package io.moonlight.core.sessions;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.config.StoreConfig;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.LocalScheduler;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Sessions as processes on this host (single-host sites, the demo) with the SQLite store. */
class SessionServiceLocalTest extends SessionServiceContract {
    private LocalScheduler local;

    @Override
    SessionStore openStore(MoonlightConfig config) {
        return StoreFactory.open(new StoreConfig("sqlite", config.store().sqlitePath(), null), config.sunshine(),
                Clock.systemUTC());
    }

    @Override
    Scheduler openScheduler(MoonlightConfig config) {
        local = new LocalScheduler(Path.of(config.paths().stateDir(), "local-jobs"), Duration.ofSeconds(5),
                new ProcessCommandRunner(), UserSwitch.ofThisProcess(), Clock.systemUTC());
        return local;
    }

    @Override
    String configYaml() {
        return "";
    }

    @Override
    void cancelExternally(String jobId) {
        new ProcessCommandRunner().run(ExternalCommand.of("kill", "-TERM", jobId));
    }
}
