package io.moonlight.gateway.signaling;

import io.moonlight.core.session.Share;
import java.time.Instant;
import java.util.Optional;

/**
 * A peer as other gateways know it, through Redis: the session, its peer id, the gateway its
 * WebSocket is on, and what the room's rules and the owner's {@code watchers} need of it.
 */
record Presence(String session, String peer, String gateway, Role role, boolean viewOnly, String who, Instant since,
        Optional<String> shareId) {

    /**
     * Its place in the session's room: "agent" and "browser" hold one peer each (a newcomer
     * overwrites the one before), each viewer has its own.
     */
    String slot() {
        return viewOnly ? "viewer:" + peer : role.wire();
    }

    /** A peer connected to {@code gateway}: what its hello proved, its peer id, and when its connection opened. */
    static Presence of(Admitted admitted, String peer, Instant since, String gateway) {
        return new Presence(admitted.session().id(), peer, gateway, admitted.role(), admitted.viewOnly(), admitted.who(),
                since, admitted.share().map(Share::id));
    }
}
