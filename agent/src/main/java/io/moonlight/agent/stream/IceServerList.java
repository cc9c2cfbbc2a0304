package io.moonlight.agent.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.onvoid.webrtc.RTCIceServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's {@code iceServers} (WebRTC's {@code RTCIceServer} JSON: {@code urls}, and for TURN the
 * issued {@code username} and {@code credential}) as webrtc-java's servers.
 */
public final class IceServerList {
    private IceServerList() {
    }

    /** From a {@code welcome} or an {@code ice-servers} message. */
    public static List<RTCIceServer> fromHub(JsonNode servers) {
        List<RTCIceServer> result = new ArrayList<>();
        for (JsonNode server : servers) {
            RTCIceServer ice = new RTCIceServer();
            ice.urls = new ArrayList<>();
            JsonNode urls = server.path("urls");
            if (urls.isTextual()) {
                ice.urls.add(urls.asText());
            } else {
                urls.forEach(url -> ice.urls.add(url.asText()));
            }
            ice.username = server.path("username").asText(null);
            ice.password = server.path("credential").asText(null);
            result.add(ice);
        }
        return result;
    }
}
