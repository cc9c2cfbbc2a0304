package io.moonlight.gateway;

import static io.moonlight.gateway.GatewayApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's settings at work: metrics behind a token, claim names and groups of a site's own. */
class GatewaySettingsTest {
    @TempDir
    Path dir;

    @Test
    void metricsCanRequireAToken() throws Exception {
        try (Running gateway = start("gateway:\n  metrics_need_token: true\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n")) {
            assertError(401, "no token", gateway.api.get("/metrics", null));
            assertEquals(200, gateway.api.get("/metrics", Tokens.hs256("alice", "HPC-Users")).statusCode());
            assertEquals(200, gateway.api.get("/healthz", null).statusCode(), "health stays open for probes");
        }
    }

    @Test
    void claimNamesAndGroupsAreTheSitesOwn() throws Exception {
        try (Running gateway = start("gateway:\n  allowed_groups: [viz]\n  admin_groups: [ops]\n  jwt:\n"
                + "    hs256_secret: " + Tokens.SECRET + "\n    username_claim: uid\n    groups_claim: roles\n")) {
            new StoredSessions().add(gateway.store, "alice");
            new StoredSessions().add(gateway.store, "bob");
            assertEquals(1, sessions(gateway, token("alice", "viz")));
            assertEquals(2, sessions(gateway, token("carol", "ops")), "an admin group needs no allowed group");
            assertError(403, "user dave is in none of the groups", gateway.api.get("/sessions", token("dave", "HPC-Users")));
            String single = JWT.create().withClaim("uid", "alice").withClaim("roles", "viz")
                    .withExpiresAt(Instant.now().plusSeconds(600)).sign(hs256());
            assertEquals(1, sessions(gateway, single), "one group as a plain string");
            assertError(401, "the token has no 'uid' claim", gateway.api.get("/sessions", Tokens.hs256("alice", "viz")));
        }
    }

    private static int sessions(Running gateway, String token) throws Exception {
        var response = gateway.api.get("/sessions", token);
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readTree(response.body()).get("sessions").size();
    }

    private static String token(String user, String group) {
        return JWT.create().withClaim("uid", user).withClaim("roles", List.of(group))
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(hs256());
    }

    private static Algorithm hs256() {
        return Algorithm.HMAC256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
    }

    private Running start(String gatewayYaml) {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + gatewayYaml);
        SessionStore store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        GatewayServer server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                SiteSessions.over(config, store),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
        return new Running(store, server, new Api(server.port()));
    }

    private record Running(SessionStore store, GatewayServer server, Api api) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            store.close();
        }
    }
}
