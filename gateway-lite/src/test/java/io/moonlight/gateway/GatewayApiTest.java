package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Session;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on 127.0.0.1 with a real SQLite store and HS256 tokens, called over HTTP as the portal
 * would: health, images, sessions with their visibility, every way a token can be wrong, error bodies.
 */
class GatewayApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    @TempDir
    static Path dir;
    private static SessionStore store;
    private static GatewayServer server;
    private static Api api;
    private static Session alices;
    private static Session bobs;

    @BeforeAll
    static void start() {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
        store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        StoredSessions sessions = new StoredSessions();
        alices = sessions.add(store, "alice");
        bobs = sessions.add(store, "bob");
        server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                SiteSessions.over(config, store),
                new PrintStream(LOG, true, StandardCharsets.UTF_8), Clock.systemUTC());
        api = new Api(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void healthNeedsNoTokenAndNamesTheStore() throws Exception {
        HttpResponse<String> health = api.get("/healthz", null);
        assertEquals(200, health.statusCode(), health.body());
        JsonNode body = JSON.readTree(health.body());
        assertEquals("ok", body.get("status").asText());
        assertEquals("sqlite", body.get("store").asText());
        assertTrue(body.get("store_reachable").asBoolean());
    }

    @Test
    void imagesAreTheConfiguredOnes() throws Exception {
        HttpResponse<String> images = api.get("/images", Tokens.hs256("alice", "HPC-Users"));
        assertEquals(200, images.statusCode(), images.body());
        JsonNode list = JSON.readTree(images.body()).get("images");
        assertEquals(3, list.size());
        assertEquals("xfce4", list.get(0).get("id").asText());
        assertEquals("XFCE desktop with Sunshine", list.get(0).get("description").asText());
        assertFalse(images.body().contains("sif"), "file names stay inside: " + images.body());
    }

    @Test
    void usersSeeTheirOwnSessionsAndAdminsAll() throws Exception {
        assertEquals(List.of(alices.id()), ids(api.get("/sessions", Tokens.hs256("alice", "GPU-Users"))));
        assertEquals(List.of(bobs.id()), ids(api.get("/sessions", Tokens.hs256("bob", "HPC-Users"))));
        assertEquals(List.of(alices.id(), bobs.id()), ids(api.get("/sessions", Tokens.hs256("root", "HPC-Admins"))));
        assertEquals(List.of(), ids(api.get("/sessions", Tokens.hs256("carol", "HPC-Users"))));
    }

    @Test
    void oneSessionShowsItsDetailsButNeverItsTokenHash() throws Exception {
        HttpResponse<String> shown = api.get("/sessions/" + alices.id(), Tokens.hs256("alice", "HPC-Users"));
        assertEquals(200, shown.statusCode(), shown.body());
        JsonNode body = JSON.readTree(shown.body());
        assertEquals("alice", body.get("user").asText());
        assertEquals("PENDING", body.get("state").asText());
        assertEquals("1920x1080", body.get("geometry").asText());
        assertEquals(20000, body.get("bitrate_kbps").asInt());
        assertEquals("PENDING", body.get("history").get(0).get("state").asText());
        assertTrue(body.get("sunshine").asBoolean(), "the site runs Sunshine: " + shown.body());
        assertEquals(4 * 3600, body.get("time_left_seconds").asLong(), "PENDING: the job's time has not started");
        assertEquals("https://localhost/moonlight/?session=" + alices.id(), body.get("browser_url").asText());
        assertTrue(body.get("moonlight_address").isNull(), "no ports leased yet: " + shown.body());
        JsonNode listed = JSON.readTree(api.get("/sessions", Tokens.hs256("alice", "HPC-Users")).body()).get("sessions");
        assertTrue(listed.get(0).get("time_left_seconds").isNull(), "listings leave the details out");
        assertFalse(shown.body().contains(alices.tokenHash()));
        assertFalse(shown.body().contains("token"));
    }

    @Test
    void aSiteWithoutSunshineSaysSoInEverySession() throws Exception {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n"
                + "supervisor:\n  runtime: host\n  sunshine: []\n");
        try (GatewayServer noSunshine = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store,
                SiteSessions.over(config, store),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC())) {
            Api other = new Api(noSunshine.port());
            HttpResponse<String> shown = other.get("/sessions/" + alices.id(), Tokens.hs256("alice", "HPC-Users"));
            assertEquals(200, shown.statusCode(), shown.body());
            assertFalse(JSON.readTree(shown.body()).get("sunshine").asBoolean(), shown.body());
            HttpResponse<String> listed = other.get("/sessions", Tokens.hs256("alice", "HPC-Users"));
            assertFalse(JSON.readTree(listed.body()).get("sessions").get(0).get("sunshine").asBoolean(), listed.body());
        }
    }

    @Test
    void anotherUsersSessionIsNotFoundLikeAMissingOne() throws Exception {
        HttpResponse<String> others = api.get("/sessions/" + bobs.id(), Tokens.hs256("alice", "HPC-Users"));
        assertError(404, "no session " + bobs.id(), others);
        String missingId = "ml-alice-20250101120000-abcdef";
        assertError(404, "no session " + missingId, api.get("/sessions/" + missingId, Tokens.hs256("alice", "HPC-Users")));
        assertEquals(200, api.get("/sessions/" + bobs.id(), Tokens.hs256("root", "HPC-Admins")).statusCode());
    }

    @Test
    void aMalformedSessionIdIsBadInput() throws Exception {
        assertError(400, "'..' is not a session id", api.get("/sessions/..", Tokens.hs256("alice", "HPC-Users")));
        assertError(400, "the request is not accepted: Bad Request",
                api.get("/sessions/%00", Tokens.hs256("alice", "HPC-Users")));
    }

    @Test
    void noTokenIs401() throws Exception {
        HttpResponse<String> response = api.get("/sessions", null);
        assertError(401, "no token", response);
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertError(401, "no token", api.get("/images", null));
    }

    @Test
    void expiredTokenIs401() throws Exception {
        Instant now = Instant.now();
        String expired = Tokens.valid("alice", "HPC-Users").withIssuedAt(now.minusSeconds(7200))
                .withNotBefore(now.minusSeconds(7200)).withExpiresAt(now.minusSeconds(120)).sign(hs256());
        assertError(401, "the token expired at", api.get("/sessions", expired));
    }

    @Test
    void expiryWithinTheLeewayIsAccepted() throws Exception {
        String justExpired = Tokens.valid("alice", "HPC-Users").withExpiresAt(Instant.now().minusSeconds(5)).sign(hs256());
        assertEquals(200, api.get("/sessions", justExpired).statusCode());
    }

    @Test
    void tokenNotValidYetIs401() throws Exception {
        String future = Tokens.valid("alice", "HPC-Users").withIssuedAt(Instant.now())
                .withNotBefore(Instant.now().plusSeconds(600)).sign(hs256());
        assertError(401, "the token is not valid yet (nbf is in the future)", api.get("/sessions", future));
    }

    @Test
    void tokenWithoutExpiryIs401() throws Exception {
        String forever = com.auth0.jwt.JWT.create().withClaim("preferred_username", "alice")
                .withClaim("groups", List.of("HPC-Users")).sign(hs256());
        assertError(401, "the token has no 'exp' claim", api.get("/sessions", forever));
    }

    @Test
    void anExpiryThatIsNotANumberIs401() throws Exception {
        long later = Instant.now().plusSeconds(3600).getEpochSecond();
        String groups = "\"groups\":[\"HPC-Users\"]";
        assertError(401, "the token's 'exp' claim is not a time",
                api.get("/sessions", Tokens.signedRaw(Tokens.HS256_HEADER, Tokens.payload("alice", "\"exp\":null," + groups))));
        assertError(401, "the token's 'exp' claim is not a time", api.get("/sessions",
                Tokens.signedRaw(Tokens.HS256_HEADER, Tokens.payload("alice", "\"exp\":\"" + later + "\"," + groups))));
        assertError(401, "the token's 'exp' claim is not a time", api.get("/sessions",
                Tokens.signedRaw(Tokens.HS256_HEADER, Tokens.payload("alice", "\"exp\":1e300," + groups))));
        assertError(401, "the token's 'nbf' claim is not a time", api.get("/sessions", Tokens.signedRaw(Tokens.HS256_HEADER,
                "{\"preferred_username\":\"alice\",\"exp\":" + later + ",\"nbf\":[]," + groups + "}")));
        assertEquals(200, api.get("/sessions", Tokens.signedRaw(Tokens.HS256_HEADER,
                Tokens.payload("alice", "\"exp\":" + later + ".5," + groups))).statusCode(), "a fraction is a time");
    }

    @Test
    void aClaimGivenTwiceIs401AndMakesNoAdmin() throws Exception {
        long later = Instant.now().plusSeconds(3600).getEpochSecond();
        String twice = Tokens.signedRaw(Tokens.HS256_HEADER, Tokens.payload("alice",
                "\"exp\":" + later + ",\"groups\":[\"HPC-Users\"],\"groups\":[\"HPC-Admins\"]"));
        HttpResponse<String> listed = api.get("/sessions", twice);
        assertError(401, "the token's payload has the key 'groups' twice", listed);
        assertFalse(listed.body().contains(bobs.id()), "alice sees no one else's session: " + listed.body());
        assertError(404, "no session " + bobs.id(), api.get("/sessions/" + bobs.id(), Tokens.hs256("alice", "HPC-Users")));
        String headerTwice = Tokens.signedRaw("{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
                Tokens.payload("alice", "\"exp\":" + later + ",\"groups\":[\"HPC-Users\"]"));
        assertError(401, "the token's header has the key 'alg' twice", api.get("/sessions", headerTwice));
    }

    @Test
    void groupsThatAreNotNamesAre401() throws Exception {
        long later = Instant.now().plusSeconds(3600).getEpochSecond();
        for (String groups : List.of("[1]", "[null]", "[\"HPC-Users\",null]", "[\"HPC-Users\",{}]", "{\"HPC-Users\":true}",
                "7", "null", "[[\"HPC-Admins\"]]")) {
            String token = Tokens.signedRaw(Tokens.HS256_HEADER,
                    Tokens.payload("alice", "\"exp\":" + later + ",\"groups\":" + groups));
            assertError(401, "the token's 'groups' claim is not a list of group names", api.get("/sessions", token));
        }
        String oneName = Tokens.signedRaw(Tokens.HS256_HEADER,
                Tokens.payload("alice", "\"exp\":" + later + ",\"groups\":\"HPC-Users\""));
        assertEquals(List.of(alices.id()), ids(api.get("/sessions", oneName)), "one name is a list of one");
        String number = Tokens.signedRaw(Tokens.HS256_HEADER, "{\"preferred_username\":42,\"exp\":" + later
                + ",\"groups\":[\"HPC-Users\"]}");
        assertError(401, "the token's 'preferred_username' claim is not a string", api.get("/sessions", number));
    }

    @Test
    void badlySignedTokenIs401() throws Exception {
        String forged = Tokens.valid("alice", "HPC-Admins")
                .sign(Algorithm.HMAC256("another-secret-that-is-32-bytes-long".getBytes(StandardCharsets.UTF_8)));
        assertError(401, "the token's signature does not verify", api.get("/sessions", forged));
        String good = Tokens.hs256("alice", "HPC-Users");
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Tokens.hs256("root", "HPC-Admins").split("\\.")[1] + "." + parts[2];
        assertError(401, "the token's signature does not verify", api.get("/sessions", tampered));
    }

    @Test
    void unsignedTokenIs401() throws Exception {
        assertError(401, "the token is not signed with HS256", api.get("/sessions", Tokens.unsigned("alice", "HPC-Admins")));
    }

    @Test
    void garbageAndOtherSchemesAre401() throws Exception {
        assertError(401, "the bearer token is not a JWT", api.get("/sessions", "not-a-jwt"));
        var basic = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/moonlight/sessions"))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0").build(), HttpResponse.BodyHandlers.ofString());
        assertError(401, "the Authorization header is not a Bearer token", basic);
    }

    @Test
    void validTokenOutsideTheAllowedGroupsIs403() throws Exception {
        assertError(403, "user alice is in none of the groups allowed to use moonlight",
                api.get("/sessions", Tokens.hs256("alice", "Students")));
        assertError(403, "user alice is in none of the groups allowed to use moonlight",
                api.get("/sessions", Tokens.hs256("alice")));
    }

    @Test
    void usernameMustBeALoginName() throws Exception {
        assertError(403, "the token's user is not a valid login name",
                api.get("/sessions", Tokens.hs256("../root", "HPC-Admins")));
        String noName = Tokens.valid("x", "HPC-Users").withClaim("preferred_username", (String) null).sign(hs256());
        assertError(401, "the token has no 'preferred_username' claim", api.get("/sessions", noName));
    }

    @Test
    void unknownEndpointIsAJson404() throws Exception {
        assertError(404, "no such endpoint: GET /api/moonlight/nothing-here", api.get("/nothing-here", null));
    }

    @Test
    void wrongMethodIsAJson405() throws Exception {
        assertError(405, "POST is not allowed on /api/moonlight/images",
                api.post("/images", Tokens.hs256("alice", "HPC-Users"), "{}"));
    }

    @Test
    void everyRequestIsOneLogLine() throws Exception {
        api.get("/healthz", null);
        api.get("/sessions", Tokens.hs256("alice", "HPC-Users"));
        List<String> lines = new ArrayList<>(LOG.toString(StandardCharsets.UTF_8).lines().toList());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ 127\\.0\\.0\\.1 GET /api/moonlight/healthz 200 [0-9.]+ms")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ 127\\.0\\.0\\.1 GET /api/moonlight/sessions 200 [0-9.]+ms user=alice")),
                String.join("\n", lines));
        assertFalse(LOG.toString(StandardCharsets.UTF_8).contains("Exception"));
    }

    static void assertError(int status, String messageStart, HttpResponse<String> response) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(1, response.body().lines().count(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.get("error").asText().startsWith(messageStart), response.body());
        assertFalse(body.get("hint").asText().isBlank(), response.body());
        assertFalse(response.body().contains("\tat "), "no stack trace: " + response.body());
    }

    private static Algorithm hs256() {
        return Algorithm.HMAC256(Tokens.SECRET.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> ids(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).get("sessions").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }
}
