package io.moonlight.core.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One STUN server the signaling hub hands to both peers of a session ({@code gateway.ice_servers}),
 * in the shape of WebRTC's {@code RTCIceServer}. TURN comes from the {@code turn} section, with
 * credentials issued for each connection: a TURN URL or a fixed username and credential here would
 * be one password shared by every browser, valid forever, so they are refused.
 */
public record IceServerConfig(List<String> urls, String username, String credential) {
    private static final String KEY = "gateway.ice_servers";
    private static final Pattern URL = Pattern.compile(
            "(stuns?|turns?):(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(\\?transport=(udp|tcp))?");
    private static final String USE_TURN = "configure the turn section: the gateway then hands every browser and "
            + "agent its own time-limited TURN credentials (docs/turn.md)";

    public IceServerConfig {
        if (urls == null || urls.isEmpty()) {
            throw ConfigRules.bad(KEY + ".urls", "an ICE server without URLs",
                    "give each server its URLs, e.g. urls: [\"stun:stun.example.org:3478\"]");
        }
        urls = List.copyOf(urls);
        for (String url : urls) {
            if (url == null || !URL.matcher(url).matches()) {
                throw ConfigRules.bad(KEY + ".urls", "'" + url + "' is not a STUN URL",
                        "write stun:HOST[:PORT] (stuns: with TLS)");
            }
            if (url.startsWith("turn")) {
                throw ConfigRules.bad(KEY + ".urls", "'" + url + "' is a TURN server here, which needs a static credential",
                        USE_TURN);
            }
        }
        if (username != null || credential != null) {
            throw ConfigRules.bad(KEY, "a static username or credential is not accepted", USE_TURN);
        }
    }
}
