package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting {@code install images} (SIGTERM, as Ctrl-C or a closing terminal would) stops the
 * build and removes its temp file: moonlight runs in its own JVM here so that it can be signalled.
 */
class InstallImagesInterruptTest {
    @TempDir
    Path temp;

    @Test
    void anInterruptedBuildLeavesNoTempFileAndNoBuildRunning() throws Exception {
        ImageSite site = new ImageSite(temp);
        site.slowBuildsBy(60);
        Process moonlight = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main",
                "--config", site.config.toString(), "install", "images", "--image", "xfce4")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("moonlight.log").toFile())
                .start();
        try {
            awaitTempFile(site);
            List<ProcessHandle> build = moonlight.descendants().toList();
            assertFalse(build.isEmpty(), "the fake apptainer runs");

            moonlight.destroy();

            assertTrue(moonlight.waitFor(30, TimeUnit.SECONDS), "moonlight exits after SIGTERM");
            assertEquals(List.of("sunshine_xfce4.def"), site.imageDirFiles());
            for (ProcessHandle process : build) {
                assertTrue(process.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get() != null,
                        "the build was stopped too: " + process.info().commandLine().orElse("?"));
            }
        } finally {
            moonlight.destroyForcibly();
        }
    }

    private static void awaitTempFile(ImageSite site) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (site.imageDirFiles().stream().noneMatch(f -> f.startsWith(".sunshine_xfce4.sif.building-"))) {
            assertTrue(Instant.now().isBefore(deadline), "the build never wrote its temp file");
            Thread.sleep(50);
        }
    }
}
