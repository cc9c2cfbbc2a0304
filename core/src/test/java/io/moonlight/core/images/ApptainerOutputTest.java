package io.moonlight.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The build step as read from apptainer's output lines. */
class ApptainerOutputTest {

    @Test
    void infoLinesAnnounceSteps() {
        assertEquals(Optional.of("Running post scriptlet"), ApptainerOutput.step("INFO:    Running post scriptlet"));
        assertEquals(Optional.of("Creating SIF file"), ApptainerOutput.step("INFO:    Creating SIF file..."));
        assertEquals(Optional.of("Build complete"), ApptainerOutput.step("INFO:    Build complete: /opt/x.sif"));
        assertEquals(Optional.of("Fetching OCI image"),
                ApptainerOutput.step("\u001B[34mINFO:   \u001B[0m Fetching OCI image..."));
    }

    @Test
    void otherLinesAreTheScriptsOutput() {
        assertEquals(Optional.empty(), ApptainerOutput.step("+ apt-get update"));
        assertEquals(Optional.empty(), ApptainerOutput.step("Get:1 http://archive.ubuntu.com/ubuntu jammy InRelease"));
        assertEquals(Optional.empty(), ApptainerOutput.step("WARNING: passwd file doesn't exist in container"));
        assertEquals(Optional.empty(), ApptainerOutput.step("INFO:"));
    }

    @Test
    void theTrackerCarriesTheStepOverScriptLinesAndTimesIt() {
        MutableClock clock = new MutableClock();
        List<BuildProgress> seen = new ArrayList<>();
        BuildProgressTracker tracker = new BuildProgressTracker("xfce4", clock, seen::add);

        tracker.line("+ apt-get update");
        clock.advance(Duration.ofSeconds(5));
        tracker.line("INFO:    Running post scriptlet");
        clock.advance(Duration.ofSeconds(70));
        tracker.line("+ apt-get install -y xfce4");

        assertEquals(List.of(
                new BuildProgress("xfce4", "Starting build", Duration.ZERO, "+ apt-get update", true),
                new BuildProgress("xfce4", "Running post scriptlet", Duration.ofSeconds(5),
                        "INFO:    Running post scriptlet", true),
                new BuildProgress("xfce4", "Running post scriptlet", Duration.ofSeconds(75),
                        "+ apt-get install -y xfce4", false)), seen);
        assertEquals("1:15", ImageInstaller.minutesAndSeconds(tracker.elapsed()));
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
