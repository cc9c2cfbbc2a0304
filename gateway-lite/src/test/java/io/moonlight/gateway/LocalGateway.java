package io.moonlight.gateway;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/** The gateway on 127.0.0.1 (free ports) over a SQLite store in a test's directory, called over HTTP. */
final class LocalGateway implements AutoCloseable {
    final MoonlightConfig config;
    final SessionStore store;
    final GatewayServer server;
    final Api api;

    private LocalGateway(MoonlightConfig config, SessionStore store, GatewayServer server) {
        this.config = config;
        this.store = store;
        this.server = server;
        this.api = new Api(server.port());
    }

    /** {@code jwt}: the one line of the {@code gateway.jwt} setting, e.g. {@code hs256_secret: ...}. */
    static LocalGateway start(Path dir, String jwt, PrintStream log) {
        return start(dir, "  jwt:\n    " + jwt + "\n", "", log, Clock.systemUTC());
    }

    /** {@code gateway}: the lines of the {@code gateway} section (indented); {@code clock}: the gateway's. */
    static LocalGateway start(Path dir, String gateway, PrintStream log, Clock clock) {
        return start(dir, gateway, "", log, clock);
    }

    /** {@code settings}: more of the configuration (YAML, whole top-level sections other than store and gateway). */
    static LocalGateway start(Path dir, String jwt, String settings, PrintStream log) {
        return start(dir, "  jwt:\n    " + jwt + "\n", settings, log, Clock.systemUTC());
    }

    /** {@code gateway}: the lines of the gateway section; {@code settings}: more top-level sections. */
    static LocalGateway start(Path dir, String gateway, String settings, PrintStream log, Clock clock) {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", settings + "store:\n  sqlite_path: " + dir.resolve("m.db")
                + "\ngateway:\n" + gateway);
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        return new LocalGateway(config, store, Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                SiteSessions.over(config, store), log, clock));
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
