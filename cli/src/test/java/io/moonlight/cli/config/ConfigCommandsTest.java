package io.moonlight.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.cli.CliRun;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandsTest {
    @TempDir
    Path dir;

    @Test
    void initWritesTheDocumentedDefaultWhichShowReadsBack() throws Exception {
        Path file = dir.resolve("etc/moonlight.yaml");
        CliRun init = CliRun.of("config", "init", "--output", file.toString());
        assertEquals(0, init.exitCode(), init.toString());
        assertEquals(MoonlightConfig.defaults(), ConfigLoader.read(file));
        CliRun again = CliRun.of("config", "init", "--output", file.toString());
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("already exists"), again.err());
        CliRun show = CliRun.of("--config", file.toString(), "config", "show");
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().contains("qos: moonlight"), show.out());
        assertTrue(show.err().startsWith("# configuration: " + file), "the source goes to stderr: " + show);
    }

    /** show prints the effective configuration: paths as they were resolved when it was loaded. */
    @Test
    void showPrintsPathsResolved() throws Exception {
        Path file = Files.writeString(dir.resolve("m.yaml"), "store:\n  sqlite_path: ~/x.db\n");
        String home = System.getProperty("user.home");

        CliRun yaml = CliRun.of("config", "show", "--config", file.toString());
        CliRun json = CliRun.of("config", "show", "--json", "--config", file.toString());

        assertTrue(yaml.out().contains("\n  sqlite_path: " + home + "/x.db\n"), yaml.out());
        assertTrue(yaml.out().contains("\n  identity_file: " + home + "/.ssh/id_ed25519\n"), yaml.out());
        assertTrue(json.out().contains("\"sqlite_path\" : \"" + home + "/x.db\""), json.out());
    }

    @Test
    void showMasksSecretsAlsoInJson() throws Exception {
        Path file = Files.writeString(dir.resolve("m.yaml"), "gateway:\n  jwt:\n    hs256_secret: topsecret-topsecret-topsecret-topsecret\n");
        CliRun json = CliRun.of("config", "show", "--json", "--config", file.toString());
        assertEquals(0, json.exitCode(), json.toString());
        assertFalse(json.out().contains("topsecret"));
        assertTrue(json.out().contains("\"hs256_secret\" : \"********\""), json.out());
        assertTrue(json.out().strip().startsWith("{"), "stdout is pure JSON: " + json.out());
    }

    @Test
    void badConfigurationIsOneLineExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("m.yaml"), "slurm:\n  partion: viz\n");
        CliRun run = CliRun.of("config", "show", "--config", file.toString());
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("moonlight: " + file + ": unknown configuration key 'slurm.partion'"),
                run.err());
    }

    @Test
    void unknownOptionIsUsageErrorNamingTheHelp() {
        CliRun run = CliRun.of("config", "show", "--jsn");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'--jsn'") && run.err().contains("moonlight config show --help"), run.err());
    }
}
