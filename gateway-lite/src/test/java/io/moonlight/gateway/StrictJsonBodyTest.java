package io.moonlight.gateway;

import static io.moonlight.gateway.GatewayApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.GatewayConfig;
import io.moonlight.gateway.auth.AuthFailure;
import io.moonlight.gateway.auth.JwtAuthenticator;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.AccessGuard;
import io.moonlight.gateway.http.ApiRoutes;
import io.moonlight.gateway.http.ClientAddress;
import io.moonlight.gateway.http.RateLimits;
import io.moonlight.gateway.http.RequestLog;
import io.moonlight.gateway.metrics.GatewayMetrics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are read as strictly as the CLI's options: the server's JSON mapping and error
 * handling, exercised through an endpoint that reads a pairing request ({"pin": "NNNN"}) and echoes it.
 */
class StrictJsonBodyTest {
    private static GatewayServer server;
    private static Api api;
    private static final String TOKEN = Tokens.hs256("alice", "HPC-Users");

    record PinRequest(String pin, int attempts) {
        PinRequest {
            if (pin == null || !pin.matches("[0-9]{4}")) {
                throw MoonlightException.badInput("'" + pin + "' is not a PIN", "give the 4 digits Moonlight shows");
            }
        }
    }

    @BeforeAll
    static void start() {
        GatewayConfig gateway = ConfigLoader.parse("test.yaml",
                "gateway:\n  jwt:\n    hs256_secret: " + Tokens.SECRET + "\n").gateway();
        ApiRoutes echo = routes -> routes.post(GatewayServer.BASE + "/echo",
                ctx -> ctx.json(ctx.bodyAsClass(PinRequest.class)), Access.USER);
        RateLimits limits = new RateLimits(gateway.rateLimit(), Clock.systemUTC());
        server = GatewayServer.start(new GatewayOptions("127.0.0.1", 0, 0), new ClientAddress(gateway.trustedProxies()),
                limits, new AccessGuard(JwtAuthenticator.from(gateway), request -> {
                    throw AuthFailure.unauthorizedSession("no sessions here", null);
                }, false, limits), new GatewayMetrics(),
                new RequestLog(new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()), List.of(echo),
                noSignaling -> { });
        api = new Api(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aGoodBodyIsRead() throws Exception {
        var response = api.post("/echo", TOKEN, "{\"pin\":\"1234\",\"attempts\":2}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"pin\":\"1234\",\"attempts\":2}", response.body());
    }

    @Test
    void unknownFieldIs400() throws Exception {
        assertError(400, "unknown field 'pim' in the request body",
                api.post("/echo", TOKEN, "{\"pin\":\"1234\",\"attempts\":2,\"pim\":\"1\"}"));
    }

    @Test
    void wrongTypesMissingFieldsAndCoercionsAre400() throws Exception {
        assertError(400, "field 'attempts' is missing or has the wrong type",
                api.post("/echo", TOKEN, "{\"pin\":\"1234\",\"attempts\":\"2\"}"));
        assertError(400, "field 'attempts' is missing or has the wrong type", api.post("/echo", TOKEN, "{\"pin\":\"1234\"}"));
        assertError(400, "the request body is not the expected JSON object", api.post("/echo", TOKEN, "[1,2]"));
    }

    @Test
    void duplicateFieldsTrailingDataAndGarbageAre400() throws Exception {
        assertError(400, "the request body is not valid JSON: a field appears twice",
                api.post("/echo", TOKEN, "{\"pin\":\"1234\",\"pin\":\"9999\",\"attempts\":1}"));
        assertError(400, "the request body has more after its JSON object",
                api.post("/echo", TOKEN, "{\"pin\":\"1234\",\"attempts\":1} {}"));
        assertError(400, "the request body is not valid JSON", api.post("/echo", TOKEN, "pin=1234"));
        assertError(400, "the request body is empty", api.post("/echo", TOKEN, ""));
    }

    @Test
    void aValueTheRecordRefusesIs400WithItsMessage() throws Exception {
        assertError(400, "'12a4' is not a PIN", api.post("/echo", TOKEN, "{\"pin\":\"12a4\",\"attempts\":1}"));
    }

    @Test
    void bodiesNeedATokenFirst() throws Exception {
        assertError(401, "no token", api.post("/echo", null, "{\"pin\":\"1234\",\"attempts\":1}"));
    }
}
