package io.moonlight.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.moonlight.core.session.Session;
import io.moonlight.gateway.signaling.SignalingServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A browser tab or an agent on the signaling hub, as a real WebSocket client: sends JSON text,
 * collects what the hub sends, and the close code it ends with.
 */
final class SignalingPeer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PORTAL = "https://localhost";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final long WAIT_SECONDS = 5;

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> received;
    private final CompletableFuture<String> closed;

    private SignalingPeer(WebSocket socket, BlockingQueue<JsonNode> received, CompletableFuture<String> closed) {
        this.socket = socket;
        this.received = received;
        this.closed = closed;
    }

    /** A connection as a browser opens it: with the portal's Origin. */
    static SignalingPeer browser(GatewayServer gateway) {
        return open(gateway, "", PORTAL);
    }

    /** A connection as the agent opens it: without an Origin. */
    static SignalingPeer agent(GatewayServer gateway) {
        return open(gateway, "", null);
    }

    /** A browser's connection to the API port, as a page served by a gateway without nginx opens it. */
    static SignalingPeer browserOnApiPort(GatewayServer gateway) {
        return open(gateway.port(), "", PORTAL);
    }

    /** {@code query}: appended to the path (e.g. "?token=..."); {@code origin}: the Origin header, or null for none. */
    static SignalingPeer open(GatewayServer gateway, String query, String origin) {
        return open(gateway.signalingPort(), query, origin);
    }

    private static SignalingPeer open(int port, String query, String origin) {
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        WebSocket socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port
                + SignalingServer.PATH + query), new Collector(received, closed)).join();
        return new SignalingPeer(socket, received, closed);
    }

    /** The HTTP status the hub refuses the upgrade with. */
    static int refusedUpgrade(GatewayServer gateway, String query, String origin) {
        return refusedUpgrade(gateway.signalingPort(), query, origin);
    }

    /** The HTTP status the hub refuses the upgrade with on {@code port}. */
    static int refusedUpgrade(int port, String query, String origin) {
        try {
            open(port, query, origin).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade was not refused");
    }

    /** Sends the hello and returns the welcome. */
    JsonNode hello(String role, String session, String token) throws Exception {
        send(hello(role, session).put("token", token));
        JsonNode welcome = next();
        assertEquals("welcome", welcome.get("type").asText(), welcome.toString());
        return welcome;
    }

    static ObjectNode hello(String role, String session) {
        return JSON.createObjectNode().put("type", "hello").put("version", 1).put("role", role).put("session", session);
    }

    /** The hello of {@code user}'s browser that comes with the share link {@code share} of {@code session}. */
    static ObjectNode shareHello(Session session, String user, String share) {
        return hello("browser", session.id()).put("token", Tokens.hs256(user, "HPC-Users")).put("share", share);
    }

    SignalingPeer send(JsonNode message) {
        return send(message.toString());
    }

    SignalingPeer send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /**
     * Sends a message the hub answers by closing the connection: the hub may close it while the
     * message is still being written, which fails the write; that is the expected end, not an error.
     */
    void sendUntilClosed(String text) {
        try {
            socket.sendText(text, true).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof IOException)) {
                throw e;
            }
        }
    }

    SignalingPeer sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next message from the hub (fails after 5 s). */
    JsonNode next() throws InterruptedException {
        JsonNode message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "no message from the hub within " + WAIT_SECONDS + " s");
        return message;
    }

    /** The next message, which must be of this type, waiting up to {@code seconds}. */
    JsonNode next(String type, long seconds) throws InterruptedException {
        JsonNode message = received.poll(seconds, TimeUnit.SECONDS);
        assertNotNull(message, "no message from the hub within " + seconds + " s");
        assertEquals(type, message.get("type").asText(), message.toString());
        return message;
    }

    /** The next message, which must be of this type. */
    JsonNode next(String type) throws InterruptedException {
        return next(type, WAIT_SECONDS);
    }

    /** Nothing more arrives within a short while. */
    void nothingMore() throws InterruptedException {
        assertNull(received.poll(300, TimeUnit.MILLISECONDS));
    }

    /** "CODE reason" of the close the hub ended the connection with (fails after 5 s). */
    String closeStatus() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * How the connection ended: "CODE reason" of the hub's close, or "dropped: ..." when the connection
     * broke before the close arrived (the hub closing while this side was still writing).
     */
    String endStatus() throws Exception {
        try {
            return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "dropped: " + e.getCause();
        }
    }

    /** The close code the hub ended the connection with. */
    int closeCode() throws Exception {
        return Integer.parseInt(closeStatus().split(" ", 2)[0]);
    }

    /** Closes as a client does (1000), waits for the hub's answer, then drops the connection. */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(gone -> null);
        }
        try {
            closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception notAnswered) {
            // Dropped below either way.
        }
        socket.abort();
    }

    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> received;
        private final CompletableFuture<String> closed;
        private final StringBuilder partial = new StringBuilder();

        Collector(BlockingQueue<JsonNode> received, CompletableFuture<String> closed) {
            this.received = received;
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("the hub sent no JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
