package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
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
 * {@code moonlight install gateway-service} into a scratch root, as an operator preparing an image
 * would: the root holds the image's /etc/passwd and the programs the gateway runs as users.
 */
class InstallGatewayServiceCommandTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            moonlight:x:990:990::/var/lib/moonlight:/usr/sbin/nologin
            slurm:x:64030:64030::/nonexistent:/usr/sbin/nologin
            alice:x:1001:1001::/home/alice:/bin/bash
            """;

    @TempDir
    Path root;
    @TempDir
    Path etc;
    private Path config;
    private Path unit;
    private Path sudoers;

    @BeforeEach
    void prepare() throws Exception {
        config = Files.writeString(etc.resolve("moonlight.yaml"), "paths:\n  state_dir: /srv/moonlight\n"
                + "  session_root: /srv/sessions\n  site_dir: " + etc.resolve("site") + "\n"
                + "store:\n  sqlite_path: /srv/moonlight/moonlight.db\n");
        unit = root.resolve("etc/systemd/system/moonlight-gateway.service");
        sudoers = root.resolve("etc/sudoers.d/moonlight-gateway");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), PASSWD);
        for (String program : List.of("mkdir", "install", "dd", "cat", "tail", "rm", "sbatch", "scancel")) {
            Path file = Files.createDirectories(root.resolve("usr/bin")).resolve(program);
            Files.writeString(file, "");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @ServiceTest
    @Test
    void writesTheDropInAndTheUnitThenFindsThemUnchanged() throws Exception {
        CliRun first = install("--root", root.toString());
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals("changed      gateway-sudoers  " + sudoers + "\nchanged      gateway-service  " + unit + "\n",
                first.out());
        String written = Files.readString(unit);
        assertTrue(written.contains("\nUser=moonlight\n"), written);
        assertTrue(written.contains("\nEnvironment=MOONLIGHT_CONFIG=" + config + "\n"), written);
        assertTrue(written.contains("\nExecStart=/usr/local/bin/moonlight gateway\n"), written);
        assertTrue(written.contains("\nRestart=always\n"), written);
        assertTrue(written.contains("\nReadWritePaths=-/srv/moonlight\nReadWritePaths=-/srv/sessions\n"), written);
        assertTrue(written.contains("\nProtectSystem=strict\n") && !written.contains("\nNoNewPrivileges="), written);
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sudoers)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(unit)));
        String rules = Files.readString(sudoers);
        assertTrue(rules.contains("Defaults:moonlight !requiretty, env_reset, !setenv, secure_path="), rules);
        assertTrue(rules.contains("    !root, \\\n    !daemon, \\\n    !moonlight, \\\n    !slurm\n"), rules);
        assertTrue(rules.contains("    /usr/bin/dd of\\=/srv/sessions/sunshine_* status\\=none, \\\n"), rules);
        assertTrue(rules.contains("\nmoonlight ALL = (MOONLIGHT_SESSION_USERS) NOPASSWD: MOONLIGHT_SESSION_FILES, "
                + "MOONLIGHT_SESSION_JOBS\n"), rules);
        assertTrue(first.err().contains("next: systemctl daemon-reload   (on the system whose root is " + root + ")"),
                first.err());
        assertTrue(first.err().contains("next: useradd --system --shell /usr/sbin/nologin moonlight   (unless the "
                + "account exists"), first.err());
        assertTrue(first.err().contains("next: systemctl enable --now moonlight-gateway"), first.err());

        CliRun second = install("--root", root.toString(), "--json");
        assertEquals(0, second.exitCode(), second.toString());
        JsonNode steps = new ObjectMapper().readTree(second.out()).at("/steps");
        assertEquals(2, steps.size(), second.out());
        assertEquals("gateway-sudoers", steps.get(0).at("/step").asText());
        assertEquals("UNCHANGED", steps.get(0).at("/status").asText());
        assertEquals("gateway-service", steps.get(1).at("/step").asText());
        assertEquals("UNCHANGED", steps.get(1).at("/status").asText());
    }

    @ServiceTest
    @Test
    void userLauncherAndSlurmDirectoryCanBeGiven() throws Exception {
        Path sbatch = Files.move(root.resolve("usr/bin/sbatch"),
                Files.createDirectories(root.resolve("opt/slurm/bin")).resolve("sbatch"));
        Files.move(root.resolve("usr/bin/scancel"), sbatch.resolveSibling("scancel"));
        CliRun withoutDir = install("--root", root.toString());
        assertEquals(5, withoutDir.exitCode(), withoutDir.toString());
        assertTrue(withoutDir.err().startsWith("moonlight: no program 'sbatch' in "), withoutDir.err());
        assertTrue(withoutDir.err().contains("give --slurm-bin DIR"), withoutDir.err());
        assertFalse(Files.exists(root.resolve("etc/sudoers.d")) || Files.exists(unit));

        CliRun run = install("--root", root.toString(), "--user", "gw",
                "--launcher", "/opt/moonlight-0.1.0/bin/moonlight",
                "--slurm-bin", "/opt/slurm/bin");
        assertEquals(0, run.exitCode(), run.toString());
        String written = Files.readString(unit);
        assertTrue(written.contains("\nUser=gw\n"), written);
        assertTrue(written.contains("\nExecStart=/opt/moonlight-0.1.0/bin/moonlight gateway\n"), written);
        String path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/slurm/bin";
        assertTrue(written.contains("\nEnvironment=PATH=" + path + "\n"), written);
        String rules = Files.readString(sudoers);
        assertTrue(rules.contains("secure_path=\"" + path + "\""), rules);
        assertTrue(rules.contains("\n    /opt/slurm/bin/sbatch --parsable"), rules);
        assertTrue(rules.contains("\ngw ALL = (MOONLIGHT_SESSION_USERS)"), rules);
    }

    @Test
    void dryRunPrintsBothFilesAndTheReloadAndWritesNothing() throws Exception {
        // Into "/": this host's own accounts and programs, read but not changed.
        CliRun run = install("--dry-run");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("# dry run: would write /etc/sudoers.d/moonlight-gateway\n# moonlight gateway: "),
                run.out());
        assertTrue(run.out().contains("NOPASSWD: MOONLIGHT_SESSION_FILES, MOONLIGHT_SESSION_JOBS\n"
                + "# end of /etc/sudoers.d/moonlight-gateway\n"), run.out());
        assertTrue(run.out().contains("# dry run: would write /etc/systemd/system/moonlight-gateway.service"),
                run.out());
        assertTrue(run.out().contains("\nRestart=always\n"), run.out());
        assertTrue(run.out().contains("systemctl daemon-reload"), run.out());

        CliRun json = install("--dry-run", "--json", "--root", root.toString());
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("WOULD_CHANGE", doc.at("/steps/0/status").asText());
        assertEquals("WOULD_CHANGE", doc.at("/steps/1/status").asText());
        assertEquals(2, doc.at("/dry_run").size(), json.out());
        assertFalse(Files.exists(root.resolve("etc/sudoers.d")) || Files.exists(unit));
    }

    /** sudo stops working altogether while a file in sudoers.d does not parse: such a file never lands. */
    @ServiceTest
    @Test
    void aDropInVisudoRefusesNeverLandsAndTheOldOneStays() throws Exception {
        assertEquals(0, install("--root", root.toString()).exitCode());
        String good = Files.readString(sudoers);
        String goodUnit = Files.readString(unit);
        Path override = Files.createDirectories(etc.resolve("site/templates/sudoers")).resolve("moonlight-gateway.ftl");
        Files.writeString(override, "${serviceUser} ALL = (ALL) NOPASSWD: mkdir\n");
        Files.writeString(config, Files.readString(config).replace("/srv/sessions", "/srv/desktops"));

        CliRun dryRun = install("--root", root.toString(), "--dry-run");
        assertEquals(1, dryRun.exitCode(), "a dry run shows what visudo says too: " + dryRun);
        CliRun broken = install("--root", root.toString());
        assertEquals(1, broken.exitCode(), broken.toString());
        assertTrue(broken.err().startsWith("moonlight: visudo refuses the rendered " + sudoers + ": line 1:"),
                broken.err());
        assertTrue(broken.err().contains("expected a fully-qualified path name"), broken.err());
        assertTrue(broken.err().contains("(hint: nothing was written; fix the template"), broken.err());
        assertEquals(good, Files.readString(sudoers));
        assertEquals(goodUnit, Files.readString(unit), "the unit changes only with a drop-in sudo accepts");
        try (Stream<Path> files = Files.list(sudoers.getParent())) {
            assertEquals(List.of(sudoers), files.toList(), "no backup, no temporary file is left beside it");
        }

        Files.delete(sudoers);
        Files.delete(unit);
        CliRun fresh = install("--root", root.toString());
        assertEquals(1, fresh.exitCode(), fresh.toString());
        assertFalse(Files.exists(sudoers) || Files.exists(unit));
    }

    @Test
    void localSessionsRootUserAndBadValuesAreRefusedWithNothingWritten() throws IOException {
        CliRun asRoot = install("--root", root.toString(), "--user", "root");
        assertEquals(2, asRoot.exitCode(), asRoot.toString());
        assertTrue(asRoot.err().contains("moonlight: the gateway must not run as root"), asRoot.err());
        CliRun relative = install("--root", "srv/x");
        assertEquals(2, relative.exitCode(), relative.toString());
        CliRun missing = install("--root", root.resolve("absent").toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        CliRun spaced = install("--root", root.toString(), "--launcher", "/opt/my moonlight");
        assertEquals(2, spaced.exitCode(), spaced.toString());
        CliRun slurmSpaced = install("--root", root.toString(), "--slurm-bin", "/opt/my slurm/bin");
        assertEquals(2, slurmSpaced.exitCode(), slurmSpaced.toString());

        Files.writeString(config, Files.readString(config) + "sessions:\n  scheduler: local\n");
        CliRun local = install("--root", root.toString());
        assertEquals(2, local.exitCode(), local.toString());
        assertEquals("moonlight: the gateway service cannot start sessions with sessions.scheduler: local (hint: use "
                + "sessions.scheduler: slurm for the service; local sessions need 'moonlight gateway' run by hand "
                + "as root)\n",
                local.err());
        assertFalse(Files.exists(root.resolve("etc/sudoers.d")) || Files.exists(root.resolve("etc/systemd")));
    }

    private CliRun install(String... args) {
        List<String> argv = new ArrayList<>(List.of("--config", config.toString(), "install", "gateway-service"));
        argv.addAll(List.of(args));
        return CliRun.of(argv.toArray(String[]::new));
    }
}
