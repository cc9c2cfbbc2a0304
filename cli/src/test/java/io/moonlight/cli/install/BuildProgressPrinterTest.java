package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.cli.Output;
import io.moonlight.core.images.BuildProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress lines on stderr during a long step, with and without the build's own output. */
class BuildProgressPrinterTest {
    private final StringWriter err = new StringWriter();
    private final Output output = new Output(new PrintWriter(new StringWriter()), new PrintWriter(err), false);

    @Test
    void aLineWhenAStepBeginsAndEveryHalfMinuteDuringIt() {
        BuildProgressPrinter printer = new BuildProgressPrinter(output, false);

        printer.onProgress(progress("Running post scriptlet", 65, "INFO:    Running post scriptlet", true));
        printer.onProgress(progress("Running post scriptlet", 80, "Get:1 http://mirror jammy InRelease", false));
        printer.onProgress(progress("Running post scriptlet", 95, "Setting up xfce4 (4.16)", false));
        printer.onProgress(progress("Running post scriptlet", 100, "Setting up xdotool", false));
        printer.onProgress(progress("Creating SIF file", 101, "INFO:    Creating SIF file...", true));

        assertEquals("[xfce4 1:05] Running post scriptlet\n[xfce4 1:35] Running post scriptlet\n"
                + "[xfce4 1:41] Creating SIF file\n", err.toString());
    }

    @Test
    void verbosePassesEveryLineOn() {
        BuildProgressPrinter printer = new BuildProgressPrinter(output, true);

        printer.onProgress(progress("Running post scriptlet", 5, "INFO:    Running post scriptlet", true));
        printer.onProgress(progress("Running post scriptlet", 6, "+ apt-get update", false));

        assertEquals("INFO:    Running post scriptlet\n[xfce4 0:05] Running post scriptlet\n+ apt-get update\n",
                err.toString());
    }

    private static BuildProgress progress(String step, int seconds, String line, boolean newStep) {
        return new BuildProgress("xfce4", step, Duration.ofSeconds(seconds), line, newStep);
    }
}
