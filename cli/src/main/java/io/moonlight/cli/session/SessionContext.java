package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.sessions.Caller;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;

/**
 * What a session command works with: the site's session services over the configured store and
 * scheduler (each command uses its own part), and the caller (the login this command runs as).
 * Open it only after checking the command's options: bad input is refused before any service is
 * asked. Closing it closes the store.
 */
final class SessionContext implements AutoCloseable {
    private final SessionStore store;
    private final SiteSessionService sessions;
    private final Caller caller;

    private SessionContext(SessionStore store, SiteSessionService sessions, Caller caller) {
        this.store = store;
        this.sessions = sessions;
        this.caller = caller;
    }

    static SessionContext open(Cli cli) {
        MoonlightConfig config = cli.config();
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), cli.clock());
        SiteSessionService sessions = SiteSessionService.open(config, cli.configSource().file(), store,
                cli.runner(), cli.clock(), System.getenv());
        return new SessionContext(store, sessions, sessions.caller(UserSwitch.ofThisProcess().currentUser()));
    }

    SiteSessionService sessions() {
        return sessions;
    }

    Caller caller() {
        return caller;
    }

    @Override
    public void close() {
        store.close();
    }
}
