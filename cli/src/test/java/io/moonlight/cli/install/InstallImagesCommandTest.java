package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.install.ImageSite.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moonlight install images} end to end through Main, with the fake apptainer. */
class InstallImagesCommandTest {
    @TempDir
    Path temp;

    private ImageSite site;

    @BeforeEach
    void setUp() throws IOException {
        site = new ImageSite(temp);
    }

    @Test
    void buildsIntoATempFileAndRenamesItOverTheTarget() throws IOException {
        Run run = site.moonlight("install", "images", "--image", "xfce4");

        assertEquals(0, run.exitCode(), run.stderr());
        Path image = site.image("sunshine_xfce4.sif");
        Path definition = site.image("sunshine_xfce4.def");
        assertEquals(List.of("sunshine_xfce4.def", "sunshine_xfce4.sif"), site.imageDirFiles());
        assertEquals("fake SIF built from " + definition + "\n" + Files.readString(definition), Files.readString(image));
        assertTrue(Files.readString(definition).startsWith("Bootstrap: docker\nFrom: ubuntu:22.04\n"));
        assertTrue(Files.readString(definition).contains("    " + site.sunshineDeb + " /opt/moonlight-build/sunshine.deb"));

        List<String> calls = site.apptainerCalls();
        assertEquals("--version", calls.get(0));
        assertTrue(Pattern.matches("build " + Pattern.quote(site.imageDir + "/.sunshine_xfce4.sif.building-")
                + "[a-z0-9]{6} " + Pattern.quote(definition.toString()), calls.get(1)), calls.get(1));
        assertTrue(run.stdout().startsWith("changed      image xfce4  " + image + "  (definition: " + definition
                + "; built in 0:0"), run.stdout());
        assertTrue(run.stderr().contains("[xfce4 0:00] Running post scriptlet\n"), run.stderr());
        assertTrue(run.stderr().contains("[xfce4 0:00] Build complete\n"), run.stderr());
        assertFalse(run.stderr().contains("+ apt-get update"), "build output only with --verbose");
    }

    @Test
    void verboseStreamsTheBuildOutput() {
        Run run = site.moonlight("--verbose", "install", "images", "--image", "gnome");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("INFO:    Running post scriptlet\n[gnome 0:00] Running post scriptlet\n"
                + "+ apt-get update\n"), run.stderr());
    }

    @Test
    void imagesFromRepeatedAndCommaSeparatedOptionsAreBuiltOnceEach() throws IOException {
        Run run = site.moonlight("install", "images", "--image", "xfce4,gnome", "--image", "gnome");

        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(List.of("sunshine_gnome.def", "sunshine_gnome.sif", "sunshine_xfce4.def", "sunshine_xfce4.sif"),
                site.imageDirFiles());
        assertEquals(3, site.apptainerCalls().size(), "one --version and two builds");
    }

    @Test
    void allBuildsEveryConfiguredImageIncludingTheLicensedOne() throws IOException {
        Run run = site.moonlight("install", "images", "--all");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(site.imageDirFiles().containsAll(List.of("sunshine_xfce4.sif", "sunshine_gnome.sif",
                "sunshine_gnome_lsprepost.sif")), site.imageDirFiles().toString());
        assertTrue(Files.readString(site.image("sunshine_gnome_lsprepost.def"))
                .contains("    " + site.installer + " /opt/moonlight-build/lsprepost-installer\n"));
    }

    @Test
    void anExistingImageIsSkippedAndAllSkippedExitsFour() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");

        Run run = site.moonlight("install", "images", "--image", "xfce4");

        assertEquals(4, run.exitCode(), run.stderr());
        assertEquals("skipped      image xfce4  " + site.image("sunshine_xfce4.sif")
                + "  (the image exists; add --force to rebuild it)\n", run.stdout());
        assertEquals("the image users run today", Files.readString(site.image("sunshine_xfce4.sif")));
        assertEquals(List.of(), site.apptainerCalls(), "nothing to build: apptainer is not even asked");
    }

    @Test
    void oneSkippedAndOneBuiltExitsZero() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");

        Run run = site.moonlight("install", "images", "--image", "xfce4,gnome");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("skipped      image xfce4"), run.stdout());
        assertTrue(run.stdout().contains("changed      image gnome"), run.stdout());
    }

    @Test
    void forceRebuildsAnExistingImage() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");

        Run run = site.moonlight("install", "images", "--image", "xfce4", "--force");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.readString(site.image("sunshine_xfce4.sif")).startsWith("fake SIF built from "));
    }

    @Test
    void aFailedBuildLeavesNoTempFileAndTheOldImageInPlace() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");
        site.failBuildsWith("exit status 100 (apt-get could not reach the mirror)");

        Run run = site.moonlight("install", "images", "--image", "xfce4,gnome", "--force");

        assertEquals(1, run.exitCode(), run.stderr());
        assertEquals(List.of("sunshine_gnome.def", "sunshine_xfce4.def", "sunshine_xfce4.sif"), site.imageDirFiles());
        assertEquals("the image users run today", Files.readString(site.image("sunshine_xfce4.sif")));
        assertTrue(run.stdout().contains("failed       image xfce4  " + site.image("sunshine_xfce4.sif")
                + "  (apptainer build failed: FATAL:   While performing build: while running engine: exit status 100"
                + " (apt-get could not reach the mirror) (exit 255); definition: "), run.stdout());
        assertTrue(run.stdout().contains("failed       image gnome"), "the next image is still tried");
    }

    @Test
    void jsonReportsEachImage() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_gnome.sif"), "old");

        Run run = site.moonlight("install", "images", "--image", "xfce4,gnome", "--json");

        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode steps = new ObjectMapper().readTree(run.stdout()).get("steps");
        assertEquals("image xfce4", steps.get(0).get("step").asText());
        assertEquals("CHANGED", steps.get(0).get("status").asText());
        assertEquals(site.image("sunshine_xfce4.sif").toString(), steps.get(0).get("target").asText());
        assertEquals("SKIPPED", steps.get(1).get("status").asText());
    }

    @Test
    void dryRunPrintsTheDefinitionAndTheExactCommandsAndWritesNothing() throws IOException {
        Run run = site.moonlight("install", "images", "--image", "xfce4", "--dry-run");

        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(Files.exists(site.imageDir), "the image directory is not even created");
        assertEquals(List.of("--version"), site.apptainerCalls(), "only the read-only check ran");
        Path definition = site.image("sunshine_xfce4.def");
        String rendered = site.moonlight("install", "images", "--image", "xfce4", "--defs-only",
                "--output-dir", temp.resolve("defs").toString()).exitCode() == 0
                ? Files.readString(temp.resolve("defs/sunshine_xfce4.def")) : "";
        String temp = Pattern.quote(site.imageDir + "/.sunshine_xfce4.sif.building-") + "[a-z0-9]{6}";
        String expected = Pattern.quote("# dry run: would write " + definition + "\n" + rendered
                + "# end of " + definition + "\n# dry run: would run " + site.fakeApptainer + " build ") + temp
                + Pattern.quote(" " + definition + "\n# dry run: would run mv -f -- ") + temp
                + Pattern.quote(" " + site.image("sunshine_xfce4.sif") + "\nwould-change image xfce4  "
                + site.image("sunshine_xfce4.sif") + "  (definition: " + definition + ")\n");
        assertTrue(Pattern.compile(expected).matcher(run.stdout()).matches(), run.stdout());
    }

    @Test
    void unknownImageIsBadInputAndChangesNothing() throws IOException {
        Run run = site.moonlight("install", "images", "--image", "xfce4,kde");

        assertEquals(2, run.exitCode());
        assertEquals("moonlight: unknown image 'kde' (hint: known images: xfce4, gnome, gnome-lsprepost"
                + " (see 'images' in the configuration))\n", run.stderr());
        assertEquals(List.of(), site.imageDirFiles());
        assertEquals(List.of(), site.apptainerCalls());
    }

    @Test
    void imageAndAllTogetherOrNeitherIsBadInput() {
        Run both = site.moonlight("install", "images", "--image", "xfce4", "--all");
        Run neither = site.moonlight("install", "images");

        assertEquals(2, both.exitCode());
        assertTrue(both.stderr().startsWith("moonlight: give either --image or --all, not both"), both.stderr());
        assertEquals(2, neither.exitCode());
        assertTrue(neither.stderr().startsWith("moonlight: no image given (hint: name images with --image ID"),
                neither.stderr());
    }

    @Test
    void vncPathsAreRefused() throws IOException {
        Path vncDir = temp.resolve("vnc_images");

        Run run = site.moonlight("install", "images", "--all", "--output-dir", vncDir.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("moonlight: refusing " + vncDir + ": 'vnc_images' belongs to the VNC"
                + " service"), run.stderr());
        assertFalse(Files.exists(vncDir));
        assertEquals(List.of(), site.apptainerCalls());
    }

    @Test
    void vncImageFileInTheConfigurationIsRefused() throws IOException {
        Files.writeString(site.config, Files.readString(site.config).replace("file: sunshine_gnome.sif",
                "file: vnc_gnome.sif"));

        Run run = site.moonlight("install", "images", "--image", "gnome");

        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("'vnc_gnome.sif' belongs to the VNC service"), run.stderr());
        assertEquals(List.of(), site.imageDirFiles());
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsBadInput() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "");

        Run run = site.moonlight("install", "images", "--image", "xfce4", "--output-dir",
                file.resolve("images").toString());

        assertEquals(2, run.exitCode());
        assertEquals("moonlight: cannot write images to " + file.resolve("images") + " on localhost: " + file
                + " is not a directory (hint: choose another --output-dir or fix paths.image_dir, or make " + file
                + " a writable directory)\n", run.stderr());
        assertEquals(List.of(), site.apptainerCalls());
    }

    @Test
    void aReadOnlyOutputDirectoryIsBadInput() throws Exception {
        Path readOnly = Files.createDirectories(temp.resolve("read-only"));
        try (ReadOnlyDirectory ignored = ReadOnlyDirectory.make(readOnly)) {
            Run run = site.moonlight("install", "images", "--image", "xfce4", "--output-dir",
                    readOnly.resolve("images").toString());

            assertEquals(2, run.exitCode());
            assertTrue(run.stderr().startsWith("moonlight: cannot write images to " + readOnly.resolve("images")
                    + " on localhost: " + readOnly + " is not writable"), run.stderr());
        }
    }

    @Test
    void missingApptainerExitsFiveButDefsOnlyStillWorks() throws IOException {
        site.writeConfig(temp.resolve("no-such-dir/apptainer").toString());

        Run build = site.moonlight("install", "images", "--image", "xfce4");
        Run defsOnly = site.moonlight("install", "images", "--image", "xfce4", "--defs-only");

        assertEquals(5, build.exitCode());
        assertTrue(build.stderr().startsWith("moonlight: apptainer is missing on localhost: '"
                + temp.resolve("no-such-dir/apptainer") + "' (apptainer.binary) cannot be run (hint: install"
                + " Apptainer"), build.stderr());
        assertTrue(build.stderr().contains("--defs-only writes the definitions without it"), build.stderr());
        assertEquals(0, defsOnly.exitCode(), defsOnly.stderr());
        assertEquals(List.of("sunshine_xfce4.def"), site.imageDirFiles());
        assertEquals("changed      definition xfce4  " + site.image("sunshine_xfce4.def") + "\n", defsOnly.stdout());
    }

    @Test
    void defsOnlyASecondTimeChangesNothing() {
        assertEquals(0, site.moonlight("install", "images", "--all", "--defs-only").exitCode());

        Run again = site.moonlight("install", "images", "--all", "--defs-only");

        assertEquals(0, again.exitCode());
        assertEquals(3, again.stdout().lines().filter(l -> l.startsWith("unchanged    definition ")).count(),
                again.stdout());
    }

    @Test
    void missingSunshinePackageIsBadInputButDefsOnlyStillWorks() throws IOException {
        Files.delete(site.sunshineDeb);

        Run build = site.moonlight("install", "images", "--image", "xfce4");
        Run defsOnly = site.moonlight("install", "images", "--image", "xfce4", "--defs-only");

        assertEquals(2, build.exitCode());
        assertTrue(build.stderr().startsWith("moonlight: the Sunshine package " + site.sunshineDeb
                + " does not exist on localhost"), build.stderr());
        assertEquals(0, defsOnly.exitCode(), defsOnly.stderr());
    }

    @Test
    void missingLicensedInstallerIsBadInput() throws IOException {
        Files.delete(site.installer);

        Run run = site.moonlight("install", "images", "--all");

        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().startsWith("moonlight: the installer of image gnome-lsprepost, " + site.installer
                + ", does not exist on localhost"), run.stderr());
        assertEquals(List.of(), site.imageDirFiles(), "nothing half-done: not even the other images");
    }
}
