package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.CliRun;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.SshdFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install images --node HOST}: the same steps on another host through a real sshd on
 * 127.0.0.1 (host key checked against known_hosts); the fake apptainer stands in for apptainer there.
 */
@ServiceTest
class InstallImagesOnNodeTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();

    @TempDir
    Path temp;

    private ImageSite site;

    @BeforeEach
    void setUp() throws IOException {
        site = new ImageSite(temp);
        site.useSsh(SSHD);
    }

    @Test
    void buildsOnTheNodeWithProgress() throws IOException {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "127.0.0.1");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("sunshine_xfce4.def", "sunshine_xfce4.sif"), site.imageDirFiles());
        assertTrue(Files.readString(site.image("sunshine_xfce4.sif")).startsWith("fake SIF built from "
                + site.image("sunshine_xfce4.def") + "\nBootstrap: docker\n"));
        assertTrue(run.out().startsWith("changed      image xfce4  127.0.0.1:" + site.image("sunshine_xfce4.sif")),
                run.out());
        assertTrue(run.err().contains("[xfce4 0:00] Running post scriptlet\n"), run.err());
    }

    @Test
    void aFailedBuildOnTheNodeLeavesNoTempFile() throws IOException {
        site.failBuildsWith("exit status 100");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "127.0.0.1");

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("sunshine_xfce4.def"), site.imageDirFiles());
        assertTrue(run.out().startsWith("failed       image xfce4  127.0.0.1:"), run.out());
    }

    @Test
    void anExistingImageOnTheNodeIsSkipped() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "in use");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "127.0.0.1");

        assertEquals(4, run.exitCode(), run.toString());
        assertEquals("in use", Files.readString(site.image("sunshine_xfce4.sif")));
    }

    @Test
    void missingApptainerOnTheNodeExitsFive() throws IOException {
        site.writeConfig(temp.resolve("no-such-dir/apptainer").toString());

        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "127.0.0.1");

        assertEquals(5, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("moonlight: apptainer is missing on 127.0.0.1: '"), run.err());
        assertEquals(List.of(), site.imageDirFiles());
    }

    @Test
    void dryRunOnTheNodeNamesTheNodeAndWritesNothing() throws IOException {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "127.0.0.1", "--dry-run");

        assertEquals(0, run.exitCode(), run.toString());
        assertFalse(Files.exists(site.imageDir));
        assertTrue(run.out().startsWith("# dry run: would write 127.0.0.1:" + site.image("sunshine_xfce4.def")
                + "\nBootstrap: docker\n"), run.out());
        assertTrue(Pattern.compile("# dry run: would run 127\\.0\\.0\\.1: " + Pattern.quote(site.fakeApptainer
                + " build " + site.imageDir + "/.sunshine_xfce4.sif.building-") + "[a-z0-9]{6} "
                + Pattern.quote(site.image("sunshine_xfce4.def").toString()) + "\n").matcher(run.out()).find(),
                run.out());
    }

    @Test
    void aNodeWhoseHostKeyIsUnknownIsRefused() throws IOException {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "localhost");

        assertEquals(5, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("moonlight: the host key of localhost "), run.err());
        assertTrue(site.apptainerCalls().isEmpty());
    }

    @Test
    void aRelativeOutputDirectoryMeansNothingOnAnotherHost() {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--node", "127.0.0.1",
                "--output-dir", "images");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("moonlight: output directory 'images' is not an absolute path"), run.err());
    }
}
