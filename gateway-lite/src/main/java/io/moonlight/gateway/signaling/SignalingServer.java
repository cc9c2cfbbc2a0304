package io.moonlight.gateway.signaling;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.Names;
import io.moonlight.gateway.GatewayServer;
import io.moonlight.gateway.auth.AuthFailure;
import io.moonlight.gateway.http.ApiErrors;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.JettyErrors;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The signaling hub's WebSocket server: a Javalin of its own on the signaling port, answering
 * {@link #PATH} only. Before the upgrade a request takes its share of the per-address rate limit,
 * may carry no query string (credentials never travel in a URL, which proxies log), and, when it
 * carries an Origin (it comes from a web page), that Origin must be one of
 * {@code gateway.allowed_origins}: cross-site WebSocket hijacking is refused before the upgrade.
 * {@link #close()} closes the hub's connections (1012), then stops the server.
 */
public final class SignalingServer implements AutoCloseable {
    public static final String PATH = "/moonlight/signaling";
    /**
     * The WebSocket layer's own limit on a message: above the protocol's 64 KiB so that a message
     * a little over is answered with an {@code error}; one beyond this closes the connection (1009).
     */
    private static final int FRAME_LIMIT = 256 * 1024;
    /** Beyond the hub's 60 s of silence: the hub closes idle connections itself, with its own code. */
    private static final Duration SOCKET_IDLE_TIMEOUT = SignalingHub.IDLE_TIME.multipliedBy(2);
    private static final String ADDRESS = "moonlight.signaling-address";

    private final Javalin app;
    private final SignalingHub hub;

    private SignalingServer(Javalin app, SignalingHub hub) {
        this.app = app;
        this.hub = hub;
    }

    /** Listens on {@code bind}:{@code port} (0: any free port); bad input naming the port when it is taken. */
    public static SignalingServer start(String bind, int port, ClientAddress clients, RateLimits limits,
            List<String> allowedOrigins, SignalingHub hub, RequestLog log) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.contextResolver.ip = clients::of;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.requestLogger.ws(ws -> ws.onUpgrade(log::request));
            ApiErrors.register(config.routes, log);
            routes(limits, allowedOrigins, hub).accept(config);
        });
        try {
            app.start(bind, port);
        } catch (RuntimeException e) {
            app.stop();
            hub.close();
            throw GatewayServer.cannotListen(bind, port, "--signaling-port", e);
        }
        log.event("moonlight signaling hub listening on ws://" + bind + ":" + app.port() + PATH);
        return new SignalingServer(app, hub);
    }

    /**
     * The hub's WebSocket at {@link #PATH} with its checks before the upgrade, for a server's
     * configuration: this server's, and the API server's, so that a gateway reached without nginx
     * (the demo) answers the web client's same-origin signaling too.
     */
    public static Consumer<JavalinConfig> routes(RateLimits limits, List<String> allowedOrigins, SignalingHub hub) {
        return config -> {
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(FRAME_LIMIT);
                factory.setMaxBinaryMessageSize(FRAME_LIMIT);
                factory.setMaxFrameSize(FRAME_LIMIT);
                factory.setIdleTimeout(SOCKET_IDLE_TIMEOUT);
            });
            config.routes.wsBeforeUpgrade(PATH, ctx -> {
                limits.address(ctx);
                checkUpgrade(ctx, allowedOrigins);
                ctx.attribute(ADDRESS, ctx.ip());
            });
            config.routes.ws(PATH, ws -> {
                ws.onConnect(ctx -> hub.connected(ctx, ctx.attribute(ADDRESS), ctx.header("Origin") != null));
                ws.onMessage(hub::received);
                ws.onBinaryMessage(hub::receivedBinary);
                ws.onClose(hub::closed);
            });
        };
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        hub.close();
        app.stop();
    }

    private static void checkUpgrade(Context ctx, List<String> allowedOrigins) {
        if (ctx.queryString() != null) {
            throw MoonlightException.badInput("the signaling URL takes no query string",
                    "connect to " + PATH + " and send the credentials in the hello message (docs/streaming.md)");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigins.contains(origin)) {
            throw AuthFailure.forbidden("pages from " + Names.printable(origin) + " may not open signaling connections",
                    "list the web client's origin in gateway.allowed_origins");
        }
    }
}
