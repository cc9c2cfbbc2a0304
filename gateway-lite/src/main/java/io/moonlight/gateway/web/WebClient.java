package io.moonlight.gateway.web;

import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;
import io.moonlight.gateway.http.Access;
import java.util.Map;
import java.util.Set;

/**
 * The web client: static files from the jar under {@code /moonlight/} ({@code index.html} for the
 * directory), public because they hold no secret (the page signs in to the API with the portal's
 * token). Its headers keep the page to itself: scripts, styles and requests only from its own
 * origin (which includes the same-origin signaling WebSocket), the video from a media stream,
 * no framing, no sniffing, no referrer.
 */
public final class WebClient {
    public static final String PATH = "/moonlight";
    static final String RESOURCES = "/io/moonlight/gateway/web";
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "media-src 'self' blob: mediastream:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private WebClient() {
    }

    /** For {@code config.staticFiles.add(...)}. */
    public static void configure(StaticFileConfig files) {
        files.hostedPath = PATH;
        files.directory = RESOURCES;
        files.location = Location.CLASSPATH;
        files.roles = Set.of(Access.PUBLIC);
        files.headers = Map.of(
                "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-cache");
    }
}
