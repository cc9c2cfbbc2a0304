package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.config.SupervisorConfig;
import java.util.List;

/**
 * Which port blocks and displays a node hands out: base ports {@code first, first+stride, ...}
 * ({@code maxPerNode} of them) and displays from :10 (:1-:9 belong to the VNC service) among those
 * the node found free.
 */
public record LeasePolicy(int firstBasePort, int stride, int maxPerNode) {
    public static final int FIRST_DISPLAY = 10;

    public static LeasePolicy of(SunshineConfig sunshine) {
        return new LeasePolicy(sunshine.basePort(), sunshine.portStride(), sunshine.maxSessionsPerNode());
    }

    public int basePort(int slot) {
        return firstBasePort + slot * stride;
    }

    /**
     * The displays a node offers for a lease, checked and in ascending order without repeats: each from
     * :10 to :{@value SupervisorConfig#MAX_LAST_DISPLAY}.
     */
    public static List<Integer> offeredDisplays(List<Integer> displays) {
        if (displays == null) {
            throw MoonlightException.badInput("no free displays given", "send the node's free displays, e.g. [10, 11]");
        }
        for (Integer display : displays) {
            if (display == null || display < FIRST_DISPLAY || display > SupervisorConfig.MAX_LAST_DISPLAY) {
                throw MoonlightException.badInput("display " + (display == null ? "null" : ":" + display)
                        + " cannot be leased", "moonlight's displays are :" + FIRST_DISPLAY + " to :"
                        + SupervisorConfig.MAX_LAST_DISPLAY + " (:1-:9 belong to the VNC service)");
            }
        }
        return displays.stream().distinct().sorted().toList();
    }
}
