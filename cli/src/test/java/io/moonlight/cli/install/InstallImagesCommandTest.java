package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
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
        CliRun run = site.moonlight("install", "images", "--image", "xfce4");

        assertEquals(0, run.exitCode(), run.err());
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
        assertTrue(run.out().startsWith("changed      image xfce4  " + image + "  (definition: " + definition
                + "; built in 0:0"), run.out());
        assertTrue(run.err().contains("[xfce4 0:00] Running post scriptlet\n"), run.err());
        assertTrue(run.err().contains("[xfce4 0:00] Build complete\n"), run.err());
        assertFalse(run.err().contains("+ apt-get update"), "build output only with --verbose");
    }

    @Test
    void verboseStreamsTheBuildOutput() {
        CliRun run = site.moonlight("--verbose", "install", "images", "--image", "gnome");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("INFO:    Running post scriptlet\n[gnome 0:00] Running post scriptlet\n"
                + "+ apt-get update\n"), run.err());
    }

    @Test
    void imagesFromRepeatedAndCommaSeparatedOptionsAreBuiltOnceEach() throws IOException {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4,gnome", "--image", "gnome");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("sunshine_gnome.def", "sunshine_gnome.sif", "sunshine_xfce4.def", "sunshine_xfce4.sif"),
                site.imageDirFiles());
        assertEquals(3, site.apptainerCalls().size(), "one --version and two builds");
    }

    @Test
    void allBuildsEveryConfiguredImageIncludingTheLicensedOne() throws IOException {
        CliRun run = site.moonlight("install", "images", "--all");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(site.imageDirFiles().containsAll(List.of("sunshine_xfce4.sif", "sunshine_gnome.sif",
                "sunshine_gnome_lsprepost.sif")), site.imageDirFiles().toString());
        assertTrue(Files.readString(site.image("sunshine_gnome_lsprepost.def"))
                .contains("    " + site.installer + " /opt/moonlight-build/lsprepost-installer\n"));
    }

    @Test
    void anExistingImageIsSkippedAndAllSkippedExitsFour() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4");

        assertEquals(4, run.exitCode(), run.err());
        assertEquals("skipped      image xfce4  " + site.image("sunshine_xfce4.sif")
                + "  (the image exists; add --force to rebuild it)\n", run.out());
        assertEquals("the image users run today", Files.readString(site.image("sunshine_xfce4.sif")));
        assertEquals(List.of(), site.apptainerCalls(), "nothing to build: apptainer is not even asked");
    }

    @Test
    void oneSkippedAndOneBuiltExitsZero() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4,gnome");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("skipped      image xfce4"), run.out());
        assertTrue(run.out().contains("changed      image gnome"), run.out());
    }

    @Test
    void forceRebuildsAnExistingImage() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--force");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(site.image("sunshine_xfce4.sif")).startsWith("fake SIF built from "));
    }

    @Test
    void aFailedBuildLeavesNoTempFileAndTheOldImageInPlace() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_xfce4.sif"), "the image users run today");
        site.failBuildsWith("exit status 100 (apt-get could not reach the mirror)");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4,gnome", "--force");

        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("sunshine_gnome.def", "sunshine_xfce4.def", "sunshine_xfce4.sif"), site.imageDirFiles());
        assertEquals("the image users run today", Files.readString(site.image("sunshine_xfce4.sif")));
        assertTrue(run.out().contains("failed       image xfce4  " + site.image("sunshine_xfce4.sif")
                + "  (apptainer build failed: FATAL:   While performing build: while running engine: exit status 100"
                + " (apt-get could not reach the mirror) (exit 255); definition: "), run.out());
        assertTrue(run.out().contains("failed       image gnome"), "the next image is still tried");
    }

    @Test
    void jsonReportsEachImage() throws IOException {
        Files.createDirectories(site.imageDir);
        Files.writeString(site.image("sunshine_gnome.sif"), "old");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4,gnome", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode steps = new ObjectMapper().readTree(run.out()).get("steps");
        assertEquals("image xfce4", steps.get(0).get("step").asText());
        assertEquals("CHANGED", steps.get(0).get("status").asText());
        assertEquals(site.image("sunshine_xfce4.sif").toString(), steps.get(0).get("target").asText());
        assertEquals("SKIPPED", steps.get(1).get("status").asText());
    }

    @Test
    void dryRunPrintsTheDefinitionAndTheExactCommandsAndWritesNothing() throws IOException {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--dry-run");

        assertEquals(0, run.exitCode(), run.err());
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
        assertTrue(Pattern.compile(expected).matcher(run.out()).matches(), run.out());
    }

    @Test
    void unknownImageIsBadInputAndChangesNothing() throws IOException {
        CliRun run = site.moonlight("install", "images", "--image", "xfce4,kde");

        assertEquals(2, run.exitCode());
        assertEquals("moonlight: unknown image 'kde' (hint: known images: xfce4, gnome, gnome-lsprepost"
                + " (see 'images' in the configuration))\n", run.err());
        assertEquals(List.of(), site.imageDirFiles());
        assertEquals(List.of(), site.apptainerCalls());
    }

    @Test
    void imageAndAllTogetherOrNeitherIsBadInput() {
        CliRun both = site.moonlight("install", "images", "--image", "xfce4", "--all");
        CliRun neither = site.moonlight("install", "images");

        assertEquals(2, both.exitCode());
        assertTrue(both.err().startsWith("moonlight: give either --image or --all, not both"), both.err());
        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().startsWith("moonlight: no image given (hint: name images with --image ID"),
                neither.err());
    }

    @Test
    void vncPathsAreRefused() throws IOException {
        Path vncDir = temp.resolve("vnc_images");

        CliRun run = site.moonlight("install", "images", "--all", "--output-dir", vncDir.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("moonlight: refusing " + vncDir + ": 'vnc_images' belongs to the VNC"
                + " service"), run.err());
        assertFalse(Files.exists(vncDir));
        assertEquals(List.of(), site.apptainerCalls());
    }

    @Test
    void vncImageFileInTheConfigurationIsRefused() throws IOException {
        Files.writeString(site.config, Files.readString(site.config).replace("file: sunshine_gnome.sif",
                "file: vnc_gnome.sif"));

        CliRun run = site.moonlight("install", "images", "--image", "gnome");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'vnc_gnome.sif' belongs to the VNC service"), run.err());
        assertEquals(List.of(), site.imageDirFiles());
    }

    @Test
    void anOutputDirectoryThatCannotBeCreatedIsBadInput() throws IOException {
        Path file = Files.writeString(temp.resolve("not-a-directory"), "");

        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--output-dir",
                file.resolve("images").toString());

        assertEquals(2, run.exitCode());
        assertEquals("moonlight: cannot write images to " + file.resolve("images") + " on localhost: " + file
                + " is not a directory (hint: choose another --output-dir or fix paths.image_dir, or make " + file
                + " a writable directory)\n", run.err());
        assertEquals(List.of(), site.apptainerCalls());
    }

    @Test
    void aReadOnlyOutputDirectoryIsBadInput() throws Exception {
        Path readOnly = Files.createDirectories(temp.resolve("read-only"));
        try (ReadOnlyDirectory ignored = ReadOnlyDirectory.make(readOnly)) {
            CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--output-dir",
                    readOnly.resolve("images").toString());

            assertEquals(2, run.exitCode());
            assertTrue(run.err().startsWith("moonlight: cannot write images to " + readOnly.resolve("images")
                    + " on localhost: " + readOnly + " is not writable"), run.err());
        }
    }

    @Test
    void missingApptainerExitsFiveButDefsOnlyStillWorks() throws IOException {
        site.writeConfig(temp.resolve("no-such-dir/apptainer").toString());

        CliRun build = site.moonlight("install", "images", "--image", "xfce4");
        CliRun defsOnly = site.moonlight("install", "images", "--image", "xfce4", "--defs-only");

        assertEquals(5, build.exitCode());
        assertTrue(build.err().startsWith("moonlight: apptainer is missing on localhost: '"
                + temp.resolve("no-such-dir/apptainer") + "' (apptainer.binary) cannot be run (hint: install"
                + " Apptainer"), build.err());
        assertTrue(build.err().contains("--defs-only writes the definitions without it"), build.err());
        assertEquals(0, defsOnly.exitCode(), defsOnly.err());
        assertEquals(List.of("sunshine_xfce4.def"), site.imageDirFiles());
        assertEquals("changed      definition xfce4  " + site.image("sunshine_xfce4.def") + "\n", defsOnly.out());
    }

    @Test
    void defsOnlyASecondTimeChangesNothing() {
        assertEquals(0, site.moonlight("install", "images", "--all", "--defs-only").exitCode());

        CliRun again = site.moonlight("install", "images", "--all", "--defs-only");

        assertEquals(0, again.exitCode());
        assertEquals(3, again.out().lines().filter(l -> l.startsWith("unchanged    definition ")).count(),
                again.out());
    }

    @Test
    void missingSunshinePackageIsBadInputButDefsOnlyStillWorks() throws IOException {
        Files.delete(site.sunshineDeb);

        CliRun build = site.moonlight("install", "images", "--image", "xfce4");
        CliRun defsOnly = site.moonlight("install", "images", "--image", "xfce4", "--defs-only");

        assertEquals(2, build.exitCode());
        assertTrue(build.err().startsWith("moonlight: the Sunshine package " + site.sunshineDeb
                + " does not exist on localhost"), build.err());
        assertEquals(0, defsOnly.exitCode(), defsOnly.err());
    }

    @Test
    void aSunshineUrlThatWouldBreakTheDefinitionIsBadInputEvenForDefsOnly() throws IOException {
        Files.writeString(site.config, Files.readString(site.config).replace("package_source: " + site.sunshineDeb,
                "package_source: \"https://repo.example.org/it's/sunshine.deb\""));

        CliRun run = site.moonlight("install", "images", "--image", "xfce4", "--defs-only");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("moonlight: configuration key 'sunshine.package_source': the URL"
                + " 'https://repo.example.org/it's/sunshine.deb' contains spaces or quotes"), run.err());
        assertEquals(List.of(), site.imageDirFiles());
    }

    @Test
    void missingLicensedInstallerIsBadInput() throws IOException {
        Files.delete(site.installer);

        CliRun run = site.moonlight("install", "images", "--all");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("moonlight: the installer of image gnome-lsprepost, " + site.installer
                + ", does not exist on localhost"), run.err());
        assertEquals(List.of(), site.imageDirFiles(), "nothing half-done: not even the other images");
    }
}
