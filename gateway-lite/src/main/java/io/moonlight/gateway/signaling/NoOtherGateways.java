package io.moonlight.gateway.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/** The bus of a gateway by itself: no other gateway's peers are ever in its rooms. */
final class NoOtherGateways implements SignalingBus {
    static final NoOtherGateways INSTANCE = new NoOtherGateways();

    private NoOtherGateways() {
    }

    @Override
    public String gateway() {
        return "local";
    }

    @Override
    public void start(Listener listener) {
    }

    @Override
    public List<Presence> present(String session) {
        return List.of();
    }

    @Override
    public void joined(Presence peer, Set<String> gateways) {
    }

    @Override
    public void left(Presence peer, Set<String> gateways) {
    }

    @Override
    public void relay(Presence to, ObjectNode message) {
        throw new IllegalStateException("a gateway by itself has no peers elsewhere to relay to");
    }

    @Override
    public void close() {
    }
}
