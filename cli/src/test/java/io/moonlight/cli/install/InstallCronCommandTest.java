package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.cli.UmaskedCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moonlight install cron} into a scratch root: never the host's own /etc/cron.d. */
class InstallCronCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path etc;
    private Path config;
    private Path cronFile;

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(etc.resolve("moonlight.yaml"), "paths:\n  log_dir: /srv/log/moonlight\n");
        cronFile = root.resolve("etc/cron.d/moonlight-cleanup");
    }

    @Test
    void writesTheCronFileThenFindsItUnchanged() throws Exception {
        CliRun first = CliRun.of("--config", config.toString(), "install", "cron", "--root", root.toString(),
                "--launcher", "/opt/moonlight/bin/moonlight");
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("changed      cron  " + cronFile), first.out());
        assertEquals("*/5 * * * * root umask 027 && mkdir -p /srv/log/moonlight && flock -n /run/lock/moonlight-cleanup.lock /opt/moonlight/bin/moonlight --config "
                + config + " cleanup >>/srv/log/moonlight/cleanup.log 2>&1",
                Files.readString(cronFile).lines().filter(l -> l.startsWith("*/5")).findFirst().orElseThrow());
        // cron ignores group- or world-writable files in cron.d.
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cronFile)));
        String before = Files.readString(cronFile);

        CliRun second = CliRun.of("--config", config.toString(), "install", "cron", "--root", root.toString(),
                "--launcher", "/opt/moonlight/bin/moonlight", "--json");
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals("UNCHANGED", new ObjectMapper().readTree(second.out()).at("/steps/0/status").asText());
        assertEquals(before, Files.readString(cronFile));
        try (var files = Files.list(cronFile.getParent())) {
            assertEquals(1, files.count(), "a second run leaves no backup or temporary file");
        }
    }

    @Test
    void underUmask000TheDirectoriesItMakesAreWritableByRootAlone() throws Exception {
        Process install = UmaskedCli.command("000", "--config", config.toString(), "install", "cron", "--root",
                root.toString()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, install.waitFor(), output);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cronFile)));
        for (Path made : List.of(root.resolve("etc"), root.resolve("etc/cron.d"))) {
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), made.toString());
        }
    }

    @Test
    void dryRunPrintsTheFileAndWritesNothing() {
        CliRun run = CliRun.of("--config", config.toString(), "install", "cron", "--root", root.toString(), "--dry-run");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("# dry run: would write " + cronFile), run.out());
        assertTrue(run.out().contains(" && flock -n /run/lock/moonlight-cleanup.lock /usr/local/bin/moonlight "), run.out());
        assertFalse(Files.exists(root.resolve("etc")));
    }

    @Test
    void badRootsAreRefusedWithNothingWritten() {
        CliRun relative = CliRun.of("--config", config.toString(), "install", "cron", "--root", "srv/x");
        assertEquals(2, relative.exitCode(), relative.toString());
        CliRun missing = CliRun.of("--config", config.toString(), "install", "cron", "--root",
                root.resolve("missing").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        CliRun spaced = CliRun.of("--config", config.toString(), "install", "cron", "--root", root.toString(),
                "--launcher", "/opt/my moonlight");
        assertEquals(2, spaced.exitCode(), spaced.toString());
        assertFalse(Files.exists(root.resolve("etc")));
    }
}
