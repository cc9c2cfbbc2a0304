package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.util.Objects;
import java.util.Set;

/**
 * What the user asked for. Checks what holds for every site; the image being configured and the
 * hours fitting the QoS's MaxWall depend on the configuration and are checked by the caller.
 */
public record SessionSpec(String image, Geometry geometry, int fps, int bitrateKbps, Codec codec, int hours) {
    public static final Set<Integer> FRAME_RATES = Set.of(30, 60, 120);
    public static final int MIN_BITRATE_KBPS = 500;
    public static final int MAX_BITRATE_KBPS = 500_000;

    public SessionSpec {
        Names.image(image);
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(codec, "codec");
        if (!FRAME_RATES.contains(fps)) {
            throw MoonlightException.badInput(fps + " is not a supported frame rate", "use 30, 60 or 120");
        }
        if (bitrateKbps < MIN_BITRATE_KBPS || bitrateKbps > MAX_BITRATE_KBPS) {
            throw MoonlightException.badInput("bitrate " + bitrateKbps + " kbps is out of range",
                    "use " + MIN_BITRATE_KBPS + " to " + MAX_BITRATE_KBPS + " kbps, e.g. 20000");
        }
        if (hours < 1) {
            throw MoonlightException.badInput(hours + " hours is too short", "ask for at least 1 hour");
        }
    }
}
