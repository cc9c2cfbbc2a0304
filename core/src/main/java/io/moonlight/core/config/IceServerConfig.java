package io.moonlight.core.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One ICE server the signaling hub hands to both peers of a session ({@code gateway.ice_servers}),
 * in the shape of WebRTC's {@code RTCIceServer}: its URLs, and for TURN the user name and
 * credential (a browser refuses a TURN server without them).
 */
public record IceServerConfig(List<String> urls, String username, String credential) {
    private static final String KEY = "gateway.ice_servers";
    private static final Pattern URL = Pattern.compile(
            "(stuns?|turns?):(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(\\?transport=(udp|tcp))?");

    public IceServerConfig {
        if (urls == null || urls.isEmpty()) {
            throw ConfigRules.bad(KEY + ".urls", "an ICE server without URLs",
                    "give each server its URLs, e.g. urls: [\"stun:stun.example.org:3478\"]");
        }
        urls = List.copyOf(urls);
        for (String url : urls) {
            if (url == null || !URL.matcher(url).matches()) {
                throw ConfigRules.bad(KEY + ".urls", "'" + url + "' is not a STUN or TURN URL",
                        "write stun:HOST[:PORT] or turn:HOST[:PORT][?transport=udp|tcp] (stuns:, turns: with TLS)");
            }
        }
        username = blankToNull(username);
        credential = blankToNull(credential);
        if ((username == null) != (credential == null)) {
            throw ConfigRules.bad(KEY, "a username without a credential, or a credential without a username",
                    "give both or neither");
        }
        if (username == null && urls.stream().anyMatch(url -> url.startsWith("turn"))) {
            throw ConfigRules.bad(KEY, "the TURN server " + urls.get(0) + " has no username and credential",
                    "browsers refuse a TURN server without them; give both");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
