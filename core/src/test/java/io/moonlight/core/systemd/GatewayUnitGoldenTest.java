package io.moonlight.core.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's systemd unit renders exactly to the golden files, and its model refuses what systemd would misread. */
class GatewayUnitGoldenTest {
    private final GatewayServiceInstaller installer = new GatewayServiceInstaller(TemplateRenderer.shipped());

    @Test
    void defaultConfigurationRendersTheGoldenUnit() throws IOException {
        GatewayUnitModel model = GatewayServiceInstaller.model(MoonlightConfig.defaults(), null, null,
                ConfigLoader.DEFAULT_FILE, SearchPath.STANDARD);
        assertEquals(List.of("/var/lib/moonlight", "/scratch"), model.readWritePaths());
        Golden.assertMatches("systemd/moonlight-gateway.service", installer.render(model));
    }

    @Test
    void sqliteOutsideTheStateDirSessionsUnderHomeAndSlurmElsewhere() throws IOException {
        MoonlightConfig config = ConfigLoader.parse("t.yaml",
                Golden.read("systemd/moonlight-gateway-sqlite-elsewhere.input.yaml"));
        GatewayUnitModel model = GatewayServiceInstaller.model(config, "gw", "/opt/moonlight-0.1.0/bin/moonlight",
                Path.of("/srv/moonlight/moonlight.yaml"), GatewayServiceInstaller.searchPath("/opt/slurm/bin/"));
        assertEquals(List.of("/var/lib/moonlight", "/srv/moonlight/db", "/home/sessions"), model.readWritePaths());
        Golden.assertMatches("systemd/moonlight-gateway-sqlite-elsewhere.service", installer.render(model));
    }

    @Test
    void systemdKnowsEveryKeyAndValue(@TempDir Path dir) throws IOException {
        GatewayUnitModel model = new GatewayUnitModel("moonlight", "/usr/bin/true", "/etc/moonlight/moonlight.yaml",
                List.of("/var/lib/moonlight", "/scratch"), SearchPath.STANDARD.toString(), "/var/lib/moonlight");
        Path unit = Files.writeString(dir.resolve("moonlight-gateway.service"), installer.render(model));
        ExecResult verified = new ProcessCommandRunner().run(ExternalCommand.of("systemd-analyze", "verify", unit.toString()));
        assertEquals(0, verified.exitCode(), verified.stderr());
        assertEquals("", verified.stdout() + verified.stderr(), "systemd-analyze warns about the unit");
    }

    /**
     * sudo is setuid: NoNewPrivileges stops it, and systemd sets NoNewPrivileges by itself for a
     * service with User= that uses any of the seccomp-based settings.
     */
    @Test
    void theUnitSetsNothingThatStopsSudo() {
        String unit = installer.render(GatewayServiceInstaller.model(MoonlightConfig.defaults(), null, null,
                ConfigLoader.DEFAULT_FILE, SearchPath.STANDARD));
        List<String> keys = unit.lines().filter(line -> line.matches("[A-Za-z]+=.*"))
                .map(line -> line.substring(0, line.indexOf('='))).toList();
        for (String stopsSudo : List.of("NoNewPrivileges", "CapabilityBoundingSet",
                "PrivateDevices", "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectClock",
                "ProtectHostname", "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID", "RestrictAddressFamilies",
                "RestrictFileSystems", "LockPersonality", "MemoryDenyWriteExecute", "SystemCallFilter",
                "SystemCallArchitectures", "DynamicUser", "PrivateUsers")) {
            assertFalse(keys.contains(stopsSudo), stopsSudo + " would stop sudo in the gateway's unit");
        }
        assertTrue(keys.containsAll(List.of("ProtectSystem", "ReadWritePaths", "ProtectHome", "PrivateTmp")), unit);
    }

    @Test
    void localSessionsCannotRunUnderTheService() {
        MoonlightConfig local = ConfigLoader.parse("t.yaml", "sessions:\n  scheduler: local\n");
        MoonlightException refused = assertThrows(MoonlightException.class, () -> GatewayServiceInstaller.model(local,
                null, null, ConfigLoader.DEFAULT_FILE, SearchPath.STANDARD));
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertEquals("the gateway service cannot start sessions with sessions.scheduler: local", refused.getMessage());
    }

    @Test
    void rootAndUnsafeValuesAreRefused() {
        List<String> paths = List.of("/var/lib/moonlight");
        String path = SearchPath.STANDARD.toString();
        assertEquals(ExitCode.USAGE, assertThrows(MoonlightException.class,
                () -> new GatewayUnitModel("root", "/opt/m", "/etc/m.yaml", paths, path, "/var/lib/moonlight")).exitCode());
        assertThrows(MoonlightException.class, () -> new GatewayUnitModel("bad user", "/opt/m", "/etc/m.yaml", paths, path, "/var/lib/moonlight"));
        MoonlightException spaced = assertThrows(MoonlightException.class,
                () -> new GatewayUnitModel("moonlight", "/opt/my moonlight/bin/moonlight", "/etc/m.yaml", paths, path, "/var/lib/moonlight"));
        assertTrue(spaced.getMessage().contains("not a plain absolute path"));
        assertThrows(MoonlightException.class,
                () -> new GatewayUnitModel("moonlight", "/opt/m", "/etc/%h.yaml", paths, path, "/var/lib/moonlight"));
        assertThrows(MoonlightException.class, () -> GatewayServiceInstaller.searchPath("/opt/slurm bin"));
    }

}
