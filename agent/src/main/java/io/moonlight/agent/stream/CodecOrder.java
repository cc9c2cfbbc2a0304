package io.moonlight.agent.stream;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The order the agent prefers its video codecs in: H264 (packetization mode 1 first: one NAL unit
 * per packet is what browsers decode with the least delay), then VP8, then everything else the
 * library offers (VP9, AV1, and the rtx/red/ulpfec helpers, which must stay in the list).
 */
final class CodecOrder {
    private CodecOrder() {
    }

    static List<RTCRtpCodecCapability> preferred(List<RTCRtpCodecCapability> offered) {
        return offered.stream().sorted(Comparator.comparingInt(CodecOrder::rank)).toList();
    }

    private static int rank(RTCRtpCodecCapability codec) {
        String name = codec.getName().toUpperCase(Locale.ROOT);
        if (name.equals("H264")) {
            String mode = codec.getSDPFmtp() == null ? null : codec.getSDPFmtp().get("packetization-mode");
            return "1".equals(mode) ? 0 : 1;
        }
        return name.equals("VP8") ? 2 : 3;
    }
}
