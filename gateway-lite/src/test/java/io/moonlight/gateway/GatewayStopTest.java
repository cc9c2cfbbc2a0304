package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the gateway ends every thread it started, so the process can end without System.exit. */
class GatewayStopTest {
    @TempDir
    Path dir;

    @Test
    void closeLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
        try (SessionStore store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC())) {
            GatewayServer server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                    SiteSessions.over(config, store),
                    new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
            Api api = new Api(server.port());
            assertEquals(200, api.get("/sessions", Tokens.hs256("alice", "HPC-Users")).statusCode());
            assertEquals(200, api.get("/metrics", null).statusCode());
            server.close();
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<String> left = newLiveThreads(before);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            left = newLiveThreads(before);
        }
        assertEquals(List.of(), left);
    }

    /** Non-daemon threads started since {@code before}: the ones that would keep the JVM alive. */
    private static List<String> newLiveThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon())
                .map(Thread::getName)
                .toList();
    }
}
