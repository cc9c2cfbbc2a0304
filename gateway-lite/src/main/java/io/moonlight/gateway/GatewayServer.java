package io.moonlight.gateway;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.gateway.http.AccessGuard;
import io.moonlight.gateway.http.ApiErrors;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.JettyErrors;
import io.moonlight.gateway.http.NoMethodOverride;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.http.StrictJson;
import io.moonlight.gateway.metrics.GatewayMetrics;
import io.moonlight.gateway.signaling.SignalingServer;
import io.moonlight.gateway.web.WebClient;
import jakarta.servlet.DispatcherType;
import java.net.BindException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's HTTP server (Javalin on Jetty): the routes it is given under {@link #BASE}, each
 * behind the {@link AccessGuard}, every request first through the per-address rate limit, errors
 * as one-line JSON, one log line and one metric sample per request. A request is routed by its own
 * method only ({@link NoMethodOverride}). It also serves the {@link WebClient}. The gateway's (see
 * {@link Gateway}) also owns the {@link SignalingServer} started with it on the signaling port;
 * {@link #close()} stops both and lets their threads end.
 */
public final class GatewayServer implements AutoCloseable {
    public static final String BASE = "/api/moonlight";
    private static final String UNMATCHED = "unmatched";

    private final Javalin app;
    private final GatewayMetrics metrics;
    /** Null on a server with the API only (tests of the HTTP layer). */
    private final SignalingServer signaling;

    private GatewayServer(Javalin app, GatewayMetrics metrics, SignalingServer signaling) {
        this.app = app;
        this.metrics = metrics;
        this.signaling = signaling;
    }

    public static GatewayServer start(GatewayOptions options, ClientAddress clients, RateLimits limits,
            AccessGuard guard, GatewayMetrics metrics, RequestLog log, List<ApiRoutes> routes,
            Consumer<JavalinConfig> signaling) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = 64 * 1024;
            config.http.prefer405over404 = true;
            config.jsonMapper(new StrictJson());
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(NoMethodOverride.class, "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.contextResolver.ip = clients::of;
            config.requestLogger.http((ctx, millis) -> {
                log.request(ctx, millis);
                metrics.request(ctx.method().name(), route(ctx), ctx.statusCode(),
                        Duration.ofNanos((long) (millis * 1_000_000)));
            });
            config.routes.before(limits::address);
            config.routes.beforeMatched(guard);
            ApiErrors.register(config.routes, log);
            config.router.javaLangErrorHandler((response, error) -> ApiErrors.fatal(response, error, log));
            routes.forEach(r -> r.register(config.routes));
            config.staticFiles.add(WebClient::configure);
            config.requestLogger.ws(ws -> ws.onUpgrade(log::request));
            signaling.accept(config);
        });
        try {
            app.start(options.bind(), options.apiPort());
        } catch (RuntimeException e) {
            app.stop();
            throw cannotListen(options.bind(), options.apiPort(), "--port", e);
        }
        log.event("moonlight gateway listening on http://" + options.bind() + ":" + app.port() + BASE + "/");
        return new GatewayServer(app, metrics, null);
    }

    /** This server owning the signaling server too: stopped with it. */
    GatewayServer with(SignalingServer signalingServer) {
        return new GatewayServer(app, metrics, signalingServer);
    }

    /** The port it listens on (the free one it took for port 0). */
    public int port() {
        return app.port();
    }

    /** The signaling hub's port (the free one it took for port 0). */
    public int signalingPort() {
        return signaling.port();
    }

    /** Every endpoint it answers, as {@code METHOD /path/{param}}: for checks that must cover them all. */
    public List<String> endpoints() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(handler -> handler.endpoint.method.isHttpMethod())
                .map(handler -> handler.endpoint.method.name() + " " + handler.endpoint.path)
                .toList();
    }

    @Override
    public void close() {
        if (signaling != null) {
            signaling.close();
        }
        app.stop();
        metrics.close();
    }

    /** The route template ("/api/moonlight/sessions/{id}"), so that ids in paths do not each make a series. */
    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null ? UNMATCHED : endpoint.path;
        } catch (RuntimeException none) {
            return UNMATCHED;
        }
    }

    /** The error for a port that cannot be listened on ({@code option}: the command line's option for it). */
    public static MoonlightException cannotListen(String bind, int port, String option, RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return new MoonlightException(ExitCode.UNAVAILABLE,
                        "cannot listen on " + bind + ":" + port + ": " + cause.getMessage(),
                        "choose another " + option + " or --bind, or stop what uses the port", e);
            }
        }
        throw e;
    }
}
