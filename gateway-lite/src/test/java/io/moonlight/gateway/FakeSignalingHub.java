package io.moonlight.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import io.moonlight.gateway.http.Access;
import io.moonlight.gateway.http.ApiRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the gateway's signaling hub in the web client's tests (the hub itself is built and
 * tested on its own): a WebSocket at {@code /moonlight/signaling} on the API port that speaks
 * docs/streaming.md's protocol for one browser and one agent without checking credentials, relays
 * between them, and records what browsers send. A test can drop every connection as a restarting
 * gateway does, refuse the next browser connections, or close the browser's with a code.
 */
final class FakeSignalingHub implements ApiRoutes {
    static final String PATH = "/moonlight/signaling";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every message a browser sent, hellos included, in order. */
    final List<JsonNode> fromBrowsers = new CopyOnWriteArrayList<>();
    /** What the fake agent reported (fake-agent.js: offers, input channels, input messages), in order. */
    final List<JsonNode> agentReports = new CopyOnWriteArrayList<>();
    /** When each browser's hello arrived. */
    final List<Instant> browserHellos = new CopyOnWriteArrayList<>();
    private WsContext browser;
    private WsContext agent;
    private int peers;
    private int refusals;
    /** Whose session the next browsers only watch (welcome's viewOnly and owner), or null: they own it. */
    private String watchedOwner;

    @Override
    public void register(RoutesConfig routes) {
        routes.ws(PATH, ws -> {
            ws.onMessage(this::message);
            ws.onClose(this::closed);
        }, Access.PUBLIC);
    }

    /** Sends the connected browser a message, as the hub would (e.g. watchers). */
    synchronized void toBrowser(String message) {
        browser.send(message);
    }

    /** Welcomes the next browsers as view-only viewers of {@code owner}'s session. */
    synchronized void welcomeViewersOf(String owner) {
        watchedOwner = owner;
    }

    /** Closes the next {@code count} browser connections after their hello, as a gateway still restarting. */
    synchronized void refuseBrowsers(int count) {
        refusals = count;
    }

    /** Closes every connection with {@code code} (1012: the gateway is restarting). */
    synchronized void dropAll(int code) {
        for (WsContext peer : new WsContext[] {browser, agent}) {
            if (peer != null) {
                peer.closeSession(code, "dropped by the test");
            }
        }
        browser = null;
        agent = null;
    }

    synchronized void closeBrowser(int code) {
        closeBrowser(code, "closed by the test");
    }

    synchronized void closeBrowser(int code, String reason) {
        if (browser != null) {
            browser.closeSession(code, reason);
            browser = null;
        }
    }

    /** The values the agent reported of one kind. */
    List<JsonNode> agentReported(String kind) {
        return agentReports.stream().filter(r -> r.path("kind").asText().equals(kind)).map(r -> r.get("value")).toList();
    }

    synchronized long browserHelloCount() {
        return fromBrowsers.stream().filter(m -> m.path("type").asText().equals("hello")).count();
    }

    private synchronized void message(WsMessageContext ctx) {
        JsonNode message = read(ctx.message());
        String role = ctx.attribute("role");
        if (role == null) {
            hello(ctx, message);
            return;
        }
        if (role.equals("browser")) {
            fromBrowsers.add(message);
        }
        String type = message.path("type").asText();
        if (role.equals("agent") && type.equals("test-report")) {
            agentReports.add(message);
            return;
        }
        if (type.equals("ping")) {
            ctx.send("{\"type\":\"pong\"}");
            return;
        }
        ObjectNode relayed = ((ObjectNode) message.deepCopy()).put("from", (String) ctx.attribute("peer"));
        WsContext to = role.equals("browser") ? agent : browser;
        if (to != null) {
            to.send(relayed.toString());
        }
    }

    private void hello(WsContext ctx, JsonNode hello) {
        String role = hello.path("role").asText();
        String peer = "p-" + ++peers;
        ctx.attribute("role", role);
        ctx.attribute("peer", peer);
        ObjectNode welcome = JSON.createObjectNode().put("type", "welcome").put("version", 1).put("role", role)
                .put("session", hello.path("session").asText()).put("peer", peer);
        welcome.putArray("iceServers");
        if (role.equals("browser")) {
            fromBrowsers.add(hello);
            browserHellos.add(Instant.now());
            if (refusals > 0) {
                refusals--;
                ctx.closeSession(1012, "restarting");
                return;
            }
            if (browser != null) {
                browser.send("{\"type\":\"replaced\",\"reason\":\"opened in another tab\"}");
                browser.closeSession(4409, "replaced");
            }
            browser = ctx;
            welcome.put("agent", agent != null).put("viewOnly", watchedOwner != null);
            ctx.send((watchedOwner != null ? welcome.put("owner", watchedOwner) : welcome).toString());
            if (agent != null) {
                agent.send("{\"type\":\"peer-joined\",\"peer\":\"" + peer + "\"}");
            }
        } else {
            agent = ctx;
            ctx.send(welcome.put("browser", browser == null ? null : (String) browser.attribute("peer")).toString());
            if (browser != null) {
                browser.send("{\"type\":\"agent-joined\"}");
            }
        }
    }

    private synchronized void closed(WsCloseContext ctx) {
        if (browser != null && browser.sessionId().equals(ctx.sessionId())) {
            browser = null;
            if (agent != null) {
                agent.send("{\"type\":\"peer-left\",\"peer\":\"" + ctx.attribute("peer") + "\"}");
            }
        } else if (agent != null && agent.sessionId().equals(ctx.sessionId())) {
            agent = null;
            if (browser != null) {
                browser.send("{\"type\":\"agent-left\"}");
            }
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
