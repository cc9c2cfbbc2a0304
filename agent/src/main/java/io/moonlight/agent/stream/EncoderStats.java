package io.moonlight.agent.stream;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the encoder did for one viewer since its connection started, from libwebrtc's statistics (the
 * video outbound-rtp entry and its codec): what an admin needs to tell a stream starved of CPU from
 * one starved of bandwidth.
 */
public record EncoderStats(String codec, String encoder, long framesEncoded, double encodeSeconds, long bytesSent,
        String limitation) {

    static Optional<EncoderStats> of(RTCStatsReport report) {
        Map<String, RTCStats> stats = report.getStats();
        return stats.values().stream()
                .filter(s -> s.getType() == RTCStatsType.OUTBOUND_RTP && "video".equals(s.getAttributes().get("kind")))
                .findFirst()
                .map(s -> {
                    Map<String, Object> a = s.getAttributes();
                    RTCStats codec = stats.get(String.valueOf(a.get("codecId")));
                    return new EncoderStats(
                            codec == null ? "?" : String.valueOf(codec.getAttributes().get("mimeType")).replace("video/", ""),
                            String.valueOf(a.getOrDefault("encoderImplementation", "?")),
                            number(a, "framesEncoded").longValue(), number(a, "totalEncodeTime").doubleValue(),
                            number(a, "bytesSent").longValue(), String.valueOf(a.getOrDefault("qualityLimitationReason", "?")));
                });
    }

    /** Mean encode time of the frames encoded since {@code before} (an earlier reading of the same viewer). */
    public double encodeMillisSince(EncoderStats before) {
        long frames = framesEncoded - before.framesEncoded;
        return frames == 0 ? 0 : 1000 * (encodeSeconds - before.encodeSeconds) / frames;
    }

    /** One line on the interval since {@code before}, e.g. "H264 (OpenH264): 59.8 fps, 4.7 ms a frame, ...". */
    public String since(EncoderStats before, Duration elapsed) {
        double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
        return String.format(Locale.ROOT, "%s (%s): %.1f fps, encode %.1f ms a frame, %.2f Mbit/s, limited by %s",
                codec, encoder, (framesEncoded - before.framesEncoded) / seconds, encodeMillisSince(before),
                8 * (bytesSent - before.bytesSent) / seconds / 1e6, limitation);
    }

    private static Number number(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? n : 0;
    }
}
