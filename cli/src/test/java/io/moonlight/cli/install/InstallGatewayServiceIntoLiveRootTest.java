package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.systemd.GatewayServiceInstaller;
import io.moonlight.core.systemd.SearchPath;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.ServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code install gateway-service} into "/" as on a live system, where sudo's whole configuration is
 * checked again after the swap. It runs in a private mount namespace whose /etc/sudoers.d and
 * /etc/systemd/system are scratch directories (bind mounts nobody else sees), with the unit already
 * in place so that no systemd is needed to reload.
 */
@ServiceTest
class InstallGatewayServiceIntoLiveRootTest {
    @TempDir
    Path sudoersD;
    @TempDir
    Path units;
    @TempDir
    Path etc;
    private Path config;

    @BeforeEach
    void configure() throws IOException {
        configure("/srv/sessions");
    }

    /** The configuration with this session root, and its unit already in place. */
    private void configure(String sessionRoot) throws IOException {
        config = Files.writeString(etc.resolve("moonlight.yaml"), "paths:\n  session_root: " + sessionRoot + "\n");
        String unit = new GatewayServiceInstaller(TemplateRenderer.shipped()).render(GatewayServiceInstaller.model(
                ConfigLoader.parse("t.yaml", Files.readString(config)), null, null, config, SearchPath.STANDARD));
        Files.writeString(units.resolve("moonlight-gateway.service"), unit);
    }

    @Test
    void theDropInLandsWhenSudoAcceptsTheWholeConfiguration() throws IOException {
        ExecResult run = installIntoLiveRoot();
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stdout().contains("changed      gateway-sudoers  /etc/sudoers.d/moonlight-gateway\n"),
                run.stdout());
        assertTrue(run.stdout().contains(
                "unchanged    gateway-service  /etc/systemd/system/moonlight-gateway.service\n"), run.stdout());
        Path dropIn = sudoersD.resolve("moonlight-gateway");
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn)));
        assertTrue(Files.readString(dropIn).contains("/srv/sessions/sunshine_*"));

        // The backup beside the old file has a '.' in its name, which sudo skips: otherwise both
        // would define the same aliases and the check after the swap would fail.
        configure("/srv/desktops");
        ExecResult again = installIntoLiveRoot();
        assertEquals(0, again.exitCode(), again.stdout() + again.stderr());
        assertTrue(again.stdout().contains("(backup: /etc/sudoers.d/moonlight-gateway.moonlight-"), again.stdout());
        assertTrue(Files.readString(dropIn).contains("/srv/desktops/sunshine_*"));
        try (Stream<Path> files = Files.list(sudoersD)) {
            assertEquals(2, files.count());
        }
    }

    /** Each file parses alone; together they define one alias twice, which sudo refuses. */
    @Test
    void aDropInThatClashesWithAnotherFileIsTakenBackOut() throws IOException {
        Path other = Files.writeString(sudoersD.resolve("site-rules"),
                "Runas_Alias MOONLIGHT_SESSION_USERS = ALL, !root\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("r--r-----"));
        ExecResult run = installIntoLiveRoot();
        assertEquals(1, run.exitCode(), run.stdout() + run.stderr());
        assertTrue(run.stderr().startsWith("moonlight: visudo -c fails with the new file in place: "), run.stderr());
        assertTrue(run.stderr().contains("MOONLIGHT_SESSION_USERS"), run.stderr());
        try (Stream<Path> left = Files.list(sudoersD)) {
            assertEquals(List.of(other), left.toList());
        }
        ExecResult sudoStillWorks = new ProcessCommandRunner().run(ExternalCommand.of("visudo", "-c").asReadOnly());
        assertEquals(0, sudoStillWorks.exitCode(), sudoStillWorks.stderr());
    }

    private ExecResult installIntoLiveRoot() {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                "bash", "-c", "mount --bind \"$0\" /etc/sudoers.d && mount --bind \"$1\" /etc/systemd/system"
                        + " && shift && exec \"$@\"",
                sudoersD.toString(), units.toString(),
                java, "-cp", System.getProperty("java.class.path"), "io.moonlight.cli.Main",
                "--config", config.toString(), "install", "gateway-service"));
        return new ProcessCommandRunner().run(ExternalCommand.of(argv));
    }
}
