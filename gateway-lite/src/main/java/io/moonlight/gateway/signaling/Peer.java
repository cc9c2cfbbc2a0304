package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A peer in a session's room: a {@link Connection} to this gateway, or a {@link RemotePeer} on
 * another gateway of the same Redis. The room's rules (one owner's browser, one agent, viewers)
 * hold for both; only local peers are told about the room's changes by this gateway.
 */
interface Peer {
    String peer();

    Role role();

    boolean viewOnly();

    /** The user's login name, or "agent". */
    String who();

    /** When its connection opened. */
    Instant since();

    /** The id of the share link a viewer came with. */
    Optional<String> shareId();

    /** Relays {@code message} to it: over its WebSocket, or through its gateway. */
    void send(JsonNode message);
}
