package io.moonlight.agent.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent's connection to the gateway's signaling hub (docs/streaming.md, version 1): connects
 * out, says hello with the session's token, hands every message to its {@link Handler}, pings
 * while idle, and reconnects on its own (0.5 s doubling to 10 s) until the hub refuses it for good
 * (bad token, no such session, replaced by another agent) or it is closed.
 */
public final class SignalingClient implements AutoCloseable {
    /** Close codes after which reconnecting cannot help. */
    static final Set<Integer> FINAL_CODES = Set.of(4400, 4401, 4403, 4404, 4409);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LAST_RETRY = Duration.ofSeconds(10);
    static final Duration PING = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the agent does with the hub's messages; called on the client's own thread, one at a time. */
    public interface Handler {
        void welcome(JsonNode welcome);

        void message(JsonNode message);

        /** The connection dropped; the client reconnects. */
        void lost(String why);

        /** The hub refused the agent for good; the client stops. */
        void refused(int code, String reason);
    }

    private final URI url;
    private final String session;
    private final String token;
    private final Handler handler;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "moonlight-signaling");
        t.setDaemon(true);
        return t;
    });
    private volatile WebSocket socket;
    private volatile boolean closed;
    private Duration retry = FIRST_RETRY;

    public SignalingClient(URI url, String session, String token, Handler handler, Consumer<String> log) {
        this.url = url;
        this.session = session;
        this.token = token;
        this.handler = handler;
        this.log = log;
    }

    public void start() {
        thread.execute(this::connect);
        thread.scheduleAtFixedRate(() -> send(JSON.createObjectNode().put("type", "ping")), PING.toMillis(),
                PING.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a message when connected; dropped otherwise (the viewer's side renegotiates after a reconnect). */
    public void send(ObjectNode message) {
        WebSocket current = socket;
        if (current != null && !closed) {
            synchronized (this) {
                // One send at a time: java.net.http refuses a text frame while the previous one is pending.
                current.sendText(message.toString(), true).join();
            }
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder().buildAsync(url, new Listener()).whenComplete((ws, error) -> {
            if (error != null) {
                thread.execute(() -> retry("cannot reach " + url + ": " + rootMessage(error)));
                return;
            }
            socket = ws;
            ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("version", 1).put("role", "agent")
                    .put("session", session).put("token", token);
            send(hello);
        });
    }

    private void retry(String why) {
        socket = null;
        if (closed) {
            return;
        }
        handler.lost(why);
        log.accept("signaling: " + why + "; again in " + retry.toMillis() + " ms");
        thread.schedule(this::connect, retry.toMillis(), TimeUnit.MILLISECONDS);
        retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    @Override
    public void close() {
        closed = true;
        WebSocket current = socket;
        if (current != null) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "the agent is stopping").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        thread.shutdownNow();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                thread.execute(() -> dispatch(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
            thread.execute(() -> {
                if (FINAL_CODES.contains(code)) {
                    socket = null;
                    closed = true;
                    handler.refused(code, reason);
                } else {
                    retry("the hub closed the connection (" + code + (reason.isEmpty() ? "" : ": " + reason) + ")");
                }
            });
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            thread.execute(() -> retry("the connection failed: " + rootMessage(error)));
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            log.accept("signaling: a message that is not JSON was ignored");
            return;
        }
        if ("welcome".equals(message.path("type").asText())) {
            retry = FIRST_RETRY;
            handler.welcome(message);
        } else if (!"pong".equals(message.path("type").asText())) {
            handler.message(message);
        }
    }
}
