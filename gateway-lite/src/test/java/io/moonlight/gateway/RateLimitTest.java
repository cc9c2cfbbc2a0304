package io.moonlight.gateway;

import static io.moonlight.gateway.GatewayApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.supervisor.GatewayClient;
import io.moonlight.core.testing.MutableClock;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user and per-address rate limits on a real gateway over SQLite, as clients meet them: 429
 * with Retry-After and a JSON error for the one over its limit, everyone else served. Clients are
 * told apart by the X-Real-IP header a trusted proxy (nginx on 127.0.0.1) sets, as in production.
 * The gateway's clock stands still, so the counts are exact; the supervisor's test runs in real time.
 */
class RateLimitTest {
    private static final int PER_USER = 60;
    private static final int PER_ADDRESS = 100;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    @TempDir
    static Path dir;
    private static SessionStore store;
    private static GatewayServer server;
    private static Api api;

    @BeforeAll
    static void start() {
        server = gateway(PER_USER, "", CLOCK);
        api = new Api(server.port());
    }

    /** A gateway with these limits; {@code more}: further gateway keys. */
    private static GatewayServer gateway(int perUser, String more, Clock clock) {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n"
                + "  rate_limit:\n    per_user_per_minute: " + perUser + "\n    per_address_per_minute: " + PER_ADDRESS
                + "\n" + more);
        if (store == null) {
            store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        }
        return Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store, SiteSessions.over(config, store),
                new PrintStream(OutputStream.nullOutputStream()), clock);
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void aUserOverTheLimitGets429WhileAnotherUserIsServed() throws Exception {
        String alice = Tokens.hs256("alice", "HPC-Users");
        for (int i = 0; i < PER_USER; i++) {
            assertEquals(200, get(api, "/sessions", alice, "198.51.100.1").statusCode(), "request " + (i + 1));
        }

        HttpResponse<String> over = get(api, "/sessions", alice, "198.51.100.1");

        assertError(429, "more than " + PER_USER + " requests a minute from alice", over);
        assertEquals("1", over.headers().firstValue("Retry-After").orElse(""), "60 a minute: one more a second");
        assertError(429, "more than " + PER_USER + " requests a minute from alice",
                get(api, "/images", alice, "198.51.100.3"));
        assertEquals(200, get(api, "/sessions", Tokens.hs256("bob", "HPC-Users"), "198.51.100.2").statusCode());

        CLOCK.advance(Duration.ofSeconds(1));
        assertEquals(200, get(api, "/sessions", alice, "198.51.100.1").statusCode(), "a second later, one more");
        assertEquals(429, get(api, "/sessions", alice, "198.51.100.1").statusCode());
    }

    @Test
    void anUnauthenticatedFloodFromOneAddressGets429WhileOthersAreServed() throws Exception {
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertEquals(401, get(api, "/sessions", "forged-" + i, "203.0.113.9").statusCode(), "request " + (i + 1));
        }

        assertError(429, "more than " + PER_ADDRESS + " requests a minute from address 203.0.113.9",
                get(api, "/sessions", "forged", "203.0.113.9"));
        HttpResponse<String> probe = get(api, "/healthz", null, "203.0.113.9");
        assertError(429, "more than " + PER_ADDRESS + " requests a minute from address 203.0.113.9", probe);
        assertTrue(probe.headers().firstValue("Retry-After").isPresent());
        assertError(429, "more than", get(api, "/nothing-here", null, "203.0.113.9"));
        assertEquals(200, get(api, "/healthz", null, "203.0.113.10").statusCode());
        assertEquals(200, get(api, "/sessions", Tokens.hs256("carol", "HPC-Users"), "203.0.113.10").statusCode());
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() throws Exception {
        for (int i = 0; i < PER_ADDRESS; i++) {
            get(api, "/healthz", null, "2001:db8:5:7::" + Integer.toHexString(i + 1));
        }
        assertError(429, "more than", get(api, "/healthz", null, "2001:db8:5:7:ffff::1"));
        assertEquals(200, get(api, "/healthz", null, "2001:db8:5:8::1").statusCode());
    }

    @Test
    void aRealIpHeaderFromAnUntrustedPeerIsIgnored() throws Exception {
        try (GatewayServer untrusting = gateway(PER_USER, "  trusted_proxies: [192.0.2.1]\n", CLOCK)) {
            Api direct = new Api(untrusting.port());
            for (int i = 0; i < PER_ADDRESS; i++) {
                get(direct, "/healthz", null, "198.18.0." + (i + 1));
            }
            assertError(429, "more than " + PER_ADDRESS + " requests a minute from address 127.0.0.1",
                    get(direct, "/healthz", null, "198.18.1.1"));
        }
    }

    @Test
    void aSupervisorIsLimitedPerSessionAndWaitsOutA429() throws Exception {
        int perSession = 12;
        String token = SessionToken.generate();
        Session session = new StoredSessions().add(store, "dave", token);
        try (GatewayServer slow = gateway(perSession, "", Clock.systemUTC())) {
            GatewayClient supervisor = new GatewayClient("http://127.0.0.1:" + slow.port(), session.id(), token,
                    Duration.ofSeconds(30));
            for (int i = 0; i < perSession; i++) {
                supervisor.heartbeat();
            }
            HttpResponse<String> raw = new Api(slow.port()).send("POST", "/supervisor/sessions/" + session.id()
                    + "/heartbeat", Map.of("Authorization", "Session " + token), null);
            assertError(429, "more than " + perSession + " requests a minute from session:" + session.id(), raw);

            long before = System.nanoTime();
            supervisor.heartbeat();

            // The bucket refills one request in 5 s: a heartbeat that had not waited for Retry-After
            // would have come back at once, and one that gave up would have thrown.
            assertTrue(Duration.ofNanos(System.nanoTime() - before).toMillis() >= 2000,
                    "the supervisor waited for Retry-After");
        }
    }

    private static HttpResponse<String> get(Api api, String path, String token, String realIp) throws Exception {
        return api.send("GET", path, token == null ? Map.of("X-Real-IP", realIp)
                : Map.of("X-Real-IP", realIp, "Authorization", "Bearer " + token), null);
    }
}
