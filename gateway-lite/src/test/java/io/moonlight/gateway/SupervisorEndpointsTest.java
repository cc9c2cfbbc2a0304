package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.AgentStatus;
import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.session.SessionState;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.supervisor.GatewayClient;
import io.moonlight.core.supervisor.GatewayRefusal;
import io.moonlight.core.supervisor.SessionEndpoints;
import io.moonlight.core.testing.FreeDisplays;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's endpoints on a real gateway over a SQLite store, called by the supervisor's own
 * {@link GatewayClient} and, for what a client must not get away with, over raw HTTP: only the
 * session's own token opens them, the portal's JWT does not, and the session token opens nothing else.
 */
class SupervisorEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SessionSpec SPEC = new SessionSpec("xfce4", new Geometry(1280, 720), 60, 20000, Codec.H264, 2);
    private static final String NODE = "viz01";
    @TempDir
    static Path dir;
    private static MoonlightConfig config;
    private static SessionStore store;
    private static GatewayServer server;
    private static final SessionIds IDS = new SessionIds(Clock.systemUTC(), new Random());

    @BeforeAll
    static void start() {
        config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
        store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        server = gateway(0);
    }

    private static GatewayServer gateway(int port) {
        return Gateway.start(config, new GatewayOptions("127.0.0.1", port, 0), store,
                SiteSessions.over(config, store),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    /** A submitted session and its raw token, as 'session start' leaves them. */
    private record Submitted(String id, String token) {
    }

    private static Submitted submit(String user) {
        String token = SessionToken.generate();
        String id = IDS.next(user);
        store.create(Session.pending(id, user, SPEC, SessionToken.hash(token), Clock.systemUTC().instant()), 100);
        return new Submitted(id, token);
    }

    private static GatewayClient client(Submitted session) {
        return new GatewayClient("http://127.0.0.1:" + server.port(), session.id(), session.token(), Duration.ofSeconds(5));
    }

    @Test
    void aSessionReportsItsWholeLifeWithItsOwnToken() {
        Submitted submitted = submit("alice");
        GatewayClient gateway = client(submitted);

        GatewayClient.Assignment assignment = gateway.assignment();
        assertEquals("alice", assignment.user());
        assertEquals(SPEC, assignment.spec());

        gateway.starting(NODE);
        assertEquals(SessionState.STARTING, stored(submitted).state());
        Lease lease = gateway.claimLease(NODE, FreeDisplays.ALL);
        assertEquals(new Lease(NODE, submitted.id(), 47989, 10), lease);
        assertEquals(lease, gateway.claimLease(NODE, FreeDisplays.ALL), "asking again gives the same lease");

        gateway.ready(new SessionEndpoints(NODE, 10, 47989, 47990, dir, dir));
        Session ready = stored(submitted);
        assertEquals(SessionState.READY, ready.state());
        assertEquals(NODE, ready.node().orElseThrow());
        assertEquals(10, ready.display().getAsInt());
        assertEquals(47989, ready.sunshineBasePort().getAsInt());
        gateway.ready(new SessionEndpoints(NODE, 10, 47989, 47990, dir, dir));

        assertTrue(ready.heartbeatAt().isEmpty());
        gateway.heartbeat();
        assertTrue(stored(submitted).heartbeatAt().isPresent());

        gateway.releaseLease();
        gateway.ended("stopped by SIGTERM (scancel or the time limit)");
        gateway.ended("stopped by SIGTERM (scancel or the time limit)");
        Session ended = stored(submitted);
        assertEquals(SessionState.ENDED, ended.state());
        assertEquals("stopped by SIGTERM (scancel or the time limit)",
                ended.history().get(ended.history().size() - 1).reason());
        assertTrue(store.leases().stream().noneMatch(l -> l.sessionId().equals(submitted.id())));

        GatewayRefusal lateBeat = assertThrows(GatewayRefusal.class, gateway::heartbeat);
        assertEquals(409, lateBeat.status());
        assertTrue(lateBeat.sessionOver());
        assertEquals("the gateway refused POST /api/moonlight/supervisor/sessions/" + submitted.id() + "/heartbeat"
                + " (HTTP 409): session " + submitted.id() + " is ENDED and takes no more heartbeats",
                lateBeat.getMessage());
        assertEquals(ended.heartbeatAt(), stored(submitted).heartbeatAt(), "a refused heartbeat is not recorded");

        MoonlightException late = assertThrows(MoonlightException.class,
                () -> gateway.ready(new SessionEndpoints(NODE, 10, 47989, 47990, dir, dir)));
        assertTrue(late.getMessage().startsWith("the gateway refused POST /api/moonlight/supervisor/sessions/"
                + submitted.id() + "/ready (HTTP 409): session " + submitted.id() + " cannot go from ENDED to READY"),
                late.getMessage());
    }

    @Test
    void theAgentsStatusIsKeptWhileTheDesktopRunsAndShownInTheSession() throws Exception {
        Submitted submitted = submit("alice");
        GatewayClient gateway = client(submitted);
        String auth = "Session " + submitted.token();
        String path = "/supervisor/sessions/" + submitted.id();

        GatewayRefusal early = assertThrows(GatewayRefusal.class, () -> gateway.agent(AgentState.RUNNING, ""));
        assertEquals(409, early.status());
        assertTrue(early.getMessage().endsWith("(HTTP 409): session " + submitted.id() + " is PENDING: its agent is"
                + " reported only while it is STARTING or READY"), early.getMessage());
        gateway.starting(NODE);
        gateway.agent(AgentState.RUNNING, "started as pid 4242");
        assertEquals(new AgentStatus(AgentState.RUNNING, "started as pid 4242", stored(submitted).agent().orElseThrow().at()),
                stored(submitted).agent().orElseThrow());

        String why = "agent exited with code 1: no libpulse.so.0 (log: /scratch/x/logs/agent.out); not started again"
                + " after 3 restarts";
        gateway.agent(AgentState.FAILED, why);
        Session failed = stored(submitted);
        assertEquals(AgentState.FAILED, failed.agent().orElseThrow().state());
        assertEquals(why, failed.agent().orElseThrow().reason());
        assertEquals(SessionState.STARTING, failed.state(), "the agent is no state of the session");
        assertEquals(2, failed.history().size(), "no history entry");
        JsonNode agent = JSON.readTree(send("GET", path, auth, null).body()).get("agent");
        assertEquals("failed", agent.get("state").asText());
        assertEquals(why, agent.get("reason").asText());
        assertEquals(failed.agent().orElseThrow().at().toString(), agent.get("at").asText());

        HttpResponse<String> unknownState = send("POST", path + "/agent", auth, "{\"state\":\"crashed\",\"reason\":\"\"}");
        assertEquals(400, unknownState.statusCode(), unknownState.body());
        assertError(unknownState, "'crashed' is not an agent state");
        assertEquals(400, send("POST", path + "/agent", auth, "{\"state\":\"RUNNING\",\"reason\":\"\"}").statusCode());
        assertEquals(400, send("POST", path + "/agent", auth, "{\"state\":\"running\"}").statusCode(), "reason is required");
        assertEquals(400, send("POST", path + "/agent", auth, "{\"state\":\"off\",\"reason\":\"two\\nlines\"}")
                .statusCode());
        assertEquals(400, send("POST", path + "/agent", auth, "{\"state\":\"off\",\"reason\":\""
                + "x".repeat(2001) + "\"}").statusCode());
        HttpResponse<String> othersToken = send("POST", path + "/agent", "Session " + submit("bob").token(),
                "{\"state\":\"running\",\"reason\":\"\"}");
        assertEquals(401, othersToken.statusCode(), othersToken.body());
        assertEquals(failed.agent(), stored(submitted).agent(), "nothing refused was kept");

        gateway.failed("test over");
        assertThrows(GatewayRefusal.class, () -> gateway.agent(AgentState.RUNNING, ""));
    }

    @Test
    void aFailureIsStoredWithItsReasonAndFreesTheLease() {
        Submitted submitted = submit("alice");
        GatewayClient gateway = client(submitted);
        gateway.starting(NODE);
        gateway.claimLease(NODE, FreeDisplays.ALL);

        gateway.failed("desktop exited with code 3: cannot find the session bus");

        Session failed = stored(submitted);
        assertEquals(SessionState.FAILED, failed.state());
        assertEquals("desktop exited with code 3: cannot find the session bus", failed.failureReason().orElseThrow());
        assertTrue(store.leases().stream().noneMatch(l -> l.sessionId().equals(submitted.id())));
    }

    @Test
    void theLeaseTakesTheLowestDisplayTheNodeFoundFreeThatNoSessionHolds() throws Exception {
        String node = "viz07";
        Submitted first = submit("alice");
        Submitted second = submit("bob");
        Submitted third = submit("carol");
        client(first).starting(node);
        client(second).starting(node);
        client(third).starting(node);

        assertEquals(12, client(first).claimLease(node, List.of(13, 12, 15)).display(), "10 and 11 are busy on the node");
        assertEquals(13, client(second).claimLease(node, List.of(12, 13)).display(), ":12 is leased already");
        MoonlightException none = assertThrows(MoonlightException.class,
                () -> client(third).claimLease(node, List.of(12, 13)));
        assertTrue(none.getMessage().endsWith("no free X display on viz07: the ones it found free (:12 :13) are all "
                + "leased to other sessions"), none.getMessage());
        assertTrue(store.leases().stream().noneMatch(l -> l.sessionId().equals(third.id())));

        String auth = "Session " + third.token();
        String path = "/supervisor/sessions/" + third.id() + "/lease";
        HttpResponse<String> vncDisplay = send("POST", path, auth, "{\"node\":\"viz07\",\"free_displays\":[5,14]}");
        assertEquals(400, vncDisplay.statusCode(), vncDisplay.body());
        assertError(vncDisplay, "display :5 cannot be leased");
        assertEquals(400, send("POST", path, auth, "{\"node\":\"viz07\"}").statusCode(), "the free displays are required");
        assertEquals(400, send("POST", path, auth, "{\"node\":\"viz07\",\"free_displays\":[\"14\"]}").statusCode());
        assertEquals(400, send("POST", path, auth, "{\"node\":\"viz07\",\"free_displays\":[1000]}").statusCode());
        assertEquals(14, client(third).claimLease(node, List.of(14)).display());
        for (Submitted session : List.of(first, second, third)) {
            client(session).failed("test over");
        }
    }

    @Test
    void onlyTheSessionsOwnTokenOpensItsEndpoints() throws Exception {
        Submitted alices = submit("alice");
        Submitted bobs = submit("bob");
        String path = "/supervisor/sessions/" + alices.id();

        HttpResponse<String> none = send("GET", path, null, null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Session", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertError(none, "no session token");
        assertError(send("GET", path, "Session " + SessionToken.generate(), null),
                "the session token is not the one of session " + alices.id());
        assertError(send("GET", path, "Session " + bobs.token(), null),
                "the session token is not the one of session " + alices.id());
        assertError(send("POST", path + "/ended", "Session " + bobs.token(), "{\"reason\":\"x\"}"),
                "the session token is not the one of session " + alices.id());
        String unknown = IDS.next("alice");
        assertError(send("GET", "/supervisor/sessions/" + unknown, "Session " + alices.token(), null),
                "the session token is not the one of session " + unknown);

        String adminJwt = Tokens.hs256("root", "HPC-Admins");
        HttpResponse<String> jwt = send("GET", path, "Bearer " + adminJwt, null);
        assertEquals(401, jwt.statusCode(), jwt.body());
        assertError(jwt, "supervisor endpoints take a session token, not Bearer");
        HttpResponse<String> tokenOnUserApi = send("GET", "/sessions/" + alices.id(), "Session " + alices.token(), null);
        assertEquals(401, tokenOnUserApi.statusCode(), tokenOnUserApi.body());
        HttpResponse<String> tokenAsBearer = send("GET", "/sessions", "Bearer " + alices.token(), null);
        assertEquals(401, tokenAsBearer.statusCode(), tokenAsBearer.body());

        assertEquals(SessionState.PENDING, stored(alices).state(), "nothing was changed");
        assertEquals(SessionState.PENDING, stored(bobs).state());
    }

    @Test
    void bodiesAreReadStrictly() throws Exception {
        Submitted submitted = submit("alice");
        String auth = "Session " + submitted.token();
        String path = "/supervisor/sessions/" + submitted.id();

        assertEquals(400, send("POST", path + "/starting", auth, "{\"node\":\"viz01\",\"extra\":1}").statusCode());
        assertEquals(400, send("POST", path + "/starting", auth, "{\"node\":\"viz01;reboot\"}").statusCode());
        assertEquals(400, send("POST", path + "/lease", auth, "").statusCode());
        assertEquals(400, send("POST", path + "/failed", auth, "{\"reason\":\"two\\nlines\"}").statusCode());
        assertEquals(400, send("POST", path + "/failed", auth, "{\"reason\":\"\"}").statusCode());
        assertEquals(SessionState.PENDING, stored(submitted).state());

        client(submitted).starting(NODE);
        client(submitted).claimLease(NODE, FreeDisplays.ALL);
        HttpResponse<String> elsewhere = send("POST", path + "/ready", auth,
                "{\"node\":\"viz01\",\"display\":11,\"sunshine_port\":47989,\"web_ui_port\":47990}");
        assertEquals(400, elsewhere.statusCode(), elsewhere.body());
        assertError(elsewhere, "READY on viz01 display :11 port 47989 does not match the lease of session "
                + submitted.id());
        HttpResponse<String> stringForNumber = send("POST", path + "/ready", auth,
                "{\"node\":\"viz01\",\"display\":\"10\",\"sunshine_port\":47989,\"web_ui_port\":47990}");
        assertEquals(400, stringForNumber.statusCode(), stringForNumber.body());
        assertEquals(SessionState.STARTING, stored(submitted).state());
        client(submitted).failed("test over");
    }

    @Test
    void theClientWaitsForAGatewayThatRestarts() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Submitted submitted = submit("alice");
        GatewayClient gateway = new GatewayClient("http://127.0.0.1:" + port, submitted.id(), submitted.token(),
                Duration.ofSeconds(20));
        CompletableFuture<GatewayClient.Assignment> waiting = CompletableFuture.supplyAsync(gateway::assignment);
        Thread.sleep(1500);
        assertFalse(waiting.isDone(), "nothing listens yet: the client keeps trying");

        try (GatewayServer restarted = gateway(port)) {
            assertEquals("alice", waiting.get().user());
        }
    }

    @Test
    void theClientGivesUpAfterItsRetryTime() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Submitted submitted = submit("alice");
        GatewayClient gateway = new GatewayClient("http://127.0.0.1:" + port, submitted.id(), submitted.token(),
                Duration.ofSeconds(1));

        MoonlightException e = assertThrows(MoonlightException.class, gateway::heartbeat);

        assertEquals(ExitCode.UNAVAILABLE, e.exitCode());
        assertTrue(e.getMessage().startsWith("the gateway at http://127.0.0.1:" + port + " did not answer POST "
                + "/api/moonlight/supervisor/sessions/" + submitted.id() + "/heartbeat for 1 s: ConnectException"),
                e.getMessage());
    }

    private static Session stored(Submitted submitted) {
        return store.get(submitted.id()).orElseThrow();
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + GatewayServer.BASE + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, String error) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertEquals(error, body.get("error").asText(), response.body());
        assertEquals(1, response.body().lines().count());
    }
}
