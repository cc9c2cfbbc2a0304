package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * A peer of the session connected to another gateway: what is relayed to it goes through the
 * {@link SignalingBus} to its gateway. {@code seenNanos}: when this gateway learnt of it
 * ({@link System#nanoTime()}), so that a presence read from Redis before then does not count it gone.
 */
record RemotePeer(Presence presence, SignalingBus bus, long seenNanos) implements Peer {
    @Override
    public String peer() {
        return presence.peer();
    }

    @Override
    public Role role() {
        return presence.role();
    }

    @Override
    public boolean viewOnly() {
        return presence.viewOnly();
    }

    @Override
    public String who() {
        return presence.who();
    }

    @Override
    public Instant since() {
        return presence.since();
    }

    @Override
    public Optional<String> shareId() {
        return presence.shareId();
    }

    @Override
    public void send(JsonNode message) {
        bus.relay(presence, (ObjectNode) message);
    }
}
