package io.moonlight.gateway;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.sessions.SiteSessionService;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.gateway.http.RequestLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway as a foreground process ({@code moonlight gateway}, the systemd unit): opens the
 * configured store, serves until SIGTERM or Ctrl-C, then stops the server (in-flight requests end),
 * closes the store and lets every thread end.
 */
public final class ForegroundGateway {
    private ForegroundGateway() {
    }

    /** {@code configFile}: the configuration file the session jobs' supervisors are to read, when not the default one. */
    public static void run(MoonlightConfig config, Optional<Path> configFile, GatewayOptions options, PrintStream log)
            throws InterruptedException {
        Clock clock = Clock.systemUTC();
        RequestLog events = new RequestLog(log, clock);
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), clock);
        GatewayServer server;
        try {
            server = Gateway.start(config, options, store, SiteSessionService.open(config, configFile, store,
                    new ProcessCommandRunner(), clock, System.getenv()), log, clock);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            events.event("moonlight gateway stopping");
            try {
                server.close();
            } finally {
                store.close();
                events.event("moonlight gateway stopped");
                stopped.countDown();
            }
        }, "moonlight-gateway-stop"));
        stopped.await();
    }
}
