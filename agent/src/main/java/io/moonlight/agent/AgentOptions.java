package io.moonlight.agent;

import io.moonlight.agent.stream.StreamLimits;
import io.moonlight.core.session.SessionIds;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What an agent serves: its session, the display it captures and drives, the hub it connects to
 * (ws:// or wss://), the session's token, the session's frame rate and bitrate, the session's resize
 * script when its X server can change its size, and the session's sound server (a PULSE_SERVER
 * address; empty: the session is silent).
 */
public record AgentOptions(String sessionId, String display, URI signalingUrl, String token, StreamLimits limits,
        Optional<Path> resizeScript, Optional<String> soundServer) {
    public AgentOptions {
        SessionIds.check(sessionId);
        if (!display.matches(":\\d+")) {
            throw new IllegalArgumentException("display '" + display + "' is not a local X display like :10");
        }
        String scheme = String.valueOf(signalingUrl.getScheme());
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("signaling URL " + signalingUrl + " is not a ws:// or wss:// URL");
        }
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(resizeScript, "resizeScript");
        Objects.requireNonNull(soundServer, "soundServer");
    }
}
