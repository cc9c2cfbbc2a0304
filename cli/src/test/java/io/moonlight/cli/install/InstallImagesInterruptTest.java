package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.SshdFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting {@code install images} (SIGTERM, as Ctrl-C or a closing terminal would) stops the
 * build and removes its temp file: moonlight runs in its own JVM here so that it can be signalled.
 */
@ServiceTest
class InstallImagesInterruptTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path temp;

    private ImageSite site;

    @BeforeEach
    void setUp() throws IOException {
        site = new ImageSite(temp);
        site.useSsh(SSHD);
        site.slowBuildsBy(60);
    }

    @Test
    void anInterruptedBuildLeavesNoTempFileAndNoBuildRunning() throws Exception {
        Process moonlight = start();
        try {
            awaitTempFile();
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

    @Test
    void anInterruptedBuildOnANodeLeavesNoTempFileThere() throws Exception {
        Process moonlight = start("--node", "127.0.0.1");
        try {
            awaitTempFile();

            moonlight.destroy();

            assertTrue(moonlight.waitFor(30, TimeUnit.SECONDS), "moonlight exits after SIGTERM");
            assertEquals(List.of("sunshine_xfce4.def"), site.imageDirFiles());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (!buildsOnTheNode().isEmpty()) {
                assertTrue(Instant.now().isBefore(deadline), "the build on the node still runs: " + buildsOnTheNode());
                Thread.sleep(50);
            }
        } finally {
            moonlight.destroyForcibly();
        }
    }

    /** The fake apptainer's processes started through sshd (not children of moonlight). */
    private List<String> buildsOnTheNode() {
        String temp = site.imageDir + "/.sunshine_xfce4.sif.building-";
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(site.fakeApptainer.toString()) && line.contains(temp))
                .toList();
    }

    private Process start(String... extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main",
                "--config", site.config.toString(), "install", "images", "--image", "xfce4"));
        argv.addAll(List.of(extra));
        return new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("moonlight.log").toFile())
                .start();
    }

    private void awaitTempFile() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (site.imageDirFiles().stream().noneMatch(f -> f.startsWith(".sunshine_xfce4.sif.building-"))) {
            assertTrue(Instant.now().isBefore(deadline), "the build never wrote its temp file");
            Thread.sleep(50);
        }
    }
}
