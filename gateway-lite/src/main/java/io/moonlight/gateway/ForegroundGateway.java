package io.moonlight.gateway;

import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.gateway.http.RequestLog;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway as a foreground process ({@code moonlight gateway}, the systemd unit): opens the
 * configured store, serves until SIGTERM or Ctrl-C, then stops the server (in-flight requests end),
 * closes the store and lets every thread end.
 */
public final class ForegroundGateway {
    private ForegroundGateway() {
    }

    public static void run(MoonlightConfig config, GatewayOptions options, PrintStream log) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        RequestLog events = new RequestLog(log, clock);
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), clock);
        GatewayServer server;
        try {
            server = Gateway.start(config, options, store, log, clock);
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
