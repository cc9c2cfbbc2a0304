package io.moonlight.gateway.api;

import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.UnknownSessionException;
import io.moonlight.core.store.SessionStore;
import io.moonlight.gateway.auth.User;
import java.util.List;

/**
 * Reads sessions straight from the store. Another user's session is reported exactly like a missing
 * one, so ids cannot be probed.
 */
public final class StoreSessionReader implements SessionReader {
    private final SessionStore store;

    public StoreSessionReader(SessionStore store) {
        this.store = store;
    }

    @Override
    public List<Session> list(User caller) {
        return caller.admin() ? store.list() : store.listByUser(caller.name());
    }

    @Override
    public Session show(User caller, String id) {
        SessionIds.check(id);
        return store.get(id)
                .filter(session -> caller.maySee(session.user()))
                .orElseThrow(() -> new UnknownSessionException(id));
    }
}
