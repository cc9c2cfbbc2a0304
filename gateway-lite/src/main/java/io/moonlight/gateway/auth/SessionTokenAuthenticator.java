package io.moonlight.gateway.auth;

import io.javalin.http.Context;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import java.util.Optional;

/**
 * Lets a session's supervisor in with the session's own token, {@code Authorization: Session TOKEN},
 * for the session named in the path only. The token is compared with the stored hash in constant
 * time; a missing session is checked against a hash no token has, so that the answer (401 either
 * way) and its timing do not tell whether a session id exists. The portal's JWT is refused here.
 */
public final class SessionTokenAuthenticator implements Authenticator<Session> {
    private static final String PREFIX = "Session ";
    private static final String HINT = "send the session's token from its token file as 'Authorization: Session TOKEN'";
    private static final String NO_SESSION_HASH = SessionToken.hash("");
    private final SessionStore store;

    public SessionTokenAuthenticator(SessionStore store) {
        this.store = store;
    }

    @Override
    public Session authenticate(Context request) {
        String header = request.header("Authorization");
        if (header == null || header.isBlank()) {
            throw AuthFailure.unauthorizedSession("no session token", HINT);
        }
        if (!header.startsWith(PREFIX)) {
            throw AuthFailure.unauthorizedSession("supervisor endpoints take a session token, not "
                    + header.split(" ", 2)[0].replaceAll("[^A-Za-z0-9-]", "?"), HINT);
        }
        return sessionOf(request.pathParam("id"), header.substring(PREFIX.length()).strip());
    }

    /** The session {@code id} when {@code token} is its token, wherever the two came from (a request, a signaling hello). */
    public Session sessionOf(String id, String token) {
        Optional<Session> session = store.get(SessionIds.check(id));
        boolean matches = SessionToken.matches(token, session.map(Session::tokenHash).orElse(NO_SESSION_HASH));
        if (session.isEmpty() || !matches) {
            throw AuthFailure.unauthorizedSession("the session token is not the one of session " + id, HINT);
        }
        return session.get();
    }
}
