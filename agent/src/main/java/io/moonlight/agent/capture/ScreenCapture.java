package io.moonlight.agent.capture;

import java.util.Optional;

/** Reads a session's X display. */
public interface ScreenCapture extends AutoCloseable {
    static ScreenCapture open(String display) {
        throw new UnsupportedOperationException("placeholder");
    }

    int width();

    int height();

    String method();

    /** Empty when nothing changed since the last grab. */
    Optional<CapturedFrame> grabIfChanged();

    CapturedFrame grab();

    @Override
    void close();
}
