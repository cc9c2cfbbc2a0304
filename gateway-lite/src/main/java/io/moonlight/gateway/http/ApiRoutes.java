package io.moonlight.gateway.http;

import io.javalin.config.RoutesConfig;

/** A group of endpoints under {@link io.moonlight.gateway.GatewayServer#BASE}, each with its {@link Access}. */
public interface ApiRoutes {
    void register(RoutesConfig routes);
}
