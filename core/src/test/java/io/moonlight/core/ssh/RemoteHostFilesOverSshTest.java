package io.moonlight.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.FileInstaller;
import io.moonlight.core.files.RemoteHostFiles;
import io.moonlight.core.testing.ServiceTest;
import io.moonlight.core.testing.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The file operations of install steps on another host, through a real sshd. */
@ServiceTest
class RemoteHostFilesOverSshTest {
    @RegisterExtension
    static final SshdFixture SSHD = new SshdFixture();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:20:30Z"), ZoneOffset.UTC);

    private static SshCommandRunner ssh;
    private static RemoteHostFiles files;

    @BeforeAll
    static void connect() {
        ssh = SSHD.connect();
        files = new RemoteHostFiles(ssh);
    }

    @AfterAll
    static void disconnect() {
        ssh.close();
    }

    @Test
    void writesReadsCopiesAndDeletes() throws Exception {
        Path target = SSHD.dir().resolve("etc dir/sysctl.d/90-moonlight.conf");
        String content = "net.core.rmem_max = 26214400\n# no newline at the end";
        files.writeAtomically(target.toString(), content, "640");
        assertEquals(content, Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(Optional.of(content), files.read(target.toString()));
        assertEquals(Optional.of("640"), files.mode(target.toString()));
        assertTrue(files.exists(target.toString()));

        String copy = target + ".copy";
        files.copy(target.toString(), copy);
        assertEquals(content, Files.readString(Path.of(copy)));

        files.delete(copy);
        assertFalse(Files.exists(Path.of(copy)));
        assertFalse(files.exists(copy));
        assertEquals(Optional.empty(), files.read(copy));
        assertEquals(Optional.empty(), files.mode(copy));
        assertEquals("127.0.0.1", files.host());
    }

    @Test
    void installerChangesOnceBacksUpAndRollsBack() throws Exception {
        Path target = SSHD.dir().resolve("installer/moonlight.conf");
        FileInstaller installer = new FileInstaller(files, CLOCK, DryRunPlan.NONE);

        StepReport first = installer.install("profile", target.toString(), "a = 1\n", "644", () -> { });
        assertEquals(ChangeStatus.CHANGED, first.status());
        assertEquals("127.0.0.1:" + target, first.target());
        assertEquals(ChangeStatus.UNCHANGED,
                installer.install("profile", target.toString(), "a = 1\n", "644", () -> { }).status());

        StepReport second = installer.install("profile", target.toString(), "a = 2\n", "644", () -> { });
        String backup = target + ".moonlight-20260301-102030.bak";
        assertEquals(List.of("backup: " + backup), second.details());
        assertEquals("a = 1\n", Files.readString(Path.of(backup)));
        assertEquals("a = 2\n", Files.readString(target));

        MoonlightException invalid = MoonlightException.failed("the new file does not load", null);
        MoonlightException thrown = assertThrows(MoonlightException.class, () -> installer.install(
                "profile", target.toString(), "a = broken\n", "644", () -> {
                    throw invalid;
                }));
        assertSame(invalid, thrown);
        assertEquals("a = 2\n", Files.readString(target));
    }
}
