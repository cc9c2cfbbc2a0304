package io.moonlight.core.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.template.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The cleanup cron file renders exactly to the golden files; paths cron would misread are refused. */
class CleanupCronGoldenTest {
    private final CleanupCronInstaller installer = new CleanupCronInstaller(TemplateRenderer.shipped());

    @Test
    void defaultConfigurationRendersTheGoldenFile() throws IOException {
        CleanupCronModel model = CleanupCronInstaller.model(MoonlightConfig.defaults(), null, ConfigLoader.DEFAULT_FILE);
        assertEquals(golden("moonlight-cleanup"), installer.render(model));
    }

    @Test
    void launcherConfigAndLogDirComeFromTheSite() throws IOException {
        MoonlightConfig config = ConfigLoader.parse("t.yaml", "paths:\n  log_dir: /srv/logs/moonlight\n");
        CleanupCronModel model = CleanupCronInstaller.model(config, "/opt/moonlight-0.1.0/bin/moonlight",
                Path.of("/srv/moonlight/moonlight.yaml"));
        assertEquals(golden("moonlight-cleanup-site"), installer.render(model));
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

    static String golden(String name) throws IOException {
        try (InputStream in = CleanupCronGoldenTest.class.getResourceAsStream("/golden/cron/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
