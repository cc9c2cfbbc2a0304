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
 * A proven caller then takes its share of the per-caller rate limit.
 */
public final class AccessGuard implements Handler {
    private final Authenticator<User> users;
    private final Authenticator<Session> sessions;
    private final boolean metricsNeedToken;
    private final RateLimits limits;

    public AccessGuard(Authenticator<User> users, Authenticator<Session> sessions, boolean metricsNeedToken,
            RateLimits limits) {
        this.users = users;
        this.sessions = sessions;
        this.metricsNeedToken = metricsNeedToken;
        this.limits = limits;
    }

    @Override
    public void handle(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        boolean open = roles.contains(Access.PUBLIC) || (roles.contains(Access.METRICS) && !metricsNeedToken);
        if (roles.contains(Access.SESSION)) {
            limits.caller(Callers.setSession(ctx, sessions.authenticate(ctx)));
        } else if (!open) {
            limits.caller(Callers.set(ctx, users.authenticate(ctx)));
        }
    }
}
