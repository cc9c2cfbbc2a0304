package io.moonlight.core.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where nginx reaches one gateway: its host, API port and signaling port (an entry of {@code nginx.gateways}). */
public record GatewayAddress(String host, int apiPort, int signalingPort) {
    /** A host name, an IPv4 address or a bracketed IPv6 address: it goes into an upstream's server line. */
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern ENTRY = Pattern.compile("(.+):(\\d{1,5}):(\\d{1,5})");

    /** {@code text}: HOST:API_PORT:SIGNALING_PORT, e.g. gw1.cluster.internal:8004:8005. */
    static GatewayAddress parse(String key, String text) {
        Matcher m = text == null ? null : ENTRY.matcher(text);
        if (m == null || !m.matches() || !HOST.matcher(m.group(1)).matches()) {
            throw ConfigRules.bad(key, "'" + text + "' is not host:api_port:signaling_port",
                    "write each gateway as e.g. gw1.cluster.internal:8004:8005 ([fd00::10]:8004:8005 for IPv6)");
        }
        int api = ConfigRules.port(key, Integer.valueOf(m.group(2)), 0);
        int signaling = ConfigRules.port(key, Integer.valueOf(m.group(3)), 0);
        return new GatewayAddress(m.group(1), api, signaling);
    }
}
