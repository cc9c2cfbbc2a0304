package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.cli.LiveLines;
import io.moonlight.core.images.BuildProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveBuildProgressTest {
    private static final String UP_ONE = "\u001B[1A";
    private static final String CLEAR = "\u001B[K";

    private final StringWriter terminal = new StringWriter();
    private final LiveLines lines = new LiveLines(new PrintWriter(terminal), 100);

    @Test
    void oneLinePerImageWithItsNodeElapsedTimeStepNumberAndLastLine() {
        LiveBuildProgress progress = new LiveBuildProgress(lines, "gpu01", false);

        progress.onProgress(progress("xfce4", "Starting build", 0, "INFO:    Starting build...", true));
        progress.onProgress(progress("xfce4", "Running post scriptlet", 65, "INFO:    Running post scriptlet", true));
        progress.onProgress(progress("xfce4", "Running post scriptlet", 80, "Setting up xfce4 (4.16)  ", false));

        assertEquals("xfce4 on gpu01  0:00  step 1 Starting build" + CLEAR + "\n"
                + UP_ONE + "xfce4 on gpu01  1:05  step 2 Running post scriptlet" + CLEAR + "\n"
                + UP_ONE + "xfce4 on gpu01  1:20  step 2 Running post scriptlet | Setting up xfce4 (4.16)" + CLEAR
                + "\n", terminal.toString());
    }

    @Test
    void verbosePrintsEveryBuildLineAboveTheLiveLines() {
        LiveBuildProgress progress = new LiveBuildProgress(lines, "this host", true);

        progress.onProgress(progress("gnome", "Starting build", 0, "INFO:    Starting build...", true));
        progress.onProgress(progress("gnome", "Starting build", 2, "+ apt-get update", false));

        assertEquals("INFO:    Starting build..." + CLEAR + "\n"
                + "gnome on this host  0:00  step 1 Starting build" + CLEAR + "\n"
                + UP_ONE + "+ apt-get update" + CLEAR + "\n"
                + "gnome on this host  0:00  step 1 Starting build" + CLEAR + "\n"
                + UP_ONE + "gnome on this host  0:02  step 1 Starting build | + apt-get update" + CLEAR + "\n",
                terminal.toString());
    }

    private static BuildProgress progress(String image, String step, int seconds, String line, boolean newStep) {
        return new BuildProgress(image, step, Duration.ofSeconds(seconds), line, newStep);
    }
}
