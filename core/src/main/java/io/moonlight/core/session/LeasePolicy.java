package io.moonlight.core.session;

import io.moonlight.core.config.SunshineConfig;

/**
 * Which port blocks and displays a node hands out: base ports {@code first, first+stride, ...}
 * ({@code maxPerNode} of them) and displays from :10 (:1-:9 belong to the VNC service).
 */
public record LeasePolicy(int firstBasePort, int stride, int maxPerNode) {
    public static final int FIRST_DISPLAY = 10;

    public static LeasePolicy of(SunshineConfig sunshine) {
        return new LeasePolicy(sunshine.basePort(), sunshine.portStride(), sunshine.maxSessionsPerNode());
    }

    public int basePort(int slot) {
        return firstBasePort + slot * stride;
    }
}
