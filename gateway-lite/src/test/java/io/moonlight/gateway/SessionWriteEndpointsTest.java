package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.scheduler.Scheduler;
import io.moonlight.core.scheduler.SchedulerFactory;
import io.moonlight.core.scheduler.SchedulerJob;
import io.moonlight.core.scheduler.UserSwitch;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.sessions.SessionPaths;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.SessionTestbed;
import io.moonlight.core.testing.Await;
import io.moonlight.core.testing.FakeSunshineWebUi;
import io.moonlight.core.testing.FakeSupervisor;
import io.moonlight.core.testing.FreeDisplays;
import io.moonlight.core.testing.RedisServer;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.UserDirs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Starting, stopping and pairing sessions through the gateway as the portal does, over a real Redis
 * store and the local scheduler; the job's launcher is {@link FakeSupervisor} (the real supervisor's
 * run through the gateway is tested in the CLI module). Every refused request leaves nothing behind:
 * no key in Redis, no session directory, no job.
 */
@ServiceTest
class SessionWriteEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = SessionTestbed.USER;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int LIMIT = 2;
    @TempDir
    static Path dir;
    private static RedisServer redis;
    private static MoonlightConfig config;
    private static SessionStore store;
    private static Scheduler scheduler;
    private static GatewayServer server;
    private static Api api;
    private static Path sessionRoot;
    private static int webUiPort;

    @BeforeAll
    static void start() throws Exception {
        SessionTestbed.ensureUnixUser();
        sessionRoot = UserDirs.scratch(dir);
        redis = RedisServer.start(Files.createDirectory(dir.resolve("redis")));
        webUiPort = RedisServer.freePort();
        config = ConfigLoader.parse("test.yaml", String.join("\n",
                "paths:",
                "  session_root: " + sessionRoot,
                "  state_dir: " + dir.resolve("state"),
                "store:",
                "  type: redis",
                "  redis:",
                "    port: " + redis.port(),
                "sessions:",
                "  scheduler: local",
                "  max_per_user: " + LIMIT,
                "  launcher: " + FakeSupervisor.writeTo(dir),
                "sunshine:",
                "  base_port: " + (webUiPort - 1),
                "gateway:",
                "  jwt:",
                "    hs256_secret: " + Tokens.SECRET,
                ""));
        store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        scheduler = SchedulerFactory.of(config, new ProcessCommandRunner(), UserSwitch.ofThisProcess(), Clock.systemUTC());
        server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store, SiteSessions.over(config, store),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC());
        api = new Api(server.port());
    }

    @AfterEach
    void stopEverySession() throws Exception {
        for (Session session : store.list()) {
            if (session.state().isActive()) {
                api.delete("/sessions/" + session.id(), admin());
            }
        }
        Await.until("no job left", WAIT, () -> activeJobs().isEmpty());
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
        redis.close();
    }

    @Test
    void aUserStartsASessionWithDefaultsAndStopsIt() throws Exception {
        HttpResponse<String> started = api.post("/sessions", user(), "{}");

        assertEquals(201, started.statusCode(), started.body());
        JsonNode session = JSON.readTree(started.body());
        String id = session.get("id").asText();
        assertEquals("/api/moonlight/sessions/" + id, started.headers().firstValue("Location").orElse(""));
        assertEquals(USER, session.get("user").asText());
        assertEquals("PENDING", session.get("state").asText());
        assertEquals("xfce4", session.get("image").asText());
        assertEquals("1920x1080", session.get("geometry").asText());
        assertEquals(4, session.get("hours").asInt());
        Path launched = SessionPaths.of(config.paths(), USER, id).dir().resolve("fake-supervisor.args");
        Await.until("the job runs the supervisor", WAIT, () -> Files.exists(launched));
        assertEquals("session run " + id, Files.readString(launched).strip().replaceAll(" --config .*", ""));
        assertEquals(1, activeJobs().size());

        HttpResponse<String> stopped = api.delete("/sessions/" + id, user());

        assertEquals(200, stopped.statusCode(), stopped.body());
        assertEquals("ENDED", JSON.readTree(stopped.body()).get("state").asText());
        assertEquals(List.of(), activeJobs());
        HttpResponse<String> shown = api.get("/sessions/" + id, user());
        assertEquals("stopped by " + USER, JSON.readTree(shown.body()).get("history").get(1).get("reason").asText());
    }

    @Test
    void theListingShowsLiveSessionsAndWithAllTheEndedOnesToo() throws Exception {
        String ended = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();
        assertEquals(200, api.delete("/sessions/" + ended, user()).statusCode());
        String live = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();

        assertEquals(List.of(live), ids(api.get("/sessions", user())));
        assertEquals(List.of(live), ids(api.get("/sessions?all=false", user())));
        assertTrue(ids(api.get("/sessions?all=true", user())).containsAll(List.of(ended, live)));
        assertError(400, "query parameter 'all' must be true or false", api.get("/sessions?all=yes", user()));
        assertError(400, "query parameter 'all' is given twice", api.get("/sessions?all=true&all=false", user()));
        assertError(400, "unknown query parameter 'page'", api.get("/sessions?page=2", user()));
    }

    private static List<String> ids(HttpResponse<String> listing) throws IOException {
        assertEquals(200, listing.statusCode(), listing.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(listing.body()).get("sessions").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    @Test
    void theBodyHoldsWhatTheCommandLineOptionsHold() throws Exception {
        HttpResponse<String> started = api.post("/sessions", user(), """
                {"image":"xfce4","geometry":"2560x1440","hours":2,"fps":120,"bitrate_kbps":30000,"codec":"hevc"}""");

        assertEquals(201, started.statusCode(), started.body());
        Session stored = store.get(JSON.readTree(started.body()).get("id").asText()).orElseThrow();
        assertEquals("2560x1440", stored.spec().geometry().toString());
        assertEquals(2, stored.spec().hours());
        assertEquals(120, stored.spec().fps());
        assertEquals(30000, stored.spec().bitrateKbps());
        assertEquals("hevc", stored.spec().codec().id());
    }

    @Test
    void onlyAdminsStartSessionsForOthers() throws Exception {
        String body = "{\"user\":\"" + USER + "\"}";
        assertRefused(400, "only admins may start a session for another user (" + USER + ")",
                () -> api.post("/sessions", Tokens.hs256("alice", "HPC-Users"), body));

        HttpResponse<String> byAdmin = api.post("/sessions", admin(), body);

        assertEquals(201, byAdmin.statusCode(), byAdmin.body());
        assertEquals(USER, JSON.readTree(byAdmin.body()).get("user").asText());
    }

    @Test
    void usersStopOnlyTheirOwnSessionsAndAdminsAny() throws Exception {
        String id = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();

        HttpResponse<String> byOther = api.delete("/sessions/" + id, Tokens.hs256("alice", "HPC-Users"));
        assertEquals(404, byOther.statusCode(), byOther.body());
        assertEquals("no session " + id, JSON.readTree(byOther.body()).get("error").asText());
        assertEquals(SessionState.PENDING, store.get(id).orElseThrow().state());
        assertEquals(1, activeJobs().size());

        HttpResponse<String> byAdmin = api.delete("/sessions/" + id, admin());
        assertEquals(200, byAdmin.statusCode(), byAdmin.body());
        assertEquals("ENDED", JSON.readTree(byAdmin.body()).get("state").asText());
        assertEquals(200, api.delete("/sessions/" + id, admin()).statusCode(), "stopping an ended session changes nothing");
    }

    @Test
    void concurrentStartsBeyondTheLimitGetExactlyTheLimit() throws Exception {
        ExecutorService portal = Executors.newFixedThreadPool(5);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(portal.submit(() -> api.post("/sessions", user(), "{}")));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get().statusCode());
            }
            assertEquals(LIMIT, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5 - LIMIT, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            portal.shutdownNow();
        }
        assertEquals(LIMIT, store.listByUser(USER).stream().filter(s -> s.state().isActive()).count());
        Await.until("one job per session", WAIT, () -> activeJobs().size() == LIMIT);
    }

    static Stream<Arguments> refusedStarts() {
        return Stream.of(
                Arguments.of("{\"user\":\"mlsess;rm -rf /\"}", "'mlsess;rm -rf /' is not a valid user name"),
                Arguments.of("{\"user\":\"../root\"}", "'../root' is not a valid user name"),
                Arguments.of("{\"user\":\"$(id)\"}", "'$(id)' is not a valid user name"),
                Arguments.of("{\"user\":\"nosuchuser\"}", "no user 'nosuchuser' on this system"),
                Arguments.of("{\"user\":\"daemon\"}", "user daemon (uid 1) is a system account"),
                Arguments.of("{\"user\":\"nobody\"}", "user nobody has no login shell (/usr/sbin/nologin): a service account"),
                Arguments.of("{\"image\":\"../../etc/passwd\"}", "'../../etc/passwd' is not a valid image id"),
                Arguments.of("{\"image\":\"xfce4;id\"}", "'xfce4;id' is not a valid image id"),
                Arguments.of("{\"image\":\"vnc\"}", "unknown image 'vnc'"),
                Arguments.of("{\"geometry\":\"1920x1080;id\"}", "'1920x1080;id' is not a geometry"),
                Arguments.of("{\"geometry\":\"../1920x1080\"}", "'../1920x1080' is not a geometry"),
                Arguments.of("{\"geometry\":\"320x200\"}", "geometry 320x200 is out of range"),
                Arguments.of("{\"geometry\":\"8000x8000\"}", "geometry 8000x8000 is out of range"),
                Arguments.of("{\"hours\":0}", "0 hours is too short"),
                Arguments.of("{\"hours\":999}", "999 hours is longer than the QoS allows (8)"),
                Arguments.of("{\"fps\":59}", "59 is not a supported frame rate"),
                Arguments.of("{\"codec\":\"vp9\"}", "'vp9' is not a codec"),
                Arguments.of("{\"bitrate_kbps\":-1}", "bitrate -1 kbps is out of range"),
                Arguments.of("{\"hours\":\"4\"}", "field 'hours' is missing or has the wrong type"),
                Arguments.of("{\"fps\":60.5}", "field 'fps' is missing or has the wrong type"),
                Arguments.of("{\"gpus\":2}", "unknown field 'gpus' in the request body"),
                Arguments.of("{\"hours\":2,\"hours\":3}", "the request body is not valid JSON: a field appears twice"),
                Arguments.of("[]", "the request body is not the expected JSON object"),
                Arguments.of("{} {}", "the request body has more after its JSON object"),
                Arguments.of("null", "the request body is null, not a JSON object"),
                Arguments.of("", "the request body is empty"));
    }

    @ParameterizedTest
    @MethodSource("refusedStarts")
    void badInputIs400WithNothingSubmittedAndNoKeyWritten(String body, String error) throws Exception {
        assertRefused(400, error, () -> api.post("/sessions", admin(), body));
    }

    @Test
    void pairingHandsThePinToTheSessionsSunshine() throws Exception {
        String id = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();
        assertError(409, "session " + id + " is STARTING, not READY: no Sunshine to pair with",
                api.post("/sessions/" + id + "/pair", user(), "{\"pin\":\"1234\"}"));
        assertError(400, "the PIN must be the 4 digits Moonlight shows",
                api.post("/sessions/" + id + "/pair", user(), "{\"pin\":\"12a4\"}"));
        assertError(400, "field 'pin' is missing or has the wrong type",
                api.post("/sessions/" + id + "/pair", user(), "{\"pin\":1234}"));
        assertError(400, "field 'pin' is missing or has the wrong type", api.post("/sessions/" + id + "/pair", user(), "{}"));
        assertError(404, "no session " + id,
                api.post("/sessions/" + id + "/pair", Tokens.hs256("alice", "HPC-Users"), "{\"pin\":\"1234\"}"));

        // What the supervisor does before READY: claim the ports, write Sunshine's login, start it.
        Session starting = store.get(id).orElseThrow();
        store.claimLease(id, starting.node().orElseThrow(), FreeDisplays.ALL);
        store.transition(id, SessionState.STARTING, SessionState.READY, "");
        JsonNode ready = JSON.readTree(api.get("/sessions/" + id, user()).body());
        assertEquals(starting.node().orElseThrow() + ":" + (webUiPort - 1), ready.get("moonlight_address").asText());
        assertEquals(webUiPort, ready.get("sunshine_web_ui_port").asInt());
        SessionPaths paths = SessionPaths.of(config.paths(), USER, id);
        try (FakeSunshineWebUi sunshine = FakeSunshineWebUi.start(dir, webUiPort, "sunshine", "s3cret")) {
            UserDirs.writePrivate(paths.sunshineLogin(), "{\"user\":\"sunshine\",\"password\":\"s3cret\"}", USER);
            UserDirs.writePrivate(paths.sunshineCertificate(), sunshine.certificatePem(), USER);
            assertError(409, "no Moonlight client is waiting to pair with session " + id,
                    api.post("/sessions/" + id + "/pair", user(), "{\"pin\":\"1234\"}"));

            sunshine.clientWaiting(true);
            HttpResponse<String> paired = api.post("/sessions/" + id + "/pair", user(), "{\"pin\":\"0815\"}");

            assertEquals(200, paired.statusCode(), paired.body());
            assertTrue(JSON.readTree(paired.body()).get("paired").asBoolean());
            assertEquals(1, sunshine.acceptedPins().size());
            assertTrue(sunshine.acceptedPins().get(0).contains("\"pin\":\"0815\""), sunshine.acceptedPins().toString());
        }
        assertError(503, "Sunshine of session " + id + " at ",
                api.post("/sessions/" + id + "/pair", user(), "{\"pin\":\"1234\"}"));
    }

    @Test
    void aNullPairingBodyIs400() throws Exception {
        String id = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();
        assertError(400, "the request body is null, not a JSON object", api.post("/sessions/" + id + "/pair", user(), "null"));
        assertError(400, "the PIN must be the 4 digits Moonlight shows",
                api.post("/sessions/" + id + "/pair", user(), "{\"pin\":null}"));
    }

    @Test
    void methodOverridesAreIgnored() throws Exception {
        String id = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();
        String pair = "/sessions/" + id + "/pair";
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            HttpResponse<String> stop = api.send("POST", "/sessions/" + id, Map.of("Authorization", "Bearer " + user(),
                    "Content-Type", "application/json", header, "DELETE"), "{}");
            assertError(405, "POST is not allowed on /api/moonlight/sessions/" + id, stop);
            HttpResponse<String> posted = api.send("POST", pair, Map.of("Authorization", "Bearer " + user(),
                    "Content-Type", "application/json", header, "DELETE"), "{\"pin\":\"1234\"}");
            assertError(409, "session " + id + " is ", posted);
            HttpResponse<String> shown = api.send("GET", "/sessions/" + id, Map.of("Authorization", "Bearer " + user(),
                    header, "DELETE"), null);
            assertEquals(200, shown.statusCode(), header + ": " + shown.body());
        }
        assertError(405, "POST is not allowed on /api/moonlight/sessions/" + id,
                api.post("/sessions/" + id + "?_method=DELETE", user(), "{}"));
        assertError(409, "session " + id + " is ", api.post(pair + "?_method=DELETE", user(), "{\"pin\":\"1234\"}"));
        assertError(400, "the request body is not valid JSON", api.send("POST", pair, Map.of("Authorization",
                "Bearer " + user(), "Content-Type", "application/x-www-form-urlencoded"), "_method=DELETE"));

        assertTrue(store.get(id).orElseThrow().state().isActive(), store.get(id).orElseThrow().toString());
        assertEquals(1, activeJobs().size(), "the session's job still runs");
    }

    @Test
    void writeEndpointsNeedAValidToken() throws Exception {
        assertRefused(401, "no token", () -> api.post("/sessions", null, "{}"));
        assertRefused(401, "the token's signature does not verify", () -> api.post("/sessions", Tokens.valid(USER, "HPC-Users")
                .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("another-secret-that-is-32-bytes-long")), "{}"));
        assertRefused(403, "user " + USER + " is in none of the groups allowed to use moonlight",
                () -> api.post("/sessions", Tokens.hs256(USER, "Students"), "{}"));
        String id = JSON.readTree(api.post("/sessions", user(), "{}").body()).get("id").asText();
        assertError(401, "no token", api.delete("/sessions/" + id, null));
        assertError(401, "no token", api.post("/sessions/" + id + "/pair", null, "{\"pin\":\"1234\"}"));
        assertEquals(SessionState.PENDING, store.get(id).orElseThrow().state());
    }

    /** The request is refused with this status and error, and leaves no key, directory or job behind. */
    private static void assertRefused(int status, String error, Callable<HttpResponse<String>> request) throws Exception {
        Set<String> keysBefore = keys();
        List<String> dirsBefore = sessionDirs();
        HttpResponse<String> response = request.call();
        assertError(status, error, response);
        assertEquals(keysBefore, keys(), "no key written");
        assertEquals(dirsBefore, sessionDirs(), "no session directory made");
        assertEquals(List.of(), activeJobs(), "no job submitted");
    }

    private static void assertError(int status, String error, HttpResponse<String> response) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        String message = JSON.readTree(response.body()).get("error").asText();
        assertTrue(message.startsWith(error), message);
        assertTrue(JSON.readTree(response.body()).hasNonNull("hint"), response.body());
    }

    private static Set<String> keys() {
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            return jedis.keys("*");
        }
    }

    private static List<String> sessionDirs() throws IOException {
        try (Stream<Path> users = Files.walk(sessionRoot, 2)) {
            return users.map(Path::toString).sorted().toList();
        }
    }

    private static List<String> activeJobs() {
        return scheduler.jobs().stream().filter(j -> j.state().isActive()).map(SchedulerJob::id).toList();
    }

    private static String user() {
        return Tokens.hs256(USER, "HPC-Users");
    }

    private static String admin() {
        return Tokens.hs256("root", "HPC-Admins");
    }
}
