package io.moonlight.gateway.auth;

import io.javalin.http.Context;

/**
 * Proves who sent a request. The portal's users come through {@link JwtAuthenticator}; a session's
 * supervisor (and agent) prove their session with its own token through {@link SessionTokenAuthenticator}.
 *
 * @param <P> what a successful check proves (a user, a session)
 */
public interface Authenticator<P> {
    /** The principal behind the request's credentials, or an {@link AuthFailure}. */
    P authenticate(Context request);
}
