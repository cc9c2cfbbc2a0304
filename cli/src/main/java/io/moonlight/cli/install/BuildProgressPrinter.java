package io.moonlight.cli.install;

import io.moonlight.cli.Output;
import io.moonlight.core.images.BuildProgress;
import java.time.Duration;

/**
 * The progress of image builds on stderr when that is not a terminal (or with --json or NO_COLOR):
 * a line "[image m:ss] step" when a step begins and at least every half minute while one runs; with
 * --verbose also every line the build prints. On a terminal, {@link LiveBuildProgress} draws it.
 */
final class BuildProgressPrinter implements BuildProgress.Listener {
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final Output out;
    private final boolean verbose;
    private Duration lastPrinted = Duration.ZERO;

    BuildProgressPrinter(Output out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public synchronized void onProgress(BuildProgress progress) {
        if (verbose) {
            out.info(progress.line());
        }
        if (progress.newStep() || progress.elapsed().minus(lastPrinted).compareTo(HEARTBEAT) >= 0) {
            lastPrinted = progress.elapsed();
            out.info("[" + progress.imageId() + " " + Output.minutesSeconds(progress.elapsed()) + "] " + progress.step());
        }
    }
}
