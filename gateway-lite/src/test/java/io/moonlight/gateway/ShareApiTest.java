package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.Share;
import io.moonlight.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The share endpoints of a real gateway (SQLite store, HS256 tokens): the owner creates, reads,
 * replaces and revokes a session's view-only link; other users and (by default) admins cannot; bad
 * input is a one-line 400.
 */
class ShareApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"expires\":\"2h\",\"max_viewers\":5}";
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    @TempDir
    static Path dir;
    private static LocalGateway gateway;
    private static Session alices;
    private static String path;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dir, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n"
                + "  public_url: https://portal.example.org/hpc/\n", new PrintStream(new ByteArrayOutputStream()), CLOCK);
        alices = new StoredSessions().addReady(gateway.store, "alice");
        path = "/sessions/" + alices.id() + "/share";
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theOwnerCreatesReadsReplacesAndRevokesTheLink() throws Exception {
        String alice = Tokens.hs256("alice", "HPC-Users");
        HttpResponse<String> created = gateway.api.post(path, alice, "{\"expires\":\"30m\",\"max_viewers\":3}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode link = JSON.readTree(created.body());
        Share stored = gateway.store.get(alices.id()).orElseThrow().share().orElseThrow();
        assertEquals(JSON.readTree("{\"session\":\"" + alices.id() + "\",\"share\":\"" + stored.id() + "\",\"url\":"
                + "\"https://portal.example.org/hpc/moonlight/?session=" + alices.id() + "&share=" + stored.id() + "\","
                + "\"expires_at\":\"" + stored.expiresAt() + "\",\"max_viewers\":3}"), link);
        Duration left = Duration.between(Instant.now(), stored.expiresAt());
        assertTrue(left.compareTo(Duration.ofMinutes(29)) > 0 && left.compareTo(Duration.ofMinutes(30)) <= 0, left.toString());
        assertEquals(link, JSON.readTree(gateway.api.get(path, alice).body()));

        JsonNode replaced = JSON.readTree(gateway.api.post(path, alice, BODY).body());
        assertNotEquals(stored.id(), replaced.get("share").asText());
        assertEquals(replaced, JSON.readTree(gateway.api.get(path, alice).body()), "a new link replaces the old");

        assertEquals("{\"revoked\":true}", gateway.api.delete(path, alice).body());
        assertEquals(Optional.empty(), gateway.store.get(alices.id()).orElseThrow().share());
        assertEquals("{\"revoked\":false}", gateway.api.delete(path, alice).body());
        HttpResponse<String> none = gateway.api.get(path, alice);
        assertEquals(409, none.statusCode());
        assertTrue(none.body().contains("has no share link"), none.body());
    }

    @Test
    void otherUsersAndAdminsWithoutTheKeyFindNoSession() throws Exception {
        for (String token : new String[] {Tokens.hs256("bob", "HPC-Users"), Tokens.hs256("root", "HPC-Admins")}) {
            assertEquals(404, gateway.api.post(path, token, BODY).statusCode());
            assertEquals(404, gateway.api.get(path, token).statusCode());
            assertEquals(404, gateway.api.delete(path, token).statusCode());
        }
    }

    @Test
    void adminsShareOthersSessionsWithAdminsJoinSessions(@TempDir Path other) throws Exception {
        try (LocalGateway admins = LocalGateway.start(other, "  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n"
                + "  admins_join_sessions: true\n", new PrintStream(new ByteArrayOutputStream()), CLOCK)) {
            Session carols = new StoredSessions().addReady(admins.store, "carol");
            String share = "/sessions/" + carols.id() + "/share";
            assertEquals(201, admins.api.post(share, Tokens.hs256("root", "HPC-Admins"), BODY).statusCode());
            assertEquals(404, admins.api.post(share, Tokens.hs256("bob", "HPC-Users"), BODY).statusCode());
        }
    }

    @Test
    void badInputIsAOneLine400() throws Exception {
        String alice = Tokens.hs256("alice", "HPC-Users");
        for (String[] bad : new String[][] {
                {"{\"expires\":\"2x\",\"max_viewers\":2}", "'2x' is not a share's lifetime"},
                {"{\"expires\":\"8d\",\"max_viewers\":2}", "a share expires after 1 minute to 7 days, not 11520 minutes"},
                {"{\"expires\":\"2h\",\"max_viewers\":0}", "a share lets 1 to 20 viewers watch, not 0"},
                {"{\"expires\":\"2h\",\"max_viewers\":21}", "a share lets 1 to 20 viewers watch, not 21"},
                {"{\"expires\":\"2h\"}", "max_viewers"},
                {"{\"expires\":\"2h\",\"max_viewers\":2,\"viewers\":2}", "viewers"}}) {
            HttpResponse<String> refused = gateway.api.post(path, alice, bad[0]);
            assertEquals(400, refused.statusCode(), bad[0] + ": " + refused.body());
            assertTrue(JSON.readTree(refused.body()).get("error").asText().contains(bad[1]), refused.body());
        }
        assertEquals(400, gateway.api.post("/sessions/ml-x/share", alice, BODY).statusCode());
    }
}
