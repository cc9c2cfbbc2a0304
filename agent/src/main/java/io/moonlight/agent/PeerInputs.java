package io.moonlight.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.moonlight.agent.input.DesktopRequests;
import io.moonlight.agent.input.InputInjector;
import io.moonlight.agent.input.ViewerInput;
import io.moonlight.agent.resize.DisplayResizer;
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
    private final DisplayResizer resizer;

    /**
     * @param desktopClipboard takes the owner's clipboard text (the display's CLIPBOARD selection)
     * @param resizer sizes the screen to the owner's window
     */
    public PeerInputs(InputInjector input, Consumer<String> desktopClipboard, DisplayResizer resizer) {
        this.input = input;
        this.desktopClipboard = desktopClipboard;
        this.resizer = resizer;
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
        PeerRole role = role(peer);
        if (!role.sendsInput()) {
            return new InputRoute(message -> input.refuseViewOnly(), () -> { });
        }
        ViewerInput viewer = input.viewer(peer, new DesktopRequests() {
            @Override
            public void clipboard(String text) {
                if (role.sharesClipboard()) {
                    desktopClipboard.accept(text);
                }
            }

            @Override
            public void resize(int width, int height) {
                if (role.resizesDesktop()) {
                    resizer.request(width, height);
                }
            }
        });
        return new InputRoute(viewer::accept, viewer::close);
    }
}
