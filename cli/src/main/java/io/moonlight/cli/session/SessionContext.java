package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.scheduler.SchedulerFactory;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.sessions.SessionService;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/**
 * What a session command works with: the service over the configured store and scheduler, and the
 * caller (the login this command runs as). Closing it closes the store.
 */
final class SessionContext implements AutoCloseable {
    /** Set by the moonlight launcher to its own path: the command session jobs run. */
    static final String LAUNCHER_VARIABLE = "MOONLIGHT_LAUNCHER";

    private final SessionStore store;
    private final SessionService service;
    private final String caller;

    private SessionContext(SessionStore store, SessionService service, String caller) {
        this.store = store;
        this.service = service;
        this.caller = caller;
    }

    static SessionContext open(Cli cli) {
        MoonlightConfig config = cli.config();
        UserSwitch users = UserSwitch.ofThisProcess();
        CommandRunner runner = cli.runner(null);
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), cli.clock());
        SessionService service = new SessionService(config, store,
                SchedulerFactory.of(config, runner, users, cli.clock()), runner, users, cli.renderer(), cli.clock(),
                new SessionIds(cli.clock(), new SecureRandom()), () -> launcher(config, System.getenv()),
                cli.configSource().file());
        return new SessionContext(store, service, users.currentUser());
    }

    /** sessions.launcher, else the launcher running this command. */
    static Path launcher(MoonlightConfig config, Map<String, String> env) {
        if (!config.sessions().launcher().isEmpty()) {
            return Path.of(config.sessions().launcher());
        }
        String running = env.get(LAUNCHER_VARIABLE);
        if (running == null || running.isBlank()) {
            throw MoonlightException.badInput("no moonlight launcher for the session job",
                    "set sessions.launcher to the moonlight command on the nodes, e.g. /opt/moonlight/bin/moonlight");
        }
        return Path.of(running);
    }

    SessionService service() {
        return service;
    }

    String caller() {
        return caller;
    }

    @Override
    public void close() {
        store.close();
    }
}
