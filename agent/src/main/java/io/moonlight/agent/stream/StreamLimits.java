package io.moonlight.agent.stream;

/**
 * The session's frame rate and bitrate, given to every viewer's sender as its maximum:
 * libwebrtc's own default cap (about 2.5 Mbit/s) would make the encoder skip frames at 1080p;
 * its congestion control still adapts below these.
 */
public record StreamLimits(int fps, int bitrateKbps) {
    public StreamLimits {
        if (fps < 1 || fps > 240) {
            throw new IllegalArgumentException("frame rate " + fps + " is out of range 1-240");
        }
        if (bitrateKbps < 100) {
            throw new IllegalArgumentException("bitrate " + bitrateKbps + " kbps is below 100");
        }
    }
}
