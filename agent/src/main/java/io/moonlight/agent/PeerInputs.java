package io.moonlight.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.moonlight.agent.input.InputInjector;
import io.moonlight.agent.input.ViewerInput;
import io.moonlight.agent.stream.InputRoute;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where each browser peer's data channel goes, by its {@link PeerRole}: the role is taken from the
 * hub's relayed offer, before the peer connection it opens exists. A peer the agent heard no offer
 * from counts as a viewer, so that nothing reaches the display or the clipboard by mistake.
 */
public final class PeerInputs {
    private final Map<String, PeerRole> roles = new ConcurrentHashMap<>();
    private final InputInjector input;
    private final Consumer<String> desktopClipboard;

    /** @param desktopClipboard takes the owner's clipboard text (the display's CLIPBOARD selection) */
    public PeerInputs(InputInjector input, Consumer<String> desktopClipboard) {
        this.input = input;
        this.desktopClipboard = desktopClipboard;
    }

    /** The hub relayed {@code offer} from {@code peer}: its role from now on. */
    public void offered(String peer, JsonNode offer) {
        roles.put(peer, PeerRole.ofRelayed(offer));
    }

    /** The peer's signaling closed: it is gone for good (the hub gives every connection a new id). */
    public void left(String peer) {
        roles.remove(peer);
    }

    public PeerRole role(String peer) {
        return roles.getOrDefault(peer, PeerRole.VIEWER);
    }

    /** The peer's input route: the display's for the owner, a refusal that counts each message for a viewer. */
    public InputRoute route(String peer) {
        if (!role(peer).sendsInput()) {
            return new InputRoute(message -> input.refuseViewOnly(), () -> { });
        }
        Consumer<String> clipboard = role(peer).sharesClipboard() ? desktopClipboard : text -> { };
        ViewerInput viewer = input.viewer(peer, clipboard);
        return new InputRoute(viewer::accept, viewer::close);
    }
}
