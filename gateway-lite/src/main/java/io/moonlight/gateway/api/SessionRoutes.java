package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.moonlight.core.session.Session;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.Callers;
import java.util.List;

/** {@code GET /sessions} and {@code GET /sessions/{id}}: the caller's sessions (an admin's: all). */
public final class SessionRoutes implements ApiRoutes {
    private final SessionReader sessions;
    private final boolean sunshine;

    /** {@code sunshine}: whether the site's sessions run Sunshine ({@code supervisor.sunshine} not empty). */
    public SessionRoutes(SessionReader sessions, boolean sunshine) {
        this.sessions = sessions;
        this.sunshine = sunshine;
    }

    record Sessions(List<SessionView> sessions) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(GatewayServer.BASE + "/sessions", this::list, Access.USER);
        routes.get(GatewayServer.BASE + "/sessions/{id}", this::show, Access.USER);
    }

    private void list(Context ctx) {
        ctx.json(new Sessions(sessions.list(Callers.user(ctx)).stream().map(this::view).toList()));
    }

    private void show(Context ctx) {
        ctx.json(view(sessions.show(Callers.user(ctx), ctx.pathParam("id"))));
    }

    private SessionView view(Session session) {
        return SessionView.of(session).withSunshine(sunshine);
    }
}
