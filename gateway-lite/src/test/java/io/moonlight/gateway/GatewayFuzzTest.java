package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.session.Session;
import io.moonlight.core.session.SessionToken;
import io.moonlight.core.store.SessionStore;
import io.moonlight.core.store.StoreFactory;
import io.moonlight.core.testbed.LocalUsers;
import io.moonlight.core.testing.FakeSupervisor;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated requests thrown at every endpoint the gateway has (listed from the running server) by
 * Jazzer, a coverage-guided fuzzer (each request is built from the fuzzer's bytes, so inputs that
 * reach new code in the gateway are kept and varied):
 * odd methods, paths and session ids, query strings, Authorization headers (portal tokens with
 * mutated claims, duplicate keys, other algorithms; session tokens; garbage), content types, method
 * overrides, X-Real-IP values and bodies (JSON of every shape, the endpoint's own fields with wrong
 * values, non-JSON, JSON null). Whatever comes in, the answer is the endpoint's success or a 4xx,
 * always JSON, with one-line {@code error} and {@code hint} for a 4xx; never a 5xx. The gateway runs
 * as {@code moonlight gateway} does, over SQLite and the local scheduler, with a real user whose
 * valid starts really submit a job.
 */
@ServiceTest
class GatewayFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "mlfz-owner";
    private static final String OTHER = "mlfz-other";
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static final String SESSION = "/api/moonlight/sessions/{id}";
    private static final String SUPERVISOR = "/api/moonlight/supervisor/sessions/{id}";
    /** Each endpoint's fields and bodies it accepts: a new endpoint must be added here (see {@link #everyEndpointIsFuzzed}). */
    private static final Map<String, List<String>> VALID_BODIES = Map.ofEntries(
            Map.entry("GET /api/moonlight/healthz", List.of()),
            Map.entry("GET /api/moonlight/metrics", List.of()),
            Map.entry("GET /api/moonlight/images", List.of()),
            Map.entry("GET /api/moonlight/sessions", List.of()),
            Map.entry("POST /api/moonlight/sessions", List.of("{}", "{\"user\":\"" + OWNER + "\"}",
                    "{\"image\":\"gnome\",\"geometry\":\"1280x720\",\"hours\":1,\"fps\":30,\"bitrate_kbps\":5000,"
                            + "\"codec\":\"hevc\"}")),
            Map.entry("GET " + SESSION, List.of()),
            Map.entry("DELETE " + SESSION, List.of()),
            Map.entry("POST " + SESSION + "/pair", List.of("{\"pin\":\"1234\"}")),
            Map.entry("POST " + SESSION + "/share", List.of("{\"expires\":\"2h\",\"max_viewers\":5}")),
            Map.entry("GET " + SESSION + "/share", List.of()),
            Map.entry("DELETE " + SESSION + "/share", List.of()),
            Map.entry("GET " + SUPERVISOR, List.of()),
            Map.entry("POST " + SUPERVISOR + "/starting", List.of("{\"node\":\"viz01\"}")),
            Map.entry("POST " + SUPERVISOR + "/lease", List.of("{\"node\":\"viz01\",\"free_displays\":[10,11]}")),
            Map.entry("DELETE " + SUPERVISOR + "/lease", List.of()),
            Map.entry("POST " + SUPERVISOR + "/ready",
                    List.of("{\"node\":\"viz01\",\"display\":10,\"sunshine_port\":47989,\"web_ui_port\":47990}")),
            Map.entry("POST " + SUPERVISOR + "/agent", List.of("{\"state\":\"failed\",\"reason\":\"gave up\"}",
                    "{\"state\":\"running\",\"reason\":\"\"}")),
            Map.entry("POST " + SUPERVISOR + "/heartbeat", List.of()),
            Map.entry("POST " + SUPERVISOR + "/ended", List.of("{\"reason\":\"done\"}")),
            Map.entry("POST " + SUPERVISOR + "/failed", List.of("{\"reason\":\"broken\"}")));
    private static final List<String> FIELDS = List.of("user", "image", "geometry", "hours", "fps", "bitrate_kbps",
            "codec", "pin", "expires", "max_viewers", "node", "free_displays", "display", "sunshine_port", "web_ui_port", "reason", "state");
    private static final List<String> CLAIMS = List.of("preferred_username", "groups", "exp", "nbf", "iat", "aud",
            "iss", "sub", "jti");

    private static Path dir;
    private static SessionStore store;
    private static GatewayServer server;
    private static Api api;
    private static List<String> endpoints;
    private static Session owners;
    private static Session others;
    private static String ownersToken;
    private static String othersToken;

    record Request(String method, String path, Map<String, String> headers, String body) {
    }

    @BeforeAll
    static void start() throws IOException {
        LocalUsers.ensure(OWNER);
        dir = Files.createTempDirectory("gateway-fuzz");
        Path scratch = UserDirs.scratch(dir);
        MoonlightConfig config = ConfigLoader.parse("test.yaml", String.join("\n",
                "paths:",
                "  session_root: " + scratch,
                "  state_dir: " + dir.resolve("state"),
                "store:",
                "  sqlite_path: " + dir.resolve("m.db"),
                "sessions:",
                "  scheduler: local",
                "  max_per_user: 2",
                "  launcher: " + FakeSupervisor.writeTo(dir),
                "gateway:",
                "  jwt:",
                "    hs256_secret: " + Tokens.SECRET,
                "  rate_limit:",
                "    per_user_per_minute: 1000000",
                "    per_address_per_minute: 1000000",
                ""));
        store = StoreFactory.open(config.store(), config.sunshine(), Clock.systemUTC());
        StoredSessions stored = new StoredSessions();
        ownersToken = SessionToken.generate();
        othersToken = SessionToken.generate();
        owners = stored.add(store, OWNER, ownersToken);
        others = stored.add(store, OTHER, othersToken);
        server = Gateway.start(config, new GatewayOptions("127.0.0.1", 0, 0), store, SiteSessions.over(config, store),
                new PrintStream(LOG, true, StandardCharsets.UTF_8), Clock.systemUTC());
        api = new Api(server.port());
        endpoints = server.endpoints();
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        try {
            for (Session session : store.list()) {
                if (session.state().isActive() && session.jobId().isPresent()) {
                    api.delete("/sessions/" + session.id(), Tokens.hs256("root", "HPC-Admins"));
                }
            }
        } finally {
            server.close();
            store.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void everyEndpointIsFuzzed() {
        assertEquals(VALID_BODIES.keySet(), Set.copyOf(endpoints), "add a new endpoint's bodies to VALID_BODIES");
    }

    /** Runs 1,500 requests when JAZZER_FUZZ is set (the module's tests set it), else the kept inputs only. */
    @FuzzTest(maxExecutions = 1500, maxDuration = "2m")
    void noRequestGetsA5xxOrAnAnswerThatIsNotJson(FuzzedDataProvider data) throws Exception {
        // The requests go to the gateway under test, on loopback: not a forged server-side request.
        BugDetectors.allowNetworkConnections();
        Request request = request(data);
        HttpResponse<String> response;
        try {
            response = api.send(request.method(), request.path(), request.headers(), request.body());
        } catch (IOException staleConnection) {
            // The gateway closes a connection after some answers (a malformed request, a body over the
            // limit); the client may have picked that connection from its pool. Once more, on a new one:
            // a request that makes the gateway drop the connection every time still fails here.
            response = api.send(request.method(), request.path(), request.headers(), request.body());
        }
        int status = response.statusCode();
        String said = request + " -> " + status + " " + response.body();
        if (status >= 500) {
            fail(said + "\ngateway log:\n" + LOG.toString(StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.matches("\\S+ \\S+ [A-Z]+ .* [0-9]{3} [0-9.]+ms.*")).collect(Collectors.joining("\n")));
        }
        assertTrue(Set.of(200, 201, 202).contains(status) || status >= 400, said);
        if (request.method().equals("HEAD") || (status == 200 && request.path().startsWith("/metrics"))) {
            return;
        }
        JsonNode body = json(response.body(), said);
        assertEquals(1, response.body().lines().count(), said);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), said);
        if (status >= 400) {
            assertTrue(body.path("error").isTextual() && !body.path("error").asText().isBlank(), said);
            assertTrue(body.path("hint").isTextual() && !body.path("hint").asText().isBlank(), said);
        }
    }

    private static Request request(FuzzedDataProvider data) {
        String route = data.pickValue(endpoints);
        String[] parts = route.split(" ", 2);
        return new Request(method(data, parts[0]), path(data, parts[1]) + query(data), headers(data, parts[1]),
                body(data, VALID_BODIES.get(route)));
    }

    /** True {@code weight} times in {@code of}. */
    private static boolean often(FuzzedDataProvider data, int weight, int of) {
        return data.consumeInt(1, of) <= weight;
    }

    private static String method(FuzzedDataProvider data, String own) {
        return often(data, 8, 10) ? own
                : data.pickValue(List.of("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "MOVE"));
    }

    /** The endpoint's path below the API's base, its {id} a real session's, another's, or something odd. */
    private static String path(FuzzedDataProvider data, String template) {
        String below = template.substring(GatewayServer.BASE.length());
        String id = switch (data.consumeInt(0, 9)) {
            case 0 -> others.id();
            case 1 -> data.pickValue(List.of("..", "%2e%2e", ".", "%2F", "a%2Fb", "%00", "%ff", "%C0%AE", "ml-x",
                    "ml-" + OWNER + "-00000000000000-aaaaaa", "x;y=z", "%252F", "~root", "%0d%0aX:1",
                    "a".repeat(3000), "a".repeat(20_000)));
            case 2, 3 -> percentEncoded(data.consumeString(40));
            default -> owners.id();
        };
        String tail = often(data, 12, 13) ? ""
                : data.pickValue(List.of("/", "//", "/..", "/../..", "/%2e%2e/%2e%2e", ";x=1", "/x", "%20", "/."));
        return below.replace("{id}", id) + tail;
    }

    private static String query(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 11)) {
            case 0 -> data.pickValue(List.of("?all=true", "?all=false", "?all=yes", "?all=true&all=false",
                    "?_method=DELETE", "?all", "?=", "?%00=%00", "?all=%E2%82%AC", "?a=b&c=d"));
            case 1 -> "?" + percentEncoded(data.consumeString(10)) + "=" + percentEncoded(data.consumeString(10));
            default -> "";
        };
    }

    /** Credentials of the kind the endpoint takes most of the time, of the other kind, hostile or none. */
    private static Map<String, String> headers(FuzzedDataProvider data, String path) {
        boolean supervisor = path.startsWith(SUPERVISOR);
        Map<String, String> headers = new LinkedHashMap<>();
        switch (data.consumeInt(0, 9)) {
            case 0 -> {
                // no header
            }
            case 1 -> headers.put("Authorization", supervisor ? bearer(data) : session(data));
            case 2 -> headers.put("Authorization", "Bearer " + hostileToken(data));
            case 3 -> headers.put("Authorization", often(data, 1, 2) ? printable(data, 200)
                    : data.pickValue(List.of("Bearer", "Bearer a b", "Basic YWxpY2U6c2VjcmV0",
                            "bearer  " + Tokens.hs256(OWNER, "HPC-Users"))));
            case 4, 5 -> headers.put("Authorization", supervisor ? session(data) : "Bearer " + hostileToken(data));
            default -> headers.put("Authorization", supervisor ? session(data) : bearer(data));
        }
        String type = data.pickValue(List.of("", "application/json", "application/json; charset=utf-8",
                "application/json; charset=bogus-9", "application/json; charset=", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data", "*/*",
                "application/json; charset=utf-16", ";;;"));
        if (!type.isEmpty()) {
            headers.put("Content-Type", type);
        }
        switch (data.consumeInt(0, 8)) {
            case 0 -> headers.put(data.pickValue(List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")),
                    data.pickValue(List.of("DELETE", "PUT", "GET", "POST", "FOO", "", "delete")));
            case 1 -> headers.put("X-Real-IP", often(data, 1, 2) ? printable(data, 60)
                    : data.pickValue(List.of("10.1.2.3", "::1", "fe80::1%eth0", "1.2.3.4, 5.6.7.8", "999.1.1.1",
                            "2001:db8::1", "localhost", "[::1]")));
            case 2 -> headers.putAll(data.pickValue(List.of(Map.of("Content-Encoding", "gzip"),
                    Map.of("Accept", "text/html"), Map.of("Accept-Charset", "bogus"), Map.of("Cookie", "JSESSIONID=x"),
                    Map.of("Origin", "null"), Map.of("Range", "bytes=0-1"), Map.of("If-Modified-Since", "yesterday"),
                    Map.of("X-Padding", "x".repeat(20_000)))));
            default -> {
                // nothing more
            }
        }
        return headers;
    }

    private static String bearer(FuzzedDataProvider data) {
        return "Bearer " + (often(data, 4, 5)
                ? data.pickValue(List.of(Tokens.hs256(OWNER, "HPC-Users"), Tokens.hs256("root", "HPC-Admins")))
                : data.pickValue(List.of(Tokens.hs256(OTHER, "GPU-Users"), Tokens.hs256(OWNER, "Students"),
                        Tokens.unsigned("root", "HPC-Admins"), Tokens.hs256("../etc", "HPC-Admins"))));
    }

    private static String session(FuzzedDataProvider data) {
        return often(data, 6, 7) ? "Session " + ownersToken
                : data.pickValue(List.of("Session " + othersToken, "Session ", "Session x",
                        "Session " + ownersToken + " " + ownersToken, "session " + ownersToken));
    }

    private static String body(FuzzedDataProvider data, List<String> valid) {
        return switch (data.consumeInt(0, valid.isEmpty() ? 17 : 23)) {
            case 0, 1 -> null;
            case 2, 3 -> "null";
            case 4, 5, 6 -> data.pickValue(List.of("", " ", "{}", "[]", "0", "\"x\"", "true", "{", "{} {}",
                    "{\"a\":1,\"a\":2}", "\u0000", "[".repeat(5000), "{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                    "{\"pin\":\"" + "9".repeat(70_000) + "\"}", "_method=DELETE"));
            case 7, 8, 9, 10 -> jsonValue(data, 3);
            case 17 -> printable(data, 100);
            case 11, 12, 13, 14, 15, 16 -> fieldsObject(data);
            default -> data.pickValue(valid);
        };
    }

    /** A JSON object of the endpoints' field names with values of any shape, now and then one twice. */
    private static String fieldsObject(FuzzedDataProvider data) {
        List<String> members = new ArrayList<>();
        for (int i = data.consumeInt(0, 6); i > 0; i--) {
            members.add(quoted(data.pickValue(FIELDS)) + ":" + jsonValue(data, 2));
        }
        return "{" + String.join(",", members) + "}";
    }

    /** A portal token signed with the gateway's secret (or not) whose good claims have one mutated. */
    private static String hostileToken(FuzzedDataProvider data) {
        String header = often(data, 6, 7) ? Tokens.HS256_HEADER
                : data.pickValue(List.of("{\"alg\":\"HS256\",\"alg\":\"none\"}", "{\"alg\":\"none\"}",
                        "{\"alg\":\"RS256\"}", "[]", "null", "{\"alg\":\"HS256\",\"kid\":{}}",
                        "{\"alg\":\"HS256\",\"typ\":7}", "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{\"alg\":null}"));
        String payload = often(data, 9, 10) ? mutatedClaims(data) : jsonValue(data, 1);
        String token = Tokens.signedRaw(header, payload);
        return often(data, 3, 4) ? token : token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    }

    /** A good token's claims with one replaced, given twice or dropped. */
    private static String mutatedClaims(FuzzedDataProvider data) {
        String name = often(data, 1, 2) ? data.pickValue(CLAIMS) : data.consumeString(8);
        String value = jsonValue(data, 2);
        String how = data.pickValue(List.of("replace", "twice", "drop"));
        long now = Instant.now().getEpochSecond();
        Map<String, String> good = new LinkedHashMap<>();
        good.put("preferred_username", quoted(OWNER));
        good.put("groups", "[\"HPC-Users\"]");
        good.put("iat", String.valueOf(now - 60));
        good.put("exp", String.valueOf(now + 3600));
        List<String> members = new ArrayList<>();
        good.forEach((k, v) -> {
            if (!(k.equals(name) && !how.equals("twice"))) {
                members.add(quoted(k) + ":" + v);
            }
        });
        if (!how.equals("drop")) {
            members.add(quoted(name) + ":" + value);
        }
        return "{" + String.join(",", members) + "}";
    }

    private static String jsonValue(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth == 0 ? 5 : 7);
        return switch (kind) {
            case 0, 1 -> data.pickValue(List.of("null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "-1e400", "1E2",
                    "123456789012345678901234567890", "9223372036854775808", "253402300800", "\"\"", "\"1234\"",
                    "\"xfce4\"", "\"" + OWNER + "\"", "\"HPC-Admins\"", "\"1920x1080\"", "\"h264\"", "\"viz01\"", "10"));
            case 2 -> String.valueOf(data.consumeLong());
            case 3 -> String.valueOf(data.consumeRegularDouble());
            case 4, 5 -> quoted(data.consumeString(30));
            case 6 -> {
                List<String> items = new ArrayList<>();
                for (int i = data.consumeInt(0, 4); i > 0; i--) {
                    items.add(jsonValue(data, depth - 1));
                }
                yield "[" + String.join(",", items) + "]";
            }
            default -> {
                List<String> members = new ArrayList<>();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    String key = often(data, 1, 2) ? data.pickValue(FIELDS) : data.pickValue(CLAIMS);
                    members.add(quoted(key) + ":" + jsonValue(data, depth - 1));
                }
                yield "{" + String.join(",", members) + "}";
            }
        };
    }

    /** Printable ASCII only: the test's HTTP client refuses control characters in a header. */
    private static String printable(FuzzedDataProvider data, int longest) {
        return data.consumeAsciiString(longest).replaceAll("[^ -~]", "");
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every byte outside the unreserved characters as %XX, so any text can stand in a URI. */
    private static String percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    private static JsonNode json(String body, String said) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return fail("not JSON: " + said);
        }
    }
}
