package io.moonlight.cli.install;

import io.moonlight.cli.LiveLines;
import io.moonlight.cli.Output;
import io.moonlight.core.images.BuildProgress;
import java.util.HashMap;
import java.util.Map;

/**
 * The progress of image builds on a terminal: one live line per image on its node, "xfce4 on gpu01
 * 1:05 step 3 Running post scriptlet | Setting up xfce4": the time since the build began, the
 * number and name of the step apptainer announced last (it does not say how many will come), and
 * the build's last line. With --verbose every line the build prints goes above them.
 */
final class LiveBuildProgress implements BuildProgress.Listener {
    private final LiveLines lines;
    private final String node;
    private final boolean verbose;
    private final Map<String, Integer> stepNumbers = new HashMap<>();

    /** @param node where the images are built, as the user named it */
    LiveBuildProgress(LiveLines lines, String node, boolean verbose) {
        this.lines = lines;
        this.node = node;
        this.verbose = verbose;
    }

    @Override
    public synchronized void onProgress(BuildProgress progress) {
        if (verbose) {
            lines.print(progress.line());
        }
        int step = stepNumbers.merge(progress.imageId(), progress.newStep() ? 1 : 0, Integer::sum);
        lines.set(progress.imageId(), progress.imageId() + " on " + node + "  "
                + Output.minutesSeconds(progress.elapsed()) + "  step " + step + " " + progress.step()
                + (progress.newStep() ? "" : " | " + progress.line().strip()));
    }
}
