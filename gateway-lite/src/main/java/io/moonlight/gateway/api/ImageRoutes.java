package io.moonlight.gateway.api;

import io.javalin.config.RoutesConfig;
import io.moonlight.core.config.ImageConfig;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import java.util.List;
import java.util.Map;

/** {@code GET /images}: the desktops a user may start, as configured (id and description only). */
public final class ImageRoutes implements ApiRoutes {
    private final Images body;

    public ImageRoutes(Map<String, ImageConfig> images) {
        this.body = new Images(images.entrySet().stream()
                .map(e -> new Image(e.getKey(), e.getValue().description()))
                .toList());
    }

    record Image(String id, String description) {
    }

    record Images(List<Image> images) {
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(GatewayServer.BASE + "/images", ctx -> ctx.json(body), Access.USER);
    }
}
