package io.moonlight.gateway;

import static io.moonlight.gateway.GatewayApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.store.SessionStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /sessions in pages, over HTTP with a real SQLite store: the default page, following
 * next_cursor to the end, the state and user filters, what a user may see, and bad parameters.
 */
class GatewayPagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than the default page (100) of sessions, of users other than alice and bob. */
    private static final int OTHERS = 101;
    @TempDir
    static Path dir;
    private static LocalGateway gateway;
    private static SessionStore store;
    private static Api api;
    private static Session alicesEnded;

    @BeforeAll
    static void start() {
        gateway = LocalGateway.start(dir, "hs256_secret: " + Tokens.SECRET,
                new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        store = gateway.store;
        api = gateway.api;
        StoredSessions sessions = new StoredSessions();
        alicesEnded = sessions.add(store, "alice");
        store.transition(alicesEnded.id(), SessionState.PENDING, SessionState.ENDED, "stopped").orElseThrow();
        for (int i = 0; i < 3; i++) {
            sessions.add(store, "alice");
            sessions.add(store, "bob");
        }
        for (int i = 0; i < OTHERS; i++) {
            sessions.add(store, "user" + i % 4);
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theAdminsFirstPageHoldsTheDefaultNumberAndSaysWhereTheNextStarts() throws Exception {
        JsonNode first = page("/sessions", admin());
        assertEquals(100, first.get("sessions").size());
        assertEquals(ids(store.list().stream().filter(s -> s.state().isActive()).limit(100).toList()),
                ids(first));
        assertTrue(first.get("next_cursor").isTextual(), first.toString());
    }

    @Test
    void followingTheCursorListsEverySessionOnceInOrder() throws Exception {
        List<String> seen = new ArrayList<>();
        String path = "/sessions?all=true&limit=7";
        int pages = 0;
        while (true) {
            JsonNode page = page(path, admin());
            assertTrue(page.get("sessions").size() <= 7);
            seen.addAll(ids(page));
            pages++;
            if (page.get("next_cursor").isNull()) {
                break;
            }
            path = "/sessions?all=true&limit=7&cursor=" + page.get("next_cursor").asText();
        }
        assertEquals(ids(store.list()), seen);
        assertEquals((store.list().size() + 6) / 7, pages);
    }

    @Test
    void filtersByStateAndUser() throws Exception {
        assertEquals(List.of(alicesEnded.id()), ids(page("/sessions?state=ENDED", admin())));
        assertEquals(List.of(alicesEnded.id()), ids(page("/sessions?state=ended&user=alice", admin())));
        assertEquals(ids(store.listByUser("bob")), ids(page("/sessions?user=bob", admin())));
        assertEquals(List.of(), ids(page("/sessions?state=READY", admin())));
    }

    @Test
    void aUserSeesOnlyTheirOwnWhateverTheFiltersAndCursors() throws Exception {
        List<String> alices = ids(store.listByUser("alice"));
        assertEquals(alices, ids(page("/sessions?all=true&limit=1000", alice())));
        assertEquals(alices.subList(1, 4), ids(page("/sessions?state=PENDING", alice())));
        // A cursor from the admin's listing, at one of bob's sessions, still pages alice's only.
        String atBob = page("/sessions?user=bob&limit=1", admin()).get("next_cursor").asText();
        for (String id : ids(page("/sessions?cursor=" + atBob, alice()))) {
            assertTrue(alices.contains(id), id);
        }
        assertError(400, "only admins may list the sessions of another user (bob)", api.get("/sessions?user=bob", alice()));
        assertEquals(alices.subList(1, 4), ids(page("/sessions?user=alice", alice())));
    }

    @Test
    void badParametersAreOneLineJson400s() throws Exception {
        assertError(400, "limit 0 is out of range", api.get("/sessions?limit=0", alice()));
        assertError(400, "limit -1 is out of range", api.get("/sessions?limit=-1", alice()));
        assertError(400, "limit 1001 is out of range", api.get("/sessions?limit=1001", alice()));
        assertError(400, "query parameter 'limit' must be a whole number, not 'ten'", api.get("/sessions?limit=ten", alice()));
        assertError(400, "query parameter 'limit' is given twice", api.get("/sessions?limit=1&limit=2", alice()));
        assertError(400, "unknown session state 'RUNNING'", api.get("/sessions?state=RUNNING", alice()));
        assertError(400, "cursor 'abc' is not one a listing handed out", api.get("/sessions?cursor=abc", alice()));
        assertError(400, "cursor '' is not one a listing handed out", api.get("/sessions?cursor=", alice()));
        assertError(400, "unknown query parameter 'offset'", api.get("/sessions?offset=10", alice()));
    }

    private static JsonNode page(String path, String token) throws Exception {
        HttpResponse<String> response = api.get(path, token);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("sessions").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private static List<String> ids(List<Session> sessions) {
        return sessions.stream().map(Session::id).toList();
    }

    private static String admin() {
        return Tokens.hs256("root", "HPC-Admins");
    }

    private static String alice() {
        return Tokens.hs256("alice", "HPC-Users");
    }
}
