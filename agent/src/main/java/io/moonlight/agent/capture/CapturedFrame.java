package io.moonlight.agent.capture;

import java.nio.ByteBuffer;

/**
 * One grab of the display: {@code pixels} is a direct buffer of B,G,R,x bytes per pixel (what libyuv
 * calls ARGB, e.g. webrtc-java's {@code VideoBufferConverter.convertToI420(pixels, i420, FourCC.ARGB)}),
 * {@code stride} bytes per line. The buffer may be the capture's own memory, not a copy: it is valid
 * only until the next grab or close of the capture that returned it.
 */
public record CapturedFrame(ByteBuffer pixels, int width, int height, int stride, long capturedNanos) {
}
