package io.moonlight.core.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleanup cron file renders exactly to the golden files; paths cron would misread are refused. */
class CleanupCronGoldenTest {
    private final CleanupCronInstaller installer = new CleanupCronInstaller(TemplateRenderer.shipped());

    @Test
    void defaultConfigurationRendersTheGoldenFile() throws IOException {
        CleanupCronModel model = CleanupCronInstaller.model(MoonlightConfig.defaults(), null, ConfigLoader.DEFAULT_FILE);
        Golden.assertMatches("cron/moonlight-cleanup", installer.render(model));
    }

    @Test
    void launcherConfigAndLogDirComeFromTheSite() throws IOException {
        MoonlightConfig config = ConfigLoader.parse("t.yaml", Golden.read("cron/moonlight-cleanup-site.input.yaml"));
        CleanupCronModel model = CleanupCronInstaller.model(config, "/opt/moonlight-0.1.0/bin/moonlight",
                Path.of("/srv/moonlight/moonlight.yaml"));
        Golden.assertMatches("cron/moonlight-cleanup-site", installer.render(model));
    }

    @Test
    void pathsCronWouldSplitOrExpandAreRefused() {
        MoonlightException percent = assertThrows(MoonlightException.class, () -> new CleanupCronModel("/opt/m",
                "/etc/moonlight/%d.yaml", "/var/log/moonlight/cleanup.log", CleanupCronInstaller.LOCK));
        assertEquals(ExitCode.USAGE, percent.exitCode());
        assertThrows(MoonlightException.class, () -> new CleanupCronModel("/opt/my moonlight", "/etc/m.yaml",
                "/var/log/moonlight/cleanup.log", CleanupCronInstaller.LOCK));
        assertThrows(MoonlightException.class, () -> new CleanupCronModel("moonlight", "/etc/m.yaml",
                "/var/log/moonlight/cleanup.log", CleanupCronInstaller.LOCK));
    }

    /** The command cron's shell runs, as rendered: the log directory made, output appended, never two at once. */
    @Test
    void theRenderedCommandMakesTheLogDirectoryAndNeverRunsTwiceAtOnce(@TempDir Path dir) throws Exception {
        Path launcher = Files.writeString(dir.resolve("moonlight"), "#!/bin/sh\necho \"run $*\"\nsleep 2\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("log/moonlight/cleanup.log");
        String rendered = installer.render(new CleanupCronModel(launcher.toString(), "/etc/moonlight/moonlight.yaml",
                log.toString(), dir.resolve("cleanup.lock").toString()));
        String entry = rendered.lines().filter(l -> l.startsWith("*/5 ")).findFirst().orElseThrow();
        assertTrue(entry.startsWith("*/5 * * * * root "), entry);
        String command = entry.substring("*/5 * * * * root ".length());

        Process first = new ProcessBuilder("/bin/sh", "-c", command).start();
        Thread.sleep(500);
        Process second = new ProcessBuilder("/bin/sh", "-c", command).start();

        assertEquals(1, second.waitFor(), "the overlapping run gives up at once");
        assertTrue(first.isAlive(), "the first run still goes");
        assertEquals(0, first.waitFor());
        assertEquals("run --config /etc/moonlight/moonlight.yaml cleanup\n", Files.readString(log));
    }

    @Test
    void theLogAndItsDirectoryArePrivateWhateverCronsUmask(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("log/moonlight/cleanup.log");
        String rendered = installer.render(new CleanupCronModel("/bin/echo", "/etc/moonlight/moonlight.yaml",
                log.toString(), dir.resolve("cleanup.lock").toString()));
        String entry = rendered.lines().filter(l -> l.startsWith("*/5 ")).findFirst().orElseThrow();
        String command = entry.substring("*/5 * * * * root ".length());

        Process run = new ProcessBuilder("/bin/sh", "-c", "umask 000 && " + command).start();

        assertEquals(0, run.waitFor());
        assertEquals("--config /etc/moonlight/moonlight.yaml cleanup\n", Files.readString(log));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())));
    }

}
