package io.moonlight.core.session;

import io.moonlight.core.MoonlightException;
import java.util.Locale;

/** The video codec Sunshine encodes with. */
public enum Codec {
    H264, HEVC;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Codec parse(String text) {
        for (Codec codec : values()) {
            if (codec.id().equals(text)) {
                return codec;
            }
        }
        throw MoonlightException.badInput("'" + text + "' is not a codec", "use h264 or hevc");
    }
}
