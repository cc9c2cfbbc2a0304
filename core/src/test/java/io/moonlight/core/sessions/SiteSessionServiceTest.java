package io.moonlight.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a session's job runs and reads, as the CLI and the gateway both decide it. */
class SiteSessionServiceTest {
    private static final MoonlightConfig DEFAULTS = MoonlightConfig.defaults();

    @Test
    void theJobReadsTheFileThisProcessReadUnlessJobConfigNamesAnother() {
        Path gatewayFile = Path.of("/etc/moonlight/gateway.yaml");
        assertEquals(Optional.of(gatewayFile), SiteSessionService.jobConfig(DEFAULTS, Optional.of(gatewayFile)));
        assertEquals(Optional.empty(), SiteSessionService.jobConfig(DEFAULTS, Optional.empty()));

        MoonlightConfig split = ConfigLoader.parse("gateway.yaml", "sessions:\n  job_config: /etc/moonlight/moonlight.yaml\n");
        assertEquals(Optional.of(Path.of("/etc/moonlight/moonlight.yaml")),
                SiteSessionService.jobConfig(split, Optional.of(gatewayFile)));
    }

    @Test
    void aRelativeJobConfigIsRefusedNamingTheKey() {
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> ConfigLoader.parse("gateway.yaml", "sessions:\n  job_config: moonlight.yaml\n"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("sessions.job_config"), e.getMessage());
    }

    @Test
    void theLauncherIsTheConfiguredOneElseTheRunningOne() {
        assertEquals(Path.of("/opt/moonlight/bin/moonlight"), SiteSessionService.launcher(DEFAULTS,
                Map.of(SiteSessionService.LAUNCHER_VARIABLE, "/opt/moonlight/bin/moonlight")));
        MoonlightConfig configured = ConfigLoader.parse("m.yaml", "sessions:\n  launcher: /shared/moonlight/bin/moonlight\n");
        assertEquals(Path.of("/shared/moonlight/bin/moonlight"), SiteSessionService.launcher(configured,
                Map.of(SiteSessionService.LAUNCHER_VARIABLE, "/opt/moonlight/bin/moonlight")));
        MoonlightException none = assertThrows(MoonlightException.class, () -> SiteSessionService.launcher(DEFAULTS, Map.of()));
        assertEquals("no moonlight launcher for the session job", none.getMessage());
    }
}
