package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.Callers;
import java.util.List;

/** {@code GET /sessions} and {@code GET /sessions/{id}}: the caller's sessions (an admin's: all). */
public final class SessionRoutes implements ApiRoutes {
    private final SessionReader sessions;

    public SessionRoutes(SessionReader sessions) {
        this.sessions = sessions;
    }

    record Sessions(List<SessionView> sessions) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(GatewayServer.BASE + "/sessions", this::list, Access.USER);
        routes.get(GatewayServer.BASE + "/sessions/{id}", this::show, Access.USER);
    }

    private void list(Context ctx) {
        ctx.json(new Sessions(sessions.list(Callers.user(ctx)).stream().map(SessionView::of).toList()));
    }

    private void show(Context ctx) {
        ctx.json(SessionView.of(sessions.show(Callers.user(ctx), ctx.pathParam("id"))));
    }
}
