package io.moonlight.gateway;

import static io.moonlight.gateway.GatewayApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RS256 with keys from the portal's JWKS URL, served by a local HTTP server: keys are cached, a
 * rotated-in key is fetched when a token names it, an unknown key id is a bad token, and an
 * unreachable JWKS URL is 503.
 */
class JwksTokenTest {
    @TempDir
    Path dir;

    @Test
    void keysAreCachedAndRotatedInOnDemand() throws Exception {
        RsaKeys first = RsaKeys.generate("key-1");
        RsaKeys second = RsaKeys.generate("key-2");
        AtomicReference<String> served = new AtomicReference<>("{\"keys\":[" + first.jwk() + "]}");
        AtomicInteger fetches = new AtomicInteger();
        HttpServer portal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        portal.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        portal.start();
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    jwks_url: http://127.0.0.1:" + portal.getAddress().getPort() + "/jwks.json\n");
        try (SessionStore store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
                GatewayServer server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                        SiteSessions.over(config, store),
                        new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC())) {
            Api api = new Api(server.port());
            String byFirst = Tokens.valid("alice", "HPC-Users").withKeyId("key-1").sign(first.rs256());
            assertEquals(200, api.get("/sessions", byFirst).statusCode());
            assertEquals(200, api.get("/sessions", byFirst).statusCode());
            assertEquals(1, fetches.get(), "the second token was checked against the cached key");

            served.set("{\"keys\":[" + second.jwk() + "]}");
            String bySecond = Tokens.valid("alice", "HPC-Users").withKeyId("key-2").sign(second.rs256());
            assertEquals(200, api.get("/sessions", bySecond).statusCode());
            assertEquals(2, fetches.get(), "a key id not in the cache fetched the set again");

            String forged = Tokens.valid("alice", "HPC-Users").withKeyId("key-2").sign(first.rs256());
            assertError(401, "the token's signature does not verify", api.get("/sessions", forged));
            String unknownKey = Tokens.valid("alice", "HPC-Users").withKeyId("key-9").sign(first.rs256());
            assertError(401, "the token's signature does not verify", api.get("/sessions", unknownKey));

            portal.stop(0);
            String byThird = Tokens.valid("alice", "HPC-Users").withKeyId("key-3")
                    .sign(RsaKeys.generate("key-3").rs256());
            assertError(503, "the portal's JWKS at http://127.0.0.1:", api.get("/sessions", byThird));
            assertEquals(200, api.get("/sessions", bySecond).statusCode(), "cached keys outlive the portal's outage");
        } finally {
            portal.stop(0);
        }
    }
}
