package io.moonlight.core.config;

import static io.moonlight.core.config.ConfigRules.atLeast;
import static io.moonlight.core.config.ConfigRules.orDefault;
import static io.moonlight.core.config.ConfigRules.port;

/**
 * Sunshine: the site-provided package (a path or URL; nothing is downloaded unless it is a URL),
 * the first base port, the distance between two sessions' port blocks on one node and how many
 * sessions (port blocks) one node holds at most.
 */
public record SunshineConfig(String packageSource, Integer basePort, Integer portStride, String encoder,
        Integer maxSessionsPerNode) {
    /** One instance spans port-5 .. port+21. */
    public static final int PORT_SPAN = 27;

    public SunshineConfig {
        packageSource = orDefault(packageSource, "/opt/moonlight/dist/sunshine-ubuntu-22.04-amd64.deb");
        basePort = port("sunshine.base_port", basePort, 47989);
        if (basePort < 1034 || basePort > 65514) {
            throw ConfigRules.bad("sunshine.base_port", basePort + " is outside Sunshine's range",
                    "use a port from 1034 to 65514 (Sunshine uses port-5 .. port+21)");
        }
        portStride = atLeast("sunshine.port_stride", portStride, 30, PORT_SPAN,
                "two Sunshine instances on one node need base ports at least 27 apart");
        encoder = orDefault(encoder, "nvenc");
        maxSessionsPerNode = atLeast("sunshine.max_sessions_per_node", maxSessionsPerNode, 8, 1,
                "a node needs room for at least one session");
        if ((long) basePort + (long) portStride * (maxSessionsPerNode - 1) + 21 > 65535) {
            throw ConfigRules.bad("sunshine.max_sessions_per_node", maxSessionsPerNode + " port blocks from "
                    + basePort + " every " + portStride + " end past port 65535",
                    "lower max_sessions_per_node, port_stride or base_port");
        }
    }

    /** The lowest port any session's Sunshine on a node may bind (HTTPS, base - 5). */
    public int firstPort() {
        return basePort - 5;
    }

    /** The highest port any session's Sunshine on a node may bind (RTSP of the last block, base + 21). */
    public int lastPort() {
        return basePort + portStride * (maxSessionsPerNode - 1) + 21;
    }
}
