package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.gateway.auth.JwtAuthenticator;
import io.moonlight.gateway.auth.SessionTokenAuthenticator;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.AccessGuard;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer the HTTP server gives on its own, sent as raw bytes the way a broken client or a
 * scanner would: Jetty's 400/414/431/505 before any handler, Javalin's 404/405/413, and 500 for a
 * handler that throws, even a {@link java.lang.Error}. Each is the API's one-line JSON error.
 */
class ServerErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    @TempDir
    static Path dir;
    private static SessionStore store;
    private static GatewayServer server;

    /** Routes that fail as no real route should, and one that reads its body. */
    private static final ApiRoutes TEST_ROUTES = (RoutesConfig routes) -> {
        routes.get(GatewayServer.BASE + "/throws", ctx -> {
            throw new IllegalStateException("a bug");
        }, Access.PUBLIC);
        routes.get(GatewayServer.BASE + "/throws-an-error", ctx -> {
            throw new AssertionError("a worse bug");
        }, Access.PUBLIC);
        routes.post(GatewayServer.BASE + "/reads-its-body", ctx -> ctx.result(String.valueOf(ctx.body().length())),
                Access.PUBLIC);
    };

    @BeforeAll
    static void start() {
        MoonlightConfig config = ConfigLoader.parse("test.yaml", "store:\n  sqlite_path: " + dir.resolve("m.db") + "\n"
                + "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n");
        store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        RateLimits limits = new RateLimits(config.gateway().rateLimit(), Clock.systemUTC());
        AccessGuard guard = new AccessGuard(JwtAuthenticator.from(config.gateway()), new SessionTokenAuthenticator(store),
                false, limits);
        server = GatewayServer.start(new GatewayOptions("127.0.0.1", 0, 0), new ClientAddress(List.of()), limits, guard,
                new GatewayMetrics(), new RequestLog(new PrintStream(LOG, true, StandardCharsets.UTF_8),
                        Clock.systemUTC()), List.of(TEST_ROUTES), noSignaling -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void aPathWithAnEncodedNulOrABrokenEscapeIs400() throws Exception {
        for (String path : List.of("/api/moonlight/sessions/%00", "/api/moonlight/sessions/ml-alice%00", "/api/moonlight/%zz")) {
            assertJsonError(400, send(request("GET " + path)));
        }
    }

    @Test
    void requestsJettyCannotParseAreJson() throws Exception {
        assertJsonError(400, send("GARBAGE\r\n\r\n"));
        assertJsonError(400, send("GET /api/moonlight/healthz HTTP/1.1\r\n\r\n"), "no Host");
        assertJsonError(400, send(request("GET /api/moonlight/healthz", "Host: b")), "two Hosts");
        assertJsonError(400, send(request("POST /api/moonlight/reads-its-body", "Content-Length: 5",
                "Transfer-Encoding: chunked") + "0\r\n\r\n"), "both lengths");
        assertJsonError(400, send(request("GET /api/moonlight/healthz", "Content-Length: abc")));
        assertJsonError(505, send("GET /api/moonlight/healthz HTTP/3.0\r\nHost: x\r\n\r\n"));
    }

    @Test
    void anOversizedUriOrHeaderIsJson() throws Exception {
        assertJsonError(414, send(request("GET /api/moonlight/" + "a".repeat(20_000))));
        assertJsonError(431, send(request("GET /api/moonlight/healthz", "X-Big: " + "b".repeat(20_000))));
    }

    @Test
    void anOversizedBodyIs413WhetherItsLengthIsGivenOrChunked() throws Exception {
        String body = "x".repeat(70_000);
        String read = send(request("POST /api/moonlight/reads-its-body", "Content-Length: 100") + "x".repeat(100));
        assertEquals(200, status(read), read);
        assertTrue(read.endsWith("\r\n\r\n100"), "a body under the limit is read whole: " + read);
        assertJsonError(413, send(request("POST /api/moonlight/reads-its-body", "Content-Length: " + body.length()) + body));
        assertJsonError(413, send(request("POST /api/moonlight/reads-its-body", "Transfer-Encoding: chunked")
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n"));
    }

    @Test
    void unknownPathsAndMethodsAreJson() throws Exception {
        assertJsonError(404, send(request("GET /nothing")));
        assertJsonError(404, send(request("OPTIONS *")));
        for (String method : List.of("FOO", "DELETE")) {
            assertJsonError(405, send(request(method + " /api/moonlight/throws")));
        }
    }

    @Test
    void aHandlerThatThrowsIsA500WithoutItsStackTrace() throws Exception {
        assertJsonError(500, send(request("GET /api/moonlight/throws")));
        assertJsonError(500, send(request("GET /api/moonlight/throws-an-error")));
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("a bug") && log.contains("a worse bug"), "both go to the gateway's log: " + log);
    }

    /** An HTTP/1.1 request's head: its line, Host and Connection: close, then these headers. */
    private static String request(String methodAndTarget, String... headers) {
        return methodAndTarget + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + String.join("", Stream.of(headers).map(h -> h + "\r\n").toList()) + "\r\n";
    }

    /** The whole answer to the raw request; the server closes the connection after an error. */
    private static String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException answeredBeforeTheWholeRequest) {
                // An oversized request may be answered and closed while it is still being sent.
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String answer) {
        return Integer.parseInt(answer.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    private static void assertJsonError(int status, String answer) throws IOException {
        assertJsonError(status, answer, "");
    }

    private static void assertJsonError(int status, String answer, String what) throws IOException {
        assertEquals(status, status(answer), what + ": " + answer);
        int split = answer.indexOf("\r\n\r\n");
        String headers = answer.substring(0, split).toLowerCase();
        String body = answer.substring(split + 4);
        assertTrue(headers.contains("\r\ncontent-type: application/json"), answer);
        assertEquals(1, body.lines().count(), answer);
        JsonNode error = JSON.readTree(body);
        assertFalse(error.path("error").asText().isBlank(), answer);
        assertFalse(error.path("hint").asText().isBlank(), answer);
        assertFalse(body.contains("Exception") || body.contains("Error") || body.contains("<"), answer);
    }
}
