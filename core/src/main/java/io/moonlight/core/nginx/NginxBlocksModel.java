package io.moonlight.core.nginx;

import io.moonlight.core.config.GatewayAddress;
import java.util.List;

/**
 * What the nginx templates ({@code templates/nginx/upstreams.conf.ftl} and
 * {@code locations.conf.ftl}) are fed: where the gateways listen, the upstream names, and whether
 * the map defining {@code $connection_upgrade} must come with the upstreams.
 */
public record NginxBlocksModel(List<GatewayAddress> gateways, String apiUpstream, String signalingUpstream,
        int signalingTimeoutSeconds, boolean defineConnectionUpgrade) {

    /** WebSocket signaling connections stay open for a whole desktop session. */
    public static final int SIGNALING_TIMEOUT_SECONDS = 86400;

    public static NginxBlocksModel of(List<GatewayAddress> gateways, boolean defineConnectionUpgrade) {
        return new NginxBlocksModel(gateways, "moonlight_api", "moonlight_signaling",
                SIGNALING_TIMEOUT_SECONDS, defineConnectionUpgrade);
    }
}
