package io.moonlight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.agent.testing.ViewingPeer;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A view-only viewer of a share link that is not a browser, for benchmarks: a signaling connection
 * through the site's nginx as the web client's page opens it (its Origin, the viewer's portal token
 * and the share in the hello), and a webrtc-java {@link ViewingPeer} offering what the page offers,
 * whose decoded frames it counts. Pings the hub every 20 s, as the page does, so that a long
 * measurement is not closed as idle.
 */
final class ShareViewer implements WebSocket.Listener, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CompletableFuture<JsonNode> welcome = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ScheduledExecutorService pings = Executors.newSingleThreadScheduledExecutor();
    private CompletableFuture<WebSocket> sending;
    private volatile ViewingPeer peer;

    private ShareViewer() {
    }

    /** Signs in to the hub with {@code jwt} and {@code share}, then offers; returns once the hub welcomed it. */
    static ShareViewer open(StreamingSite site, StreamingSite.Session session, String share, String jwt)
            throws Exception {
        ShareViewer viewer = new ShareViewer();
        WebSocket socket = HttpClient.newBuilder().sslContext(site.portal.clientTls()).build().newWebSocketBuilder()
                .header("Origin", site.origin()).buildAsync(site.signalingUrl(""), viewer)
                .get(StreamingSite.WAIT.toSeconds(), TimeUnit.SECONDS);
        viewer.sending = CompletableFuture.completedFuture(socket);
        viewer.send(JSON.createObjectNode().put("type", "hello").put("version", 1).put("role", "browser")
                .put("session", session.id()).put("token", jwt).put("share", share).toString());
        JsonNode welcomed = viewer.welcome.get(StreamingSite.WAIT.toSeconds(), TimeUnit.SECONDS);
        if (!welcomed.path("viewOnly").asBoolean()) {
            throw new AssertionError("the hub did not welcome a view-only viewer: " + welcomed);
        }
        viewer.peer = new ViewingPeer(message -> viewer.send(message.toString()), "H264");
        viewer.pings.scheduleAtFixedRate(() -> viewer.send("{\"type\":\"ping\"}"), 20, 20, TimeUnit.SECONDS);
        return viewer;
    }

    ViewingPeer peer() {
        return peer;
    }

    /** Queues a text message behind the ones before it (a WebSocket sends one at a time); never blocks. */
    private synchronized void send(String message) {
        sending = sending.thenCompose(socket -> socket.sendText(message, true));
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try {
                JsonNode message = JSON.readTree(text.toString());
                switch (message.path("type").asText()) {
                    case "welcome" -> welcome.complete(message);
                    case "answer", "candidate" -> peer.fromAgent(message);
                    case "error" -> System.err.println("hub to a viewer: " + message);
                    default -> {
                    }
                }
            } catch (Exception e) {
                System.err.println("a viewer could not read the hub's message: " + e.getMessage());
            }
            text.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        welcome.completeExceptionally(new IllegalStateException("the hub closed a viewer's connection: " + code + " " + reason));
        return null;
    }

    @Override
    public void close() {
        pings.shutdownNow();
        if (peer != null) {
            peer.close();
        }
        sending.thenCompose(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "")).join();
    }
}
