package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway over a real redis-server: health follows the store (200, 503 while Redis is down, 200
 * again after it is back), and /metrics is Prometheus text with request counts by route, JVM
 * metrics and the sessions by state.
 */
@ServiceTest
class RedisHealthAndMetricsTest {
    /** One sample line of the text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)");

    @TempDir
    Path dir;

    @Test
    void healthAndMetricsFollowTheStore() throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  type: redis\n  redis:\n    port: "
                    + redis.port() + "\ngateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
            try (SessionStore store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
                    GatewayServer server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                            SiteSessions.over(config, store),
                            new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC())) {
                Api api = new Api(server.port());
                StoredSessions sessions = new StoredSessions();
                sessions.add(store, "alice");
                sessions.add(store, "bob");
                store.transition(sessions.add(store, "carol").id(), io.moonlight.core.session.SessionState.PENDING,
                        io.moonlight.core.session.SessionState.STARTING, "");

                HttpResponse<String> healthy = api.get("/healthz", null);
                assertEquals(200, healthy.statusCode(), healthy.body());
                assertEquals("redis", new ObjectMapper().readTree(healthy.body()).get("store").asText());
                for (int i = 0; i < 3; i++) {
                    api.get("/sessions", Tokens.hs256("alice", "HPC-Users"));
                }
                api.get("/sessions/ml-alice-20250101120000-abcdef", Tokens.hs256("alice", "HPC-Users"));

                HttpResponse<String> scraped = api.get("/metrics", null);
                assertEquals(200, scraped.statusCode());
                assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                Map<String, Double> metrics = parse(scraped.body());
                assertEquals(3.0, metrics.get(
                        "moonlight_http_requests_seconds_count{method=\"GET\",route=\"/api/moonlight/sessions\",status=\"200\"}"));
                assertEquals(1.0, metrics.get("moonlight_http_requests_seconds_count{method=\"GET\","
                        + "route=\"/api/moonlight/sessions/{id}\",status=\"404\"}"));
                assertEquals(2.0, metrics.get("moonlight_sessions{state=\"PENDING\"}"));
                assertEquals(1.0, metrics.get("moonlight_sessions{state=\"STARTING\"}"));
                assertEquals(0.0, metrics.get("moonlight_sessions{state=\"READY\"}"));
                assertEquals(1.0, metrics.get("moonlight_store_up"));
                assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")));
                assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("jvm_threads_live_threads")));

                redis.stop();
                HttpResponse<String> down = api.get("/healthz", null);
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("\"store_reachable\":false"), down.body());
                assertFalse(down.body().contains("\tat "));
                Map<String, Double> whileDown = parse(api.get("/metrics", null).body());
                assertEquals(0.0, whileDown.get("moonlight_store_up"));
                assertTrue(whileDown.get("moonlight_sessions{state=\"PENDING\"}").isNaN());
                GatewayApiTest.assertError(503, "Redis", api.get("/sessions", Tokens.hs256("alice", "HPC-Users")));

                redis.restart();
                assertEquals(200, api.get("/healthz", null).statusCode());
            }
        }
    }

    /** Every sample of a Prometheus text exposition; fails on a line that is neither a sample nor a comment. */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return samples;
    }
}
