package io.moonlight.cli.session;

import io.moonlight.cli.Cli;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.sessions.Caller;
import io.moonlight.core.sessions.SessionService;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;

/**
 * What a session command works with: the service over the configured store and scheduler, and the
 * caller (the login this command runs as). Closing it closes the store.
 */
final class SessionContext implements AutoCloseable {
    private final SessionStore store;
    private final SessionService service;
    private final Caller caller;

    private SessionContext(SessionStore store, SessionService service, Caller caller) {
        this.store = store;
        this.service = service;
        this.caller = caller;
    }

    static SessionContext open(Cli cli) {
        MoonlightConfig config = cli.config();
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), cli.clock());
        SessionService service = SiteSessionService.open(config, cli.configSource().file(), store, cli.runner(),
                cli.clock(), System.getenv());
        return new SessionContext(store, service, service.caller(UserSwitch.ofThisProcess().currentUser()));
    }

    SessionService service() {
        return service;
    }

    Caller caller() {
        return caller;
    }

    @Override
    public void close() {
        store.close();
    }
}
