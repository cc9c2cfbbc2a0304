package io.moonlight.gateway.api;

import io.moonlight.core.session.Session;
import io.moonlight.gateway.auth.User;
import java.util.List;

/** The sessions a user may see: all of them for an admin, else the user's own. */
public interface SessionReader {
    List<Session> list(User caller);

    /** The session, or an {@link io.moonlight.core.session.UnknownSessionException} also when it is another user's. */
    Session show(User caller, String id);
}
