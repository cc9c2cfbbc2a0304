package io.moonlight.core.supervisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.session.AgentState;
import io.moonlight.core.session.Lease;
import io.moonlight.core.session.Names;
import io.moonlight.core.session.SessionIds;
import io.moonlight.core.session.SessionSpec;
import io.moonlight.core.sessions.SessionView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The session supervisor's side of the gateway's supervisor endpoints, authenticated with the
 * session's own token ({@code Authorization: Session TOKEN}). The job holds no store credentials:
 * everything it reports goes through here. A gateway that restarts (connection refused, 502/503/504)
 * or asks it to slow down (429, after its {@code Retry-After}) is retried with growing pauses for at
 * most {@code retryFor}; any other refusal is a
 * {@link GatewayRefusal} at once with the gateway's own message. Every report is safe to repeat.
 */
public final class GatewayClient {
    public static final String SCHEME = "Session";
    private static final Set<Integer> RETRIED = Set.of(429, 502, 503, 504);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Reads the gateway's answers as it writes them: snake_case names; fields added by a newer gateway are skipped. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI base;
    private final String sessionId;
    private final String token;
    private final Duration retryFor;
    private final HttpClient http;

    /** The session as the supervisor needs it: whose it is and what was asked for. */
    public record Assignment(String user, SessionSpec spec) {
    }

    /**
     * @param gatewayUrl the gateway as this node reaches it, e.g. {@code http://head01:8004}
     */
    public GatewayClient(String gatewayUrl, String sessionId, String token, Duration retryFor) {
        this.base = URI.create(gatewayUrl.replaceAll("/+$", "") + "/api/moonlight/supervisor/sessions/"
                + SessionIds.check(sessionId));
        this.sessionId = sessionId;
        this.token = token.strip();
        this.retryFor = retryFor;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    }

    /** What the session is: its user and the spec it was started with. */
    public Assignment assignment() {
        SessionView session = read(send("GET", "", null), SessionView.class);
        try {
            return new Assignment(Names.user(session.user()), session.spec());
        } catch (MoonlightException e) {
            throw unreadable(e.getMessage());
        }
    }

    /** The job runs on {@code node}: the session is STARTING there. */
    public void starting(String node) {
        send("POST", "/starting", Map.of("node", node));
    }

    /**
     * A free Sunshine port block and display on {@code node}, held for this session until it ends; the
     * display is one of {@code freeDisplays}, those the node found without an X server.
     */
    public Lease claimLease(String node, List<Integer> freeDisplays) {
        return read(send("POST", "/lease", Map.of("node", node, "free_displays", freeDisplays)), Lease.class);
    }

    public void ready(SessionEndpoints endpoints) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", endpoints.node());
        body.put("display", endpoints.display());
        body.put("sunshine_port", endpoints.sunshinePort());
        body.put("web_ui_port", endpoints.webUiPort());
        send("POST", "/ready", body);
    }

    public void heartbeat() {
        send("POST", "/heartbeat", null);
    }

    /** What the session's agent is doing now, and why (one line; may be empty). */
    public void agent(AgentState state, String reason) {
        send("POST", "/agent", Map.of("state", state.id(), "reason", reason));
    }

    public void releaseLease() {
        send("DELETE", "/lease", null);
    }

    public void ended(String reason) {
        send("POST", "/ended", Map.of("reason", reason));
    }

    public void failed(String reason) {
        send("POST", "/failed", Map.of("reason", reason));
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", SCHEME + " " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
        String what = method + " " + request.uri().getPath();
        Instant giveUp = Instant.now().plus(retryFor);
        Duration pause = FIRST_PAUSE;
        while (true) {
            String problem;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
                }
                if (!RETRIED.contains(response.statusCode())) {
                    throw refused(what, response);
                }
                problem = "HTTP " + response.statusCode() + " " + errorOf(response.body());
                pause = atLeastRetryAfter(response, pause);
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw MoonlightException.failed("interrupted while calling the gateway (" + what + ")", null);
            }
            if (Instant.now().plus(pause).isAfter(giveUp)) {
                throw MoonlightException.unavailable("the gateway at " + base.getScheme() + "://" + base.getAuthority()
                        + " did not answer " + what + " for " + retryFor.toSeconds() + " s: " + problem,
                        "check that 'moonlight gateway' runs and that supervisor.gateway_url is right for the nodes");
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** The pause, made as long as the gateway's {@code Retry-After} (whole seconds) asks, when its answer has one. */
    private static Duration atLeastRetryAfter(HttpResponse<String> response, Duration pause) {
        String seconds = response.headers().firstValue("Retry-After").orElse("");
        if (!seconds.matches("[0-9]{1,5}")) {
            return pause;
        }
        Duration asked = Duration.ofSeconds(Integer.parseInt(seconds));
        return asked.compareTo(pause) > 0 ? asked : pause;
    }

    private GatewayRefusal refused(String what, HttpResponse<String> response) {
        String error = errorOf(response.body());
        String hint = response.statusCode() == 401
                ? "the job's token file must hold the token of session " + sessionId + " (MOONLIGHT_SESSION_TOKEN_FILE)"
                : "see the gateway's log";
        return new GatewayRefusal(response.statusCode(), "the gateway refused " + what + " (HTTP "
                + response.statusCode() + "): " + error, hint);
    }

    private static String errorOf(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() ? error.asText() : "no error message";
        } catch (IOException | RuntimeException notJson) {
            return "no error message";
        }
    }

    private static <T> T read(JsonNode answer, Class<T> type) {
        try {
            return JSON.treeToValue(answer, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unreadable(e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static MoonlightException unreadable(String why) {
        return MoonlightException.failed("the gateway's answer is not what this supervisor expects: " + why,
                "run the same moonlight version for the gateway and the nodes");
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report is always JSON", e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw MoonlightException.failed("interrupted while waiting for the gateway", null);
        }
    }
}
