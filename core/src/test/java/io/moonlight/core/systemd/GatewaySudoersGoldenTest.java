package io.moonlight.core.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.moonlight.core.MoonlightException;
import io.moonlight.core.config.ConfigLoader;
import io.moonlight.core.config.MoonlightConfig;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's sudoers drop-in renders exactly to the golden files, sudo's own parser accepts
 * them, and the model is built from the target system: its programs on the search path, its
 * system accounts from /etc/passwd.
 */
class GatewaySudoersGoldenTest {
    /** A target system's accounts: system users, a gateway account, people, an NIS line. */
    private static final String PASSWD = "sudoers/moonlight-gateway-slurm-elsewhere.passwd";

    private final GatewayServiceInstaller installer = new GatewayServiceInstaller(TemplateRenderer.shipped());

    @Test
    void usualModelRendersTheGoldenDropIn() throws IOException {
        GatewaySudoersModel model = new GatewaySudoersModel("moonlight", SearchPath.STANDARD.toString(),
                List.of("root", "daemon", "bin", "sys", "slurm", "munge", "nobody"), "/scratch/sunshine_*",
                "/usr/bin/mkdir", "/usr/bin/install", "/usr/bin/dd", "/usr/bin/cat", "/usr/bin/tail", "/usr/bin/rm",
                "/usr/bin/sbatch", "/usr/bin/scancel");
        String rendered = installer.render(model);
        Golden.assertMatches("sudoers/moonlight-gateway", rendered);
        assertSudoAccepts(rendered);
    }

    @Test
    void modelFromTheTargetSystemRendersTheGoldenDropIn(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), Golden.read(PASSWD));
        for (String program : List.of("bin/mkdir", "bin/install", "usr/bin/dd", "bin/dd", "bin/cat", "bin/tail",
                "bin/rm", "opt/slurm/bin/sbatch", "opt/slurm/bin/scancel")) {
            program(root, program);
        }
        // Not executable: not what sudo would run.
        Files.createDirectories(root.resolve("usr/local/bin"));
        Files.writeString(root.resolve("usr/local/bin/cat"), "");
        MoonlightConfig config = ConfigLoader.parse("t.yaml",
                Golden.read("sudoers/moonlight-gateway-slurm-elsewhere.input.yaml"));
        GatewaySudoersModel model = GatewayServiceInstaller.sudoersModel(config, "gw",
                GatewayServiceInstaller.searchPath("/opt/slurm/bin"), root.toString(), new LocalHostFiles());
        assertEquals(List.of("root", "daemon", "www-data", "_apt", "#105", "mysql", "gw", "slurm", "nobody"),
                model.excludedUsers());
        assertEquals("/usr/bin/dd", model.dd());
        assertEquals("/bin/cat", model.cat());
        String rendered = installer.render(model);
        Golden.assertMatches("sudoers/moonlight-gateway-slurm-elsewhere", rendered);
        assertSudoAccepts(rendered);
    }

    @Test
    void missingSlurmCommandsSayWhereToLook(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), Golden.read(PASSWD));
        for (String program : List.of("mkdir", "install", "dd", "cat", "tail", "rm")) {
            program(root, "usr/bin/" + program);
        }
        MoonlightException missing = assertThrows(MoonlightException.class, () -> GatewayServiceInstaller.sudoersModel(
                MoonlightConfig.defaults(), null, SearchPath.STANDARD, root.toString(), new LocalHostFiles()));
        assertEquals("no program 'sbatch' in " + SearchPath.STANDARD + " under " + root, missing.getMessage());
        assertEquals("install Slurm's client commands, or give --slurm-bin DIR where sbatch is (e.g. /opt/slurm/bin)",
                missing.hint().orElseThrow());
    }

    @Test
    void unsafeValuesAreRefused() {
        List<String> excluded = List.of("root");
        assertThrows(MoonlightException.class, () -> model("root", excluded, "/scratch/sunshine_*", "/usr/bin/dd"));
        assertThrows(IllegalArgumentException.class, () -> model("gw", List.of("daemon"), "/scratch/sunshine_*",
                "/usr/bin/dd"));
        assertThrows(IllegalArgumentException.class, () -> model("gw", List.of("root", "ALL"), "/scratch/sunshine_*",
                "/usr/bin/dd"));
        assertThrows(MoonlightException.class, () -> model("gw", excluded, "/scratch,ALL/sunshine_*", "/usr/bin/dd"));
        assertThrows(MoonlightException.class, () -> model("gw", excluded, "/scratch/sunshine_*", "dd"));
    }

    private static GatewaySudoersModel model(String user, List<String> excluded, String files, String dd) {
        return new GatewaySudoersModel(user, SearchPath.STANDARD.toString(), excluded, files, "/usr/bin/mkdir",
                "/usr/bin/install", dd, "/usr/bin/cat", "/usr/bin/tail", "/usr/bin/rm", "/usr/bin/sbatch",
                "/usr/bin/scancel");
    }

    static void program(Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }


    private static void assertSudoAccepts(String sudoers) {
        ExecResult parsed = new ProcessCommandRunner().run(ExternalCommand.of("visudo", "-c", "-f", "-")
                .withStdin(sudoers).asReadOnly());
        assertEquals(0, parsed.exitCode(), parsed.stderr());
    }
}
