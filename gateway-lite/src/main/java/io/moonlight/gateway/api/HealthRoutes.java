package io.moonlight.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.store.SessionStore;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;

/** {@code GET /healthz}: 200 when the session store answers, 503 with the reason when it does not. */
public final class HealthRoutes implements ApiRoutes {
    private final SessionStore store;
    private final String storeType;

    public HealthRoutes(SessionStore store, String storeType) {
        this.store = store;
        this.storeType = storeType;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Health(String status, String store, boolean storeReachable, String error, String hint) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(GatewayServer.BASE + "/healthz", this::health, Access.PUBLIC);
    }

    private void health(Context ctx) {
        try {
            store.get(SessionIds.NEVER_ISSUED);
            ctx.json(new Health("ok", storeType, true, null, null));
        } catch (MoonlightException e) {
            ctx.status(503).json(new Health("unavailable", storeType, false, e.getMessage(), e.hint().orElse(null)));
        }
    }
}
