package io.moonlight.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.security.RouteRole;
import io.moonlight.core.session.Session;
import io.moonlight.gateway.auth.Authenticator;
import io.moonlight.gateway.auth.User;
import java.util.Set;

/**
 * Runs before every matched endpoint and lets the request through only as its {@link Access} says.
 * An endpoint that declares no access needs a user, so a forgotten declaration fails closed. A
 * session's token opens only that session's supervisor endpoints; the portal's JWT opens none of them.
 */
public final class AccessGuard implements Handler {
    private final Authenticator<User> users;
    private final Authenticator<Session> sessions;
    private final boolean metricsNeedToken;

    public AccessGuard(Authenticator<User> users, Authenticator<Session> sessions, boolean metricsNeedToken) {
        this.users = users;
        this.sessions = sessions;
        this.metricsNeedToken = metricsNeedToken;
    }

    @Override
    public void handle(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        boolean open = roles.contains(Access.PUBLIC) || (roles.contains(Access.METRICS) && !metricsNeedToken);
        if (roles.contains(Access.SESSION)) {
            Callers.setSession(ctx, sessions.authenticate(ctx));
        } else if (!open) {
            Callers.set(ctx, users.authenticate(ctx));
        }
    }
}
