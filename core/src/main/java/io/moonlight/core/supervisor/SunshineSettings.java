package io.moonlight.core.supervisor;

import io.moonlight.core.MoonlightException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The site's choices for every session's Sunshine, with defaults for a GPU viz node: NVENC with its
 * fastest preset (latency first), capture from X11 (works on Xvfb; {@code nvfbc} or {@code kms} on a
 * real GPU display), web UI reachable from the LAN (the head node submits pairing PINs). Empty bind
 * address, audio sink and virtual sink leave Sunshine's own defaults.
 */
public record SunshineSettings(String encoder, String capture, Integer nvencPreset, String nvencTwopass,
        String minLogLevel, String originWebUiAllowed, String bindAddress, String audioSink, String virtualSink) {
    private static final List<String> ENCODERS = List.of("nvenc", "vaapi", "software");
    private static final List<String> CAPTURES = List.of("x11", "nvfbc", "kms");
    private static final List<String> TWOPASS = List.of("disabled", "quarter_res", "full_res");
    private static final List<String> LOG_LEVELS = List.of("verbose", "debug", "info", "warning", "error", "fatal", "none");
    private static final List<String> ORIGINS = List.of("pc", "lan", "wan");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]*");
    private static final Pattern SINK = Pattern.compile("[A-Za-z0-9._-]*");

    public SunshineSettings {
        encoder = oneOf("encoder", encoder, "nvenc", ENCODERS);
        capture = oneOf("capture", capture, "x11", CAPTURES);
        nvencPreset = nvencPreset == null ? 1 : nvencPreset;
        if (nvencPreset < 1 || nvencPreset > 7) {
            throw MoonlightException.badInput("Sunshine nvenc_preset " + nvencPreset + " is out of range",
                    "use 1 (fastest) to 7 (best quality)");
        }
        nvencTwopass = oneOf("nvenc_twopass", nvencTwopass, "quarter_res", TWOPASS);
        minLogLevel = oneOf("min_log_level", minLogLevel, "info", LOG_LEVELS);
        originWebUiAllowed = oneOf("origin_web_ui_allowed", originWebUiAllowed, "lan", ORIGINS);
        bindAddress = matching("bind_address", bindAddress, ADDRESS, "an IPv4 or IPv6 address, e.g. 10.1.2.3");
        audioSink = matching("audio_sink", audioSink, SINK, "a PulseAudio sink name");
        virtualSink = matching("virtual_sink", virtualSink, SINK, "a PulseAudio sink name");
    }

    public static SunshineSettings defaults() {
        return new SunshineSettings(null, null, null, null, null, null, null, null, null);
    }

    private static String oneOf(String key, String value, String fallback, List<String> allowed) {
        String chosen = value == null ? fallback : value;
        if (!allowed.contains(chosen)) {
            throw MoonlightException.badInput("Sunshine " + key + " '" + chosen + "' is not supported",
                    "use one of " + String.join(", ", allowed));
        }
        return chosen;
    }

    private static String matching(String key, String value, Pattern pattern, String expected) {
        String chosen = value == null ? "" : value;
        if (!pattern.matcher(chosen).matches()) {
            throw MoonlightException.badInput("Sunshine " + key + " '" + chosen + "' is not valid", "use " + expected);
        }
        return chosen;
    }
}
