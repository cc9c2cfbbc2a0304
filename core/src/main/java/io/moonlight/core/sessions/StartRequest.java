package io.moonlight.core.sessions;

import io.moonlight.core.session.Codec;
import io.moonlight.core.session.Geometry;
import io.moonlight.core.session.SessionSpec;
import java.util.Optional;

/**
 * A request to start a session as a front end receives it (CLI options, an API body): raw values,
 * null for "the default". {@link #spec()} checks them; the user defaults to the caller.
 */
public record StartRequest(String user, String image, String geometry, Integer hours, Integer fps,
        Integer bitrateKbps, String codec) {
    public static final String DEFAULT_IMAGE = "xfce4";
    public static final String DEFAULT_GEOMETRY = "1920x1080";
    public static final int DEFAULT_HOURS = 4;
    public static final int DEFAULT_FPS = 60;
    public static final int DEFAULT_BITRATE_KBPS = 20_000;
    public static final String DEFAULT_CODEC = "h264";

    public Optional<String> requestedUser() {
        return Optional.ofNullable(user);
    }

    public SessionSpec spec() {
        return new SessionSpec(image == null ? DEFAULT_IMAGE : image,
                Geometry.parse(geometry == null ? DEFAULT_GEOMETRY : geometry),
                fps == null ? DEFAULT_FPS : fps,
                bitrateKbps == null ? DEFAULT_BITRATE_KBPS : bitrateKbps,
                Codec.parse(codec == null ? DEFAULT_CODEC : codec),
                hours == null ? DEFAULT_HOURS : hours);
    }
}
