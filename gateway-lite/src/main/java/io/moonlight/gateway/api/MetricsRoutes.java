package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.metrics.GatewayMetrics;

/** {@code GET /metrics} in Prometheus' text format. */
public final class MetricsRoutes implements ApiRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final GatewayMetrics metrics;
    private final SessionStore store;

    public MetricsRoutes(GatewayMetrics metrics, SessionStore store) {
        this.metrics = metrics;
        this.store = store;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(GatewayServer.BASE + "/metrics",
                ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape(store)), Access.METRICS);
    }
}
