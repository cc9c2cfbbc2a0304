package io.moonlight.agent.stream;

import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.moonlight.core.MoonlightException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * webrtc-java's native library, loaded by the first use of its classes: a failure there is an
 * error deep in a class initializer, turned here into one line that says what is missing.
 */
public final class WebRtcLibrary {
    private WebRtcLibrary() {
    }

    /**
     * A headless audio module, the first object every peer connection factory needs (the default
     * module aborts the JVM on a node without a sound card); loads the library.
     */
    public static HeadlessAudioDeviceModule audioModule() {
        try {
            return new HeadlessAudioDeviceModule();
        } catch (LinkageError | RuntimeException e) {
            String why = describe(e);
            String hint = why.contains("libpulse")
                    ? "install libpulse0 (apt-get install libpulse0): the library needs it even without audio"
                    : why.contains("Load library 'webrtc-java' failed")
                    ? "the native jar webrtc-java-*-linux-x86_64.jar is missing from moonlight's lib directory, or this is"
                    + " not x86_64 Linux: reinstall moonlight"
                    : "install the libraries the message names on the node";
            throw MoonlightException.unavailable("webrtc-java's native library does not load: " + why, hint);
        }
    }

    /** The messages along the cause chain, each once. */
    private static String describe(Throwable error) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                messages.add(t.getMessage().lines().findFirst().orElse(""));
            }
        }
        return messages.isEmpty() ? error.getClass().getSimpleName() : String.join(": ", messages);
    }
}
