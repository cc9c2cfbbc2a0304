package io.moonlight.agent.capture;

import java.nio.ByteBuffer;

/** One grab of the display: B,G,R,x pixels, valid until the next grab or close. */
public record CapturedFrame(ByteBuffer pixels, int width, int height, int stride, long capturedNanos) {
}
