package io.moonlight.gateway;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.sessions.SupervisorReports;
import io.moonlight.core.store.SessionStore;
import io.moonlight.gateway.api.HealthRoutes;
import io.moonlight.gateway.api.ImageRoutes;
import io.moonlight.gateway.api.MetricsRoutes;
import io.moonlight.gateway.api.SessionRoutes;
import io.moonlight.gateway.api.SupervisorRoutes;
import io.moonlight.gateway.auth.JwtAuthenticator;
import io.moonlight.gateway.auth.SessionTokenAuthenticator;
import io.moonlight.gateway.http.AccessGuard;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/** The gateway as the configuration describes it, over an open session store and the session services on it. */
public final class Gateway {
    private Gateway() {
    }

    /**
     * Starts the gateway; the caller keeps owning the store (the one {@code sessions} works on) and
     * closes it after the server.
     */
    public static GatewayServer start(MoonlightConfig config, GatewayOptions options, SessionStore store,
            SiteSessionService sessions, PrintStream log, Clock clock) {
        RateLimits limits = new RateLimits(config.gateway().rateLimit(), clock);
        AccessGuard guard = new AccessGuard(JwtAuthenticator.from(config.gateway()),
                new SessionTokenAuthenticator(store), config.gateway().metricsNeedToken(), limits);
        GatewayMetrics metrics = new GatewayMetrics();
        List<ApiRoutes> routes = List.of(
                new HealthRoutes(store, config.store().type()),
                new MetricsRoutes(metrics, store),
                new ImageRoutes(config.images()),
                new SessionRoutes(sessions.lookup(), sessions.launcher(), sessions.stopper(), sessions.pairing(),
                        config.supervisor().runsSunshine()),
                new SupervisorRoutes(new SupervisorReports(store), config.supervisor().runsSunshine()));
        try {
            return GatewayServer.start(options, new ClientAddress(config.gateway().trustedProxies()), limits, guard,
                    metrics, new RequestLog(log, clock), routes);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }
}
