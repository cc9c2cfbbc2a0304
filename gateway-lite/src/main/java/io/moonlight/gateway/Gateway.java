package io.moonlight.gateway;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.sessions.SupervisorReports;
import io.moonlight.core.store.SessionStore;
import io.moonlight.gateway.api.HealthRoutes;
import io.moonlight.gateway.api.ImageRoutes;
import io.moonlight.gateway.api.MetricsRoutes;
import io.moonlight.gateway.api.SessionRoutes;
import io.moonlight.gateway.api.ShareRoutes;
import io.moonlight.gateway.api.SupervisorRoutes;
import io.moonlight.gateway.auth.JwtAuthenticator;
import io.moonlight.gateway.auth.SessionTokenAuthenticator;
import io.moonlight.gateway.http.AccessGuard;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import io.moonlight.gateway.signaling.Admission;
import io.moonlight.gateway.signaling.IceServers;
import io.moonlight.gateway.signaling.RedisSignalingBus;
import io.moonlight.gateway.signaling.SignalingBus;
import io.moonlight.gateway.signaling.SignalingHub;
import io.moonlight.gateway.signaling.SignalingServer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;

/**
 * The gateway as the configuration describes it, over an open session store and the session services
 * on it: the API on the API port and the signaling hub on the signaling port, started and stopped together.
 */
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
        JwtAuthenticator users = JwtAuthenticator.from(config.gateway());
        SessionTokenAuthenticator sessionTokens = new SessionTokenAuthenticator(store);
        AccessGuard guard = new AccessGuard(users, sessionTokens, config.gateway().metricsNeedToken(), limits);
        GatewayMetrics metrics = new GatewayMetrics();
        RequestLog requestLog = new RequestLog(log, clock);
        ClientAddress clients = new ClientAddress(config.gateway().trustedProxies());
        List<ApiRoutes> routes = List.of(
                new HealthRoutes(store, config.store().type()),
                new MetricsRoutes(metrics, store),
                new ImageRoutes(config.images()),
                new SessionRoutes(sessions.lookup(), sessions.launcher(), sessions.stopper(), sessions.pairing(),
                        config.supervisor().runsSunshine()),
                new ShareRoutes(sessions.sharing(config.gateway().adminsJoinSessions())),
                new SupervisorRoutes(new SupervisorReports(store), config.supervisor().runsSunshine()));
        SignalingServer signaling;
        SignalingHub hub;
        try {
            hub = new SignalingHub(new Admission(users, sessionTokens, store,
                    config.gateway().adminsJoinSessions(),
                    config.gateway().adminsWatchSessions(), clock), IceServers.of(config, clock),
                    bus(config, options, metrics, requestLog), metrics, requestLog, clock);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        try {
            signaling = SignalingServer.start(options.bind(), options.signalingPort(), clients, limits,
                    config.gateway().allowedOrigins(), hub, requestLog);
        } catch (RuntimeException e) {
            // The hub's bus holds Redis connections and threads of its own.
            hub.close();
            metrics.close();
            throw e;
        }
        try {
            return GatewayServer.start(options, clients, limits, guard, metrics, requestLog, routes,
                    SignalingServer.routes(limits, config.gateway().allowedOrigins(), hub)).with(signaling);
        } catch (RuntimeException e) {
            signaling.close();
            metrics.close();
            throw e;
        }
    }

    /** With the Redis store, the gateways of that Redis are one hub; with SQLite, the gateway is alone. */
    private static SignalingBus bus(MoonlightConfig config, GatewayOptions options, GatewayMetrics metrics,
            RequestLog log) {
        if (!config.store().type().equals("redis")) {
            return SignalingBus.alone();
        }
        return RedisSignalingBus.open(config.store().redis(),
                config.gateway().instanceIdOr(hostName(), options.signalingPort()), metrics, log);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
