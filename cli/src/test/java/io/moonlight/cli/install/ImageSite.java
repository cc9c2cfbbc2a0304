package io.moonlight.cli.install;

import io.moonlight.cli.CliRun;
import io.moonlight.core.testing.SshdFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A site for {@code install images} tests in a temp directory: the fake apptainer (apptainer itself
 * cannot run here), a Sunshine .deb and an LS-PrePost installer at configured paths, an image
 * directory and a configuration file pointing at all of them.
 */
final class ImageSite {
    final Path root;
    final Path fakeApptainer;
    final Path imageDir;
    final Path sunshineDeb;
    final Path installer;
    final Path config;
    private String apptainerBinary;
    private String sshSection = "";

    ImageSite(Path root) throws IOException {
        this.root = root;
        Path bin = Files.createDirectories(root.resolve("bin"));
        fakeApptainer = bin.resolve("fake-apptainer");
        try (InputStream script = ImageSite.class.getResourceAsStream("/fake-apptainer")) {
            Files.copy(script, fakeApptainer);
        }
        Files.setPosixFilePermissions(fakeApptainer, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dist = Files.createDirectories(root.resolve("dist"));
        sunshineDeb = Files.writeString(dist.resolve("sunshine-ubuntu-22.04-amd64.deb"), "a Sunshine package");
        installer = Files.writeString(dist.resolve("lsprepost.tgz"), "a licensed archive");
        imageDir = root.resolve("images");
        config = root.resolve("moonlight.yaml");
        writeConfig(fakeApptainer.toString());
    }

    /** Points apptainer.binary somewhere else, e.g. at a program that does not exist. */
    void writeConfig(String binary) throws IOException {
        apptainerBinary = binary;
        Files.writeString(config, sshSection + String.join("\n",
                "paths:",
                "  image_dir: " + imageDir,
                "  site_dir: " + root.resolve("site"),
                "sunshine:",
                "  package_source: " + sunshineDeb,
                "apptainer:",
                "  binary: " + binary,
                "images:",
                "  xfce4:",
                "    definition: sunshine_xfce4",
                "    file: sunshine_xfce4.sif",
                "  gnome:",
                "    definition: sunshine_gnome",
                "    file: sunshine_gnome.sif",
                "  gnome-lsprepost:",
                "    definition: sunshine_gnome_lsprepost",
                "    file: sunshine_gnome_lsprepost.sif",
                "    installer: " + installer,
                ""));
    }

    /** Reaches nodes through this sshd: its port, client key and known_hosts. */
    void useSsh(SshdFixture sshd) throws IOException {
        sshSection = String.join("\n",
                "ssh:",
                "  user: " + System.getProperty("user.name"),
                "  port: " + sshd.port(),
                "  identity_file: " + sshd.identityFile(),
                "  known_hosts: " + sshd.knownHosts(),
                "");
        writeConfig(apptainerBinary);
    }

    /** Runs {@code moonlight --config <site config> ARGS} in this JVM, as Main would. */
    CliRun moonlight(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString()));
        argv.addAll(List.of(args));
        return CliRun.of(argv.toArray(String[]::new));
    }

    /** The fake apptainer's invocations, one line each ("build TARGET DEF", "--version"). */
    List<String> apptainerCalls() throws IOException {
        Path calls = fakeApptainer.resolveSibling("fake-apptainer.calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    void failBuildsWith(String message) throws IOException {
        Files.writeString(fakeApptainer.resolveSibling("fake-apptainer.fail"), message);
    }

    void slowBuildsBy(int seconds) throws IOException {
        Files.writeString(fakeApptainer.resolveSibling("fake-apptainer.sleep"), Integer.toString(seconds));
    }

    Path image(String file) {
        return imageDir.resolve(file);
    }

    /** Every file in the image directory (including hidden temp files), by name. */
    List<String> imageDirFiles() throws IOException {
        if (!Files.isDirectory(imageDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(imageDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
