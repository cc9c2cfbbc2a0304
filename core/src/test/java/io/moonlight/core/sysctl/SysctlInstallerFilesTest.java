package io.moonlight.core.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.exec.CommandRunner;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExecResult;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.Golden;
import io.moonlight.core.testing.NetworkNamespace;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing the files under a --root directory: the live kernel is only read (the ports it reserves
 * already, in a network namespace of the test's own), never changed.
 */
@ServiceTest
class SysctlInstallerFilesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T17:30:00Z"), ZoneOffset.UTC);

    private final SysctlInstaller installer = new SysctlInstaller(SysctlProfile.load(null),
            SysctlTemplatesGoldenTest.DEFAULT_PORTS, TemplateRenderer.shipped(), CLOCK);
    private NetworkNamespace namespace;
    /** Installing files may read the kernel but not change it; a changing command here is a bug. */
    private CommandRunner readOnly;

    @BeforeEach
    void createNamespace() {
        namespace = NetworkNamespace.create();
        CommandRunner inside = namespace.runner();
        readOnly = new CommandRunner() {
            @Override
            public ExecResult run(ExternalCommand command) {
                if (!command.readOnly()) {
                    throw new AssertionError("installing files ran " + command.display());
                }
                return inside.run(command);
            }

            @Override
            public String target() {
                return "localhost";
            }
        };
    }

    @AfterEach
    void deleteNamespace() {
        namespace.close();
    }

    @TempDir
    Path root;

    @Test
    void writesBothFilesUnderTheRootAndNothingElse() throws Exception {
        SysctlNodeReport report = install(DryRunPlan.NONE);

        Path dropIn = root.resolve("etc/sysctl.d/90-moonlight.conf");
        Path modules = root.resolve("etc/modules-load.d/moonlight-bbr.conf");
        assertEquals(Golden.read("sysctl/90-moonlight.conf"), Files.readString(dropIn));
        assertEquals(Golden.read("sysctl/moonlight-bbr.conf"), Files.readString(modules));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn)));
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(root.resolve("etc/modules-load.d/moonlight-bbr.conf"),
                    root.resolve("etc/sysctl.d/90-moonlight.conf")),
                    all.filter(Files::isRegularFile).sorted().toList());
        }
        assertEquals(List.of(ChangeStatus.CHANGED, ChangeStatus.CHANGED), statuses(report));
        assertEquals(ExitCode.OK, report.exitCode());
    }

    @Test
    void secondRunChangesNothing() throws Exception {
        install(DryRunPlan.NONE);
        long before = Files.getLastModifiedTime(root.resolve("etc/sysctl.d/90-moonlight.conf")).toMillis();

        SysctlNodeReport again = install(DryRunPlan.NONE);

        assertEquals(List.of(ChangeStatus.UNCHANGED, ChangeStatus.UNCHANGED), statuses(again));
        assertEquals(before, Files.getLastModifiedTime(root.resolve("etc/sysctl.d/90-moonlight.conf")).toMillis());
        try (Stream<Path> all = Files.list(root.resolve("etc/sysctl.d"))) {
            assertEquals(1, all.count(), "no backup when nothing changed");
        }
    }

    @Test
    void aChangedFileIsBackedUpThenReplaced() throws Exception {
        Path dropIn = root.resolve("etc/sysctl.d/90-moonlight.conf");
        Files.createDirectories(dropIn.getParent());
        Files.writeString(dropIn, "net.core.rmem_max = 1\n");

        SysctlNodeReport report = install(DryRunPlan.NONE);

        Path backup = root.resolve("etc/sysctl.d/90-moonlight.conf.moonlight-20261125-173000.bak");
        assertEquals("net.core.rmem_max = 1\n", Files.readString(backup));
        assertEquals(Golden.read("sysctl/90-moonlight.conf"), Files.readString(dropIn));
        assertEquals(List.of("backup: " + backup), report.steps().get(0).details());
    }

    @Test
    void dryRunPlansBothFilesWithContentAndWritesNothing() throws Exception {
        DryRunPlan plan = new DryRunPlan();

        SysctlNodeReport report = install(plan);

        assertFalse(Files.exists(root.resolve("etc")));
        assertEquals(List.of(ChangeStatus.WOULD_CHANGE, ChangeStatus.WOULD_CHANGE), statuses(report));
        List<DryRunPlan.Action> actions = plan.actions();
        assertEquals(2, actions.size());
        assertEquals(new DryRunPlan.Action("write", root + "/etc/sysctl.d/90-moonlight.conf",
                Golden.read("sysctl/90-moonlight.conf")), actions.get(0));
        assertEquals(root + "/etc/modules-load.d/moonlight-bbr.conf", actions.get(1).target());
    }

    @Test
    void rootMustBeAbsoluteCleanAndExisting() {
        for (String bad : List.of("relative/dir", "/tmp/../etc", "/tmp/./x")) {
            MoonlightException e = assertThrows(MoonlightException.class,
                    () -> new SysctlRequest(SysctlMode.INSTALL, bad));
            assertEquals(ExitCode.USAGE, e.exitCode(), bad);
        }
        MoonlightException missing = assertThrows(MoonlightException.class, () -> installer.run(readOnly,
                new LocalHostFiles(), new SysctlRequest(SysctlMode.INSTALL, root.resolve("absent").toString()), DryRunPlan.NONE));
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    private SysctlNodeReport install(DryRunPlan plan) {
        return installer.run(readOnly, new LocalHostFiles(), new SysctlRequest(SysctlMode.INSTALL, root.toString()),
                plan);
    }

    private static List<ChangeStatus> statuses(SysctlNodeReport report) {
        return report.steps().stream().map(StepReport::status).toList();
    }
}
