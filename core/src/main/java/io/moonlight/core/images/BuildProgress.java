package io.moonlight.core.images;

import java.time.Duration;

/**
 * One line of an image build's output with where the build is: the current step (from
 * apptainer's INFO lines), the time since the build started, and whether this line began the step.
 */
public record BuildProgress(String imageId, String step, Duration elapsed, String line, boolean newStep) {

    /** Receives every line of every build as it arrives (from more than one thread). */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = progress -> { };

        void onProgress(BuildProgress progress);
    }
}
