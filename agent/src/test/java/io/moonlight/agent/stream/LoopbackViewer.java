package io.moonlight.agent.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCConfiguration;
import io.moonlight.agent.testing.ViewingPeer;

/** A {@link ViewingPeer} wired straight to a desktop stream, as the hub would relay between them. */
public final class LoopbackViewer {
    private LoopbackViewer() {
    }

    /** @param codec the only codec the viewer offers, or null for all */
    public static ViewingPeer connect(DesktopStream stream, String peer, String codec) {
        return connect(stream, peer, codec, new RTCConfiguration());
    }

    /** @param configuration the viewer's ICE servers and policy */
    static ViewingPeer connect(DesktopStream stream, String peer, String codec, RTCConfiguration configuration) {
        ViewingPeer[] viewer = new ViewingPeer[1];
        SignalingOut toViewer = message -> viewer[0].fromAgent(message);
        viewer[0] = new ViewingPeer(message -> route(stream, peer, message, toViewer), codec, configuration);
        return viewer[0];
    }

    private static void route(DesktopStream stream, String peer, ObjectNode message, SignalingOut toViewer) {
        switch (message.get("type").asText()) {
            case "offer" -> stream.offer(peer, message.get("sdp").asText(), toViewer);
            case "candidate" -> stream.candidate(peer, message.get("candidate").asText(), message.get("sdpMid").asText(),
                    message.get("sdpMLineIndex").asInt());
            default -> throw new IllegalArgumentException(message.toString());
        }
    }
}
