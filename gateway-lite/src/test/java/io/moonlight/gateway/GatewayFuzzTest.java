package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated requests thrown at every endpoint the gateway has (listed from the running server):
 * odd methods, paths and session ids, query strings, Authorization headers (portal tokens with
 * mutated claims, duplicate keys, other algorithms; session tokens; garbage), content types, method
 * overrides, X-Real-IP values and bodies (JSON of every shape, the endpoint's own fields with wrong
 * values, non-JSON, JSON null). Whatever comes in, the answer is the endpoint's success or a 4xx,
 * always JSON, with one-line {@code error} and {@code hint} for a 4xx; never a 5xx. The gateway runs
 * as {@code moonlight gateway} does, over SQLite and the local scheduler, with a real user whose
 * valid starts really submit a job.
 */
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
            Map.entry("GET " + SUPERVISOR, List.of()),
            Map.entry("POST " + SUPERVISOR + "/starting", List.of("{\"node\":\"viz01\"}")),
            Map.entry("POST " + SUPERVISOR + "/lease", List.of("{\"node\":\"viz01\",\"free_displays\":[10,11]}")),
            Map.entry("DELETE " + SUPERVISOR + "/lease", List.of()),
            Map.entry("POST " + SUPERVISOR + "/ready",
                    List.of("{\"node\":\"viz01\",\"display\":10,\"sunshine_port\":47989,\"web_ui_port\":47990}")),
            Map.entry("POST " + SUPERVISOR + "/heartbeat", List.of()),
            Map.entry("POST " + SUPERVISOR + "/ended", List.of("{\"reason\":\"done\"}")),
            Map.entry("POST " + SUPERVISOR + "/failed", List.of("{\"reason\":\"broken\"}")));
    private static final List<String> FIELDS = List.of("user", "image", "geometry", "hours", "fps", "bitrate_kbps",
            "codec", "pin", "node", "free_displays", "display", "sunshine_port", "web_ui_port", "reason");
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

    @BeforeContainer
    static void start() throws IOException {
        LocalUsers.ensure(OWNER);
        dir = Files.createTempDirectory("gateway-fuzz");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxrwxrwx"));
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

    @AfterContainer
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

    @Example
    void everyEndpointIsFuzzed() {
        assertEquals(VALID_BODIES.keySet(), Set.copyOf(endpoints), "add a new endpoint's bodies to VALID_BODIES");
    }

    @Property(tries = 1500, edgeCases = EdgeCasesMode.NONE)
    void noRequestGetsA5xxOrAnAnswerThatIsNotJson(@ForAll("requests") Request request) throws Exception {
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

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> endpoint = Arbitraries.of(endpoints);
        return endpoint.flatMap(route -> {
            String[] parts = route.split(" ", 2);
            List<String> valid = VALID_BODIES.get(route);
            return Combinators.combine(method(parts[0]), path(parts[1]), query(), headers(parts[1]), body(valid))
                    .as((method, path, query, headers, body) -> new Request(method, path + query, headers, body));
        });
    }

    private static Arbitrary<String> method(String own) {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(own)),
                Tuple.of(2, Arbitraries.of("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "MOVE")));
    }

    /** The endpoint's path below the API's base, its {id} a real session's, another's, or something odd. */
    private static Arbitrary<String> path(String template) {
        String below = template.substring(GatewayServer.BASE.length());
        Arbitrary<String> id = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(owners.id())),
                Tuple.of(1, Arbitraries.just(others.id())),
                Tuple.of(1, Arbitraries.of("..", "%2e%2e", ".", "%2F", "a%2Fb", "%00", "%ff", "%C0%AE", "ml-x",
                        "ml-" + OWNER + "-00000000000000-aaaaaa", "x;y=z", "%252F", "~root", "%0d%0aX:1",
                        "a".repeat(3000), "a".repeat(20_000))),
                Tuple.of(2, Arbitraries.strings().ofMaxLength(40).map(GatewayFuzzTest::percentEncoded)));
        Arbitrary<String> tail = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("/", "//", "/..", "/../..", "/%2e%2e/%2e%2e", ";x=1", "/x", "%20", "/.")));
        return Combinators.combine(id, tail).as((i, t) -> below.replace("{id}", i) + t);
    }

    private static Arbitrary<String> query() {
        return Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.just("")),
                Tuple.of(1, Arbitraries.of("?all=true", "?all=false", "?all=yes", "?all=true&all=false", "?_method=DELETE",
                        "?all", "?=", "?%00=%00", "?all=%E2%82%AC", "?a=b&c=d")),
                Tuple.of(1, Combinators.combine(Arbitraries.strings().ofMaxLength(10), Arbitraries.strings().ofMaxLength(10))
                        .as((k, v) -> "?" + percentEncoded(k) + "=" + percentEncoded(v))));
    }

    /** Credentials of the kind the endpoint takes most of the time, of the other kind, hostile or none. */
    private static Arbitrary<Map<String, String>> headers(String path) {
        Arbitrary<String> bearer = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(Tokens.hs256(OWNER, "HPC-Users"), Tokens.hs256("root", "HPC-Admins"))),
                Tuple.of(1, Arbitraries.of(Tokens.hs256(OTHER, "GPU-Users"), Tokens.hs256(OWNER, "Students"),
                        Tokens.unsigned("root", "HPC-Admins"), Tokens.hs256("../etc", "HPC-Admins"))))
                .map(token -> "Bearer " + token);
        Arbitrary<String> session = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("Session " + ownersToken)),
                Tuple.of(1, Arbitraries.of("Session " + othersToken, "Session ", "Session x",
                        "Session " + ownersToken + " " + ownersToken, "session " + ownersToken)));
        boolean supervisor = path.startsWith(SUPERVISOR);
        Arbitrary<String> authorization = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just("")),
                Tuple.of(8, supervisor ? session : bearer),
                Tuple.of(1, supervisor ? bearer : session),
                Tuple.of(supervisor ? 1 : 6, hostileToken().map(token -> "Bearer " + token)),
                Tuple.of(1, Arbitraries.oneOf(printable(200), Arbitraries.of("Bearer", "Bearer a b", "Basic YWxpY2U6c2VjcmV0",
                        "bearer  " + Tokens.hs256(OWNER, "HPC-Users")))));
        Arbitrary<String> contentType = Arbitraries.of("", "application/json", "application/json; charset=utf-8",
                "application/json; charset=bogus-9", "application/json; charset=", "text/plain",
                "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data", "*/*",
                "application/json; charset=utf-16", ";;;");
        Arbitrary<Map<String, String>> extra = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Map.<String, String>of())),
                Tuple.of(1, Combinators.combine(
                                Arbitraries.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"),
                                Arbitraries.of("DELETE", "PUT", "GET", "POST", "FOO", "", "delete"))
                        .as((name, value) -> Map.of(name, value))),
                Tuple.of(1, Arbitraries.oneOf(Arbitraries.of("10.1.2.3", "::1", "fe80::1%eth0", "1.2.3.4, 5.6.7.8",
                        "999.1.1.1", "2001:db8::1", "localhost", "[::1]"), printable(60)).map(ip -> Map.of("X-Real-IP", ip))),
                Tuple.of(1, Arbitraries.of(Map.of("Content-Encoding", "gzip"), Map.of("Accept", "text/html"),
                        Map.of("Accept-Charset", "bogus"), Map.of("Cookie", "JSESSIONID=x"), Map.of("Origin", "null"),
                        Map.of("Range", "bytes=0-1"), Map.of("If-Modified-Since", "yesterday"),
                        Map.of("X-Padding", "x".repeat(20_000)))));
        return Combinators.combine(authorization, contentType, extra).as((auth, type, more) -> {
            Map<String, String> headers = new LinkedHashMap<>(more);
            if (!auth.isEmpty()) {
                headers.put("Authorization", auth);
            }
            if (!type.isEmpty()) {
                headers.put("Content-Type", type);
            }
            return headers;
        });
    }

    private static Arbitrary<String> body(List<String> valid) {
        List<Tuple.Tuple2<Integer, Arbitrary<String>>> choices = new ArrayList<>(List.of(
                Tuple.of(2, Arbitraries.just((String) null)),
                Tuple.of(2, Arbitraries.just("null")),
                Tuple.of(3, Arbitraries.of("", " ", "{}", "[]", "0", "\"x\"", "true", "{", "{} {}", "{\"a\":1,\"a\":2}",
                        "\u0000", "[".repeat(5000), "{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                        "{\"pin\":\"" + "9".repeat(70_000) + "\"}", "_method=DELETE")),
                Tuple.of(4, jsonValue(3)),
                Tuple.of(6, fieldsObject()),
                Tuple.of(1, printable(100))));
        if (!valid.isEmpty()) {
            choices.add(Tuple.of(6, Arbitraries.of(valid)));
        }
        return Arbitraries.frequencyOf(choices.toArray(Tuple.Tuple2[]::new));
    }

    /** A JSON object of the endpoints' field names with values of any shape, now and then one twice. */
    private static Arbitrary<String> fieldsObject() {
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(FIELDS), jsonValue(2))
                .as((name, value) -> quoted(name) + ":" + value);
        return member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
    }

    /** A portal token signed with the gateway's secret (or not) whose good claims have one mutated. */
    private static Arbitrary<String> hostileToken() {
        Arbitrary<String> header = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Tokens.HS256_HEADER)),
                Tuple.of(1, Arbitraries.of("{\"alg\":\"HS256\",\"alg\":\"none\"}", "{\"alg\":\"none\"}",
                        "{\"alg\":\"RS256\"}", "[]", "null", "{\"alg\":\"HS256\",\"kid\":{}}", "{\"alg\":\"HS256\",\"typ\":7}",
                        "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", "{\"alg\":null}")));
        Arbitrary<String> claim = Arbitraries.oneOf(Arbitraries.of(CLAIMS), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<String> mutation = Arbitraries.of("replace", "twice", "drop");
        Arbitrary<String> payload = Combinators.combine(claim, jsonValue(2), mutation).as((name, value, how) -> {
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
        });
        Arbitrary<String> notAnObject = jsonValue(1);
        return Combinators.combine(header, Arbitraries.frequencyOf(Tuple.of(9, payload), Tuple.of(1, notAnObject)),
                Arbitraries.of(true, true, true, false)).as((h, p, signed) -> {
                    String token = Tokens.signedRaw(h, p);
                    return signed ? token : token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
                });
    }

    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "-1e400", "1E2",
                        "123456789012345678901234567890", "9223372036854775808", "253402300800", "\"\"", "\"1234\"",
                        "\"xfce4\"", "\"" + OWNER + "\"", "\"HPC-Admins\"", "\"1920x1080\"", "\"h264\"", "\"viz01\"", "10"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf).filter(d -> !d.contains("N") && !d.contains("I")),
                Arbitraries.strings().ofMaxLength(30).map(GatewayFuzzTest::quoted));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = jsonValue(depth - 1);
        return Arbitraries.frequencyOf(Tuple.of(6, leaf),
                Tuple.of(1, inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]")),
                Tuple.of(1, Combinators.combine(Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.of(CLAIMS)), inner)
                        .as((k, v) -> quoted(k) + ":" + v).list().ofMaxSize(3)
                        .map(members -> "{" + String.join(",", members) + "}")));
    }

    private static Arbitrary<String> printable(int longest) {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(longest);
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
