package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moonlight install gateway-service} into a scratch root, as an operator preparing an image would. */
class InstallGatewayServiceCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path etc;
    private Path config;
    private Path unit;

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(etc.resolve("moonlight.yaml"), "paths:\n  state_dir: /srv/moonlight\n"
                + "store:\n  sqlite_path: /srv/moonlight/moonlight.db\n");
        unit = root.resolve("etc/systemd/system/moonlight-gateway.service");
    }

    @Test
    void writesTheUnitThenFindsItUnchanged() throws Exception {
        CliRun first = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root", root.toString());
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().startsWith("changed      gateway-service  " + unit), first.out());
        String written = Files.readString(unit);
        assertTrue(written.contains("\nUser=moonlight\n"), written);
        assertTrue(written.contains("\nEnvironment=MOONLIGHT_CONFIG=" + config + "\n"), written);
        assertTrue(written.contains("\nExecStart=/usr/local/bin/moonlight gateway\n"), written);
        assertTrue(written.contains("\nRestart=always\n"), written);
        assertTrue(written.contains("\nReadWritePaths=-/srv/moonlight\n"), written);
        assertTrue(written.contains("\nNoNewPrivileges=yes\n") && written.contains("\nProtectSystem=strict\n"));
        assertTrue(first.err().contains("next: systemctl daemon-reload   (on the system whose root is " + root + ")"),
                first.err());
        assertTrue(first.err().contains("next: systemctl enable --now moonlight-gateway"), first.err());

        CliRun second = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root",
                root.toString(), "--json");
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals("UNCHANGED", new ObjectMapper().readTree(second.out()).at("/steps/0/status").asText());
    }

    @Test
    void userAndLauncherCanBeGiven() throws Exception {
        CliRun run = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root", root.toString(),
                "--user", "gw", "--launcher", "/opt/moonlight-0.1.0/bin/moonlight");
        assertEquals(0, run.exitCode(), run.toString());
        String written = Files.readString(unit);
        assertTrue(written.contains("\nUser=gw\n") && written.contains("\nExecStart=/opt/moonlight-0.1.0/bin/moonlight gateway\n"));
    }

    @Test
    void dryRunPrintsTheUnitAndTheReloadAndWritesNothing() {
        CliRun run = CliRun.of("--config", config.toString(), "install", "gateway-service", "--dry-run");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("# dry run: would write /etc/systemd/system/moonlight-gateway.service"), run.out());
        assertTrue(run.out().contains("\nRestart=always\n"), run.out());
        assertTrue(run.out().contains("systemctl daemon-reload"), run.out());
        assertFalse(Files.exists(unit));
    }

    @Test
    void rootUserAndBadRootAreRefusedWithNothingWritten() {
        CliRun asRoot = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root",
                root.toString(), "--user", "root");
        assertEquals(2, asRoot.exitCode(), asRoot.toString());
        assertTrue(asRoot.err().contains("moonlight: the gateway must not run as root"), asRoot.err());
        CliRun relative = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root", "srv/x");
        assertEquals(2, relative.exitCode(), relative.toString());
        CliRun missing = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root",
                root.resolve("absent").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        CliRun spaced = CliRun.of("--config", config.toString(), "install", "gateway-service", "--root",
                root.toString(), "--launcher", "/opt/my moonlight");
        assertEquals(2, spaced.exitCode(), spaced.toString());
        assertFalse(Files.exists(root.resolve("etc")));
    }
}
