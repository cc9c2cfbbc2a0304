package io.moonlight.core.nginx;

/**
 * What the nginx templates ({@code templates/nginx/upstreams.conf.ftl} and
 * {@code locations.conf.ftl}) are fed: where the gateway listens, the upstream names, and whether
 * the map defining {@code $connection_upgrade} must come with the upstreams.
 */
public record NginxBlocksModel(String upstreamHost, int apiPort, int signalingPort, String apiUpstream,
        String signalingUpstream, int signalingTimeoutSeconds, boolean defineConnectionUpgrade) {

    /** WebSocket signaling connections stay open for a whole desktop session. */
    public static final int SIGNALING_TIMEOUT_SECONDS = 86400;

    public static NginxBlocksModel of(String upstreamHost, int apiPort, int signalingPort, boolean defineConnectionUpgrade) {
        return new NginxBlocksModel(upstreamHost, apiPort, signalingPort, "moonlight_api", "moonlight_signaling",
                SIGNALING_TIMEOUT_SECONDS, defineConnectionUpgrade);
    }
}
