package io.moonlight.core.images;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Follows one build's output lines, keeps its current step and passes each line on with it. */
final class BuildProgressTracker {
    static final String FIRST_STEP = "Starting build";

    private final String imageId;
    private final Clock clock;
    private final Instant start;
    private final BuildProgress.Listener listener;
    private String step;

    BuildProgressTracker(String imageId, Clock clock, BuildProgress.Listener listener) {
        this.imageId = imageId;
        this.clock = clock;
        this.start = clock.instant();
        this.listener = listener;
    }

    /** Called from the threads reading the build's standard output and error. */
    synchronized void line(String line) {
        String announced = ApptainerOutput.step(line).orElse(step == null ? FIRST_STEP : step);
        boolean newStep = !announced.equals(step);
        step = announced;
        listener.onProgress(new BuildProgress(imageId, step, elapsed(), line, newStep));
    }

    Duration elapsed() {
        return Duration.between(start, clock.instant());
    }
}
