package io.moonlight.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moonlight.cli.CliRun;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.turn.TurnRoot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moonlight install turn} into a scratch root (files owned by its accounts: needs root). */
@ServiceTest
class InstallTurnCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path root;
    @TempDir
    Path etc;
    private Path config;
    private Path secretFile;
    private Path turnConf;

    @BeforeEach
    void writeConfig() throws Exception {
        TurnRoot.accounts(root);
        config = Files.writeString(etc.resolve("moonlight.yaml"), TurnRoot.yaml(3478)
                + "  allowed_peer_ranges: [10.20.0.0/16]\n");
        secretFile = root.resolve("etc/moonlight/turn-secret");
        turnConf = root.resolve("etc/turnserver.conf");
    }

    @Test
    void makesTheSecretOnceAndTheConfigurationWithItThenFindsBothUnchanged() throws Exception {
        CliRun first = install("--json");
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals("CHANGED", JSON.readTree(first.out()).at("/steps/0/status").asText());
        String secret = Files.readString(secretFile).strip();
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        assertTrue(Files.readString(turnConf).contains("\nstatic-auth-secret=" + secret + "\n"));
        assertTrue(Files.readString(turnConf).contains("\nallowed-peer-ip=10.20.0.0-10.20.255.255\n"));
        assertOwned(secretFile, TurnRoot.GATEWAY_UID, 0, "r--------");
        assertOwned(turnConf, 0, TurnRoot.COTURN_GID, "rw-r-----");
        assertFalse(first.out().contains(secret) || first.err().contains(secret), "the secret is printed");
        assertTrue(first.err().contains("next: systemctl enable coturn && systemctl restart coturn"), first.err());
        assertFalse(first.err().contains("turn.allowed_peer_ranges"), "the ranges are given: " + first.err());

        CliRun second = install("--json");
        assertEquals(0, second.exitCode(), second.toString());
        JsonNode steps = JSON.readTree(second.out()).get("steps");
        assertEquals("UNCHANGED", steps.get(0).get("status").asText(), second.out());
        assertEquals("UNCHANGED", steps.get(1).get("status").asText(), second.out());
        assertEquals(secret, Files.readString(secretFile).strip(), "the secret is kept");
        try (var files = Files.list(root.resolve("etc"))) {
            assertEquals(4, files.count(), "a second run leaves no backup: passwd, group, moonlight/, turnserver.conf");
        }
        assertEquals(0, install("--check").exitCode());
    }

    @Test
    void checkFindsAnEditedConfigurationAndTheNextInstallPutsItBackWithABackup() throws Exception {
        assertEquals(0, install().exitCode());
        String installed = Files.readString(turnConf);
        String secret = Files.readString(secretFile);
        Files.writeString(turnConf, installed.replace("no-cli\n", ""));

        CliRun check = install("--check");
        assertEquals(3, check.exitCode(), check.toString());
        assertTrue(check.out().contains("differs from the configuration"), check.out());
        CliRun again = install();
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("backup: " + turnConf + ".moonlight-"), again.out());
        assertEquals(installed, Files.readString(turnConf));
        assertEquals(secret, Files.readString(secretFile));

        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("r--r--r--"));
        assertEquals(3, install("--check").exitCode(), "a secret others can read is drift");
        assertEquals(0, install().exitCode());
        assertOwned(secretFile, TurnRoot.GATEWAY_UID, 0, "r--------");
    }

    @Test
    void dryRunShowsBothFilesWithTheSecretMaskedAndWritesNothing() throws Exception {
        Files.writeString(config, TurnRoot.yaml(3478));
        CliRun run = install("--dry-run");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("# dry run: would write " + turnConf), run.out());
        assertTrue(run.out().contains("static-auth-secret=********"), run.out());
        assertFalse(run.out().matches("(?s).*[0-9a-f]{64}.*"), run.out());
        assertFalse(Files.exists(secretFile) || Files.exists(turnConf));
        assertTrue(run.err().contains("next: list the viz nodes' networks in turn.allowed_peer_ranges"), run.err());
    }

    @Test
    void withoutTheGatewaysAccountOrCoturnItSaysWhatToInstallFirst() throws Exception {
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        CliRun run = install();
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("no group 'turnserver' in " + root.resolve("etc/group")
                + ": coturn is not installed there"), run.err());
        assertTrue(run.err().contains("apt-get install coturn"), run.err());
        assertFalse(Files.exists(secretFile));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        assertTrue(install().err().contains("no account 'moonlight' (gateway.service_user)"));
    }

    private CliRun install(String... more) {
        String[] args = new String[5 + more.length];
        System.arraycopy(new String[] {"--config", config.toString(), "install", "turn", "--root=" + root}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.of(args);
    }

    private static void assertOwned(Path file, int uid, int gid, String mode) throws Exception {
        assertEquals(uid, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS), file.toString());
        assertEquals(gid, Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS), file.toString());
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
    }
}
