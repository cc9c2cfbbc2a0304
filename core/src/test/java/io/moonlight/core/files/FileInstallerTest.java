package io.moonlight.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.DryRunPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileInstallerTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneOffset.UTC);
    private final FileInstaller installer = new FileInstaller(new LocalHostFiles(), clock, DryRunPlan.NONE);

    @TempDir
    Path dir;

    @Test
    void newFileIsWrittenWithItsModeAndNoBackup() throws Exception {
        Path target = dir.resolve("etc/sysctl.d/90-moonlight.conf");
        StepReport report = installer.install("sysctl", target.toString(), "a=1\n", "640", FileValidator.NONE);
        assertEquals(ChangeStatus.CHANGED, report.status());
        assertEquals("a=1\n", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("90-moonlight.conf"), names(target.getParent()));
    }

    @Test
    void sameContentIsUnchangedAndTouchesNothing() throws Exception {
        Path target = Files.writeString(dir.resolve("f.conf"), "same\n");
        StepReport report = installer.install("x", target.toString(), "same\n", "644", FileValidator.NONE);
        assertEquals(ChangeStatus.UNCHANGED, report.status());
        assertEquals(List.of("f.conf"), names(dir));
    }

    @Test
    void changedContentKeepsATimestampedBackup() throws Exception {
        Path target = Files.writeString(dir.resolve("f.conf"), "old\n");
        StepReport report = installer.install("x", target.toString(), "new\n", "644", FileValidator.NONE);
        Path backup = dir.resolve("f.conf.moonlight-20261125-101530.bak");
        assertEquals(List.of("backup: " + backup), report.details());
        assertEquals("old\n", Files.readString(backup));
        assertEquals("new\n", Files.readString(target));
        installer.install("x", target.toString(), "newer\n", "644", FileValidator.NONE);
        assertTrue(Files.exists(dir.resolve("f.conf.moonlight-20261125-101530-1.bak")), names(dir).toString());
    }

    @Test
    void failedValidationRestoresTheOldFileExactly() throws Exception {
        Path target = Files.writeString(dir.resolve("f.conf"), "old\n");
        MoonlightException e = assertThrows(MoonlightException.class, () -> installer.install("x", target.toString(),
                "broken\n", "644", () -> {
                    throw MoonlightException.failed("validator said no", null);
                }));
        assertEquals("validator said no", e.getMessage());
        assertEquals("old\n", Files.readString(target));
    }

    @Test
    void failedValidationOfANewFileRemovesIt() {
        Path target = dir.resolve("new.conf");
        assertThrows(MoonlightException.class, () -> installer.install("x", target.toString(), "broken\n", "644",
                () -> {
                    throw MoonlightException.failed("no", null);
                }));
        assertFalse(Files.exists(target));
    }

    @Test
    void dryRunRecordsTheFullContentAndWritesNothing() {
        DryRunPlan plan = new DryRunPlan();
        FileInstaller dry = new FileInstaller(new LocalHostFiles(), clock, plan);
        Path target = dir.resolve("f.conf");
        assertEquals(ChangeStatus.WOULD_CHANGE,
                dry.install("x", target.toString(), "content\n", "644", FileValidator.NONE).status());
        assertFalse(Files.exists(target));
        assertEquals(List.of(new DryRunPlan.Action("write", target.toString(), "content\n")), plan.actions());
    }

    @Test
    void unwritableDirectoryIsAOneLineError() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        Path blocker = Files.writeString(readOnly.resolve("file"), "x");
        MoonlightException e = assertThrows(MoonlightException.class, () -> installer.install("x",
                blocker.resolve("sub/f.conf").toString(), "c", "644", FileValidator.NONE));
        assertTrue(e.getMessage().startsWith("cannot write "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
