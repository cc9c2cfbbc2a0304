package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;

/** The messages the hub writes itself (docs/streaming.md, "From the hub"). */
final class Outbound {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Outbound() {
    }

    /**
     * {@code other}: for a browser, whether the agent is there; for an agent, the owner's browser's
     * peer id or null. A browser also learns whether it only watches, and whose desktop it is.
     */
    static ObjectNode welcome(Admitted admitted, String peer, ArrayNode iceServers, Peer other) {
        ObjectNode welcome = JSON.objectNode().put("type", "welcome").put("version", Hello.VERSION)
                .put("role", admitted.role().wire()).put("session", admitted.session().id()).put("peer", peer);
        welcome.set("iceServers", iceServers);
        return admitted.role() == Role.BROWSER ? welcome.put("agent", other != null)
                .put("viewOnly", admitted.viewOnly()).put("owner", admitted.session().user())
                : welcome.put("browser", other == null ? null : other.peer());
    }

    /** {@code ice-servers}: fresh servers (credentials) for the peer connections the peer makes from now on. */
    static ObjectNode iceServers(ArrayNode servers) {
        ObjectNode message = event("ice-servers");
        message.set("iceServers", servers);
        return message;
    }

    /** {@code watchers}, to the owner's browser: who watches the session view-only, and since when. */
    static ObjectNode watchers(Collection<Peer> viewers) {
        ObjectNode message = event("watchers");
        ArrayNode list = message.putArray("viewers");
        viewers.forEach(v -> list.addObject().put("user", v.who()).put("since", v.since().toString()));
        return message;
    }

    /** {@code peer-joined}, {@code peer-left}: about a browser, to the agent. */
    static ObjectNode aboutPeer(String type, String peer) {
        return event(type).put("peer", peer);
    }

    /** A message with nothing but its type: {@code agent-joined}, {@code agent-left}, {@code pong}. */
    static ObjectNode event(String type) {
        return JSON.objectNode().put("type", type);
    }

    static ObjectNode replaced(String reason) {
        return event("replaced").put("reason", reason);
    }

    static ObjectNode error(Drop drop) {
        return event("error").put("code", drop.reason.label).put("message", drop.getMessage());
    }
}
