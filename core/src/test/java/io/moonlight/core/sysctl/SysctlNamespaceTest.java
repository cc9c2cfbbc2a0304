package io.moonlight.core.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moonlight.core.ChangeStatus;
import io.moonlight.core.ExitCode;
import io.moonlight.core.MoonlightException;
import io.moonlight.core.StepReport;
import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.doctor.CheckResult;
import io.moonlight.core.doctor.SunshinePortsCheck;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.exec.ExternalCommand;
import io.moonlight.core.exec.ProcessCommandRunner;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.NetworkNamespace;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --apply and --check for real, inside a network namespace of the test's own. Inside one, the
 * per-namespace keys (tcp_congestion_control, udp_rmem_min, udp_wmem_min, ip_local_port_range) can
 * be set; net.core.rmem_max and friends are read-only and net.core.default_qdisc does not exist, so
 * the shipped profile must report exactly those as not taken. The host's own values must not move.
 */
@ServiceTest
class SysctlNamespaceTest {
    private static final List<String> PER_NAMESPACE = List.of("net.ipv4.udp_rmem_min", "net.ipv4.udp_wmem_min",
            "net.ipv4.tcp_congestion_control", "net.ipv4.ip_local_reserved_ports");
    private static final List<String> HOST_ONLY = List.of("net.core.rmem_max", "net.core.wmem_max",
            "net.core.rmem_default", "net.core.wmem_default", "net.core.default_qdisc");
    private static final List<String> WATCHED = List.of("net.ipv4.udp_rmem_min", "net.ipv4.udp_wmem_min",
            "net.ipv4.tcp_congestion_control", "net.ipv4.ip_local_port_range", "net.core.rmem_max",
            "net.core.rmem_default", "net.core.default_qdisc", "net.ipv4.ip_local_reserved_ports");

    private NetworkNamespace namespace;
    private Map<String, String> hostBefore;

    @TempDir
    Path root;

    @BeforeEach
    void createNamespace() {
        hostBefore = hostValues();
        namespace = NetworkNamespace.create();
        namespace.set("net.ipv4.tcp_congestion_control", "reno");
        namespace.set("net.ipv4.udp_rmem_min", "4096");
        namespace.set("net.ipv4.udp_wmem_min", "4096");
    }

    @AfterEach
    void deleteNamespaceAndCheckTheHost() {
        if (namespace != null) {
            namespace.close();
        }
        assertEquals(hostBefore, hostValues(), "the host's own kernel parameters changed");
    }

    @Test
    void shippedProfileTakesThePerNamespaceKeysAndReportsTheOthers() {
        SysctlInstaller installer = installer(SysctlProfile.load(null));

        SysctlNodeReport before = run(installer, SysctlMode.CHECK, DryRunPlan.NONE);
        assertEquals(ExitCode.DRIFT, before.exitCode());
        assertEquals(ChangeStatus.DRIFTED, key(before, "net.ipv4.tcp_congestion_control").status());
        assertEquals("reno", key(before, "net.ipv4.tcp_congestion_control").live());
        assertEquals(List.of(ChangeStatus.DRIFTED, ChangeStatus.DRIFTED), stepStatuses(before),
                "the files are not installed yet");

        SysctlNodeReport applied = run(installer, SysctlMode.APPLY, DryRunPlan.NONE);
        assertEquals(ExitCode.ERROR, applied.exitCode());
        for (String key : PER_NAMESPACE) {
            assertEquals(ChangeStatus.CHANGED, key(applied, key).status(), key);
        }
        assertEquals("bbr", namespace.get("net.ipv4.tcp_congestion_control"));
        assertEquals("16384", namespace.get("net.ipv4.udp_rmem_min"));
        for (String key : HOST_ONLY) {
            assertEquals(ChangeStatus.FAILED, key(applied, key).status(), key);
            assertTrue(key(applied, key).detail().startsWith("did not take"), key(applied, key).detail());
        }
        SysctlKeyReport rmemMax = key(applied, "net.core.rmem_max");
        assertEquals(hostBefore.get("net.core.rmem_max"), rmemMax.live(), "the live value is reported");
        assertTrue(rmemMax.detail().contains("Invalid argument"), rmemMax.detail());
        SysctlKeyReport qdisc = key(applied, "net.core.default_qdisc");
        assertNull(qdisc.live());
        assertTrue(qdisc.detail().contains("no such key"), qdisc.detail());
        assertTrue(Files.exists(root.resolve("etc/sysctl.d/90-moonlight.conf")));

        SysctlNodeReport after = run(installer, SysctlMode.CHECK, DryRunPlan.NONE);
        assertEquals(ExitCode.DRIFT, after.exitCode());
        assertEquals(HOST_ONLY, keysWith(after, ChangeStatus.DRIFTED));
        assertEquals(PER_NAMESPACE, keysWith(after, ChangeStatus.UNCHANGED));
        assertEquals(List.of(ChangeStatus.UNCHANGED, ChangeStatus.UNCHANGED), stepStatuses(after));
    }

    @Test
    void profileOfPerNamespaceKeysAppliesCleanlyAndThenChecksClean() {
        SysctlInstaller installer = installer(SysctlProfile.parse("site.conf", """
                # why
                net.ipv4.tcp_congestion_control = bbr
                net.ipv4.udp_rmem_min = 16384
                net.ipv4.ip_local_port_range =   40000    50000
                """, "modules.conf", "tcp_bbr\n"));
        namespace.set("net.ipv4.ip_local_port_range", "32768 60999");

        assertEquals(ExitCode.DRIFT, run(installer, SysctlMode.CHECK, DryRunPlan.NONE).exitCode());

        SysctlNodeReport applied = run(installer, SysctlMode.APPLY, DryRunPlan.NONE);
        assertEquals(ExitCode.OK, applied.exitCode(), "a module that cannot be loaded is fine when its key takes");
        assertEquals("module tcp_bbr", applied.steps().get(2).target());
        assertEquals(List.of("net.ipv4.tcp_congestion_control", "net.ipv4.udp_rmem_min",
                "net.ipv4.ip_local_port_range", "net.ipv4.ip_local_reserved_ports"),
                keysWith(applied, ChangeStatus.CHANGED));
        assertEquals("40000\t50000", namespace.get("net.ipv4.ip_local_port_range"));
        assertEquals("40000 50000", key(applied, "net.ipv4.ip_local_port_range").live());

        SysctlNodeReport checked = run(installer, SysctlMode.CHECK, DryRunPlan.NONE);
        assertEquals(ExitCode.OK, checked.exitCode());
        SysctlNodeReport again = run(installer, SysctlMode.APPLY, DryRunPlan.NONE);
        assertEquals(4, keysWith(again, ChangeStatus.UNCHANGED).size(), "a second apply sets nothing");
    }

    @Test
    void dryRunApplyPlansTheCommandsAndChangesNothing() {
        DryRunPlan plan = new DryRunPlan();

        SysctlNodeReport report = run(installer(SysctlProfile.load(null)), SysctlMode.APPLY, plan);

        assertEquals("reno", namespace.get("net.ipv4.tcp_congestion_control"));
        assertEquals("4096", namespace.get("net.ipv4.udp_rmem_min"));
        assertFalse(Files.exists(root.resolve("etc")));
        List<String> commands = plan.actions().stream().filter(a -> a.kind().equals("run"))
                .map(DryRunPlan.Action::target).toList();
        String inside = namespace.runner().target() + ": ";
        assertTrue(commands.contains(inside + "sysctl -w net.ipv4.udp_rmem_min=16384"), commands.toString());
        assertTrue(commands.contains(inside + "sysctl -w net.core.default_qdisc=fq"), commands.toString());
        assertTrue(commands.contains(inside + "sysctl -w net.ipv4.ip_local_reserved_ports=47984-48220"),
                commands.toString());
        assertEquals("", namespace.get("net.ipv4.ip_local_reserved_ports"));
        assertEquals(ChangeStatus.WOULD_CHANGE, key(report, "net.ipv4.tcp_congestion_control").status());
        assertEquals(ExitCode.OK, report.exitCode());
    }

    @Test
    void sunshinesPortsAreReservedBesidesTheHostsOwnAndTheDoctorThenPasses() throws Exception {
        SysctlInstaller installer = installer(SysctlProfile.parse("site.conf", "net.ipv4.udp_rmem_min = 16384\n",
                "modules.conf", ""));
        namespace.set("net.ipv4.udp_rmem_min", "16384");
        namespace.set("net.ipv4.ip_local_port_range", "32768 60999");
        namespace.set("net.ipv4.ip_local_reserved_ports", "8004-8005,48000,50000-50010");
        SunshinePortsCheck doctor = new SunshinePortsCheck(namespace.runner(), new SunshineConfig(null, null, null,
                null, null));
        assertEquals(CheckResult.Status.WARN, doctor.run().get(0).status());

        SysctlNodeReport before = run(installer, SysctlMode.CHECK, DryRunPlan.NONE);
        assertEquals(ExitCode.DRIFT, before.exitCode());
        SysctlKeyReport drifted = key(before, "net.ipv4.ip_local_reserved_ports");
        assertEquals(ChangeStatus.DRIFTED, drifted.status());
        assertEquals("8004-8005,48000,50000-50010", drifted.live());
        assertEquals("8004-8005,47984-48220,50000-50010", drifted.wanted(), "the host's own ranges are kept");

        SysctlNodeReport applied = run(installer, SysctlMode.APPLY, DryRunPlan.NONE);

        assertEquals(ExitCode.OK, applied.exitCode());
        assertEquals(ChangeStatus.CHANGED, key(applied, "net.ipv4.ip_local_reserved_ports").status());
        assertEquals("8004-8005,47984-48220,50000-50010", namespace.get("net.ipv4.ip_local_reserved_ports"));
        String installed = Files.readString(root.resolve("etc/sysctl.d/90-moonlight.conf"));
        assertTrue(installed.endsWith("""
                # (32768-60999 by default) before a session's Sunshine binds it.
                # The ports the host reserved besides (8004-8005,50000-50010) stay reserved.
                net.ipv4.ip_local_reserved_ports = 8004-8005,47984-48220,50000-50010
                """), installed);
        assertEquals(List.of(CheckResult.Status.PASS), doctor.run().stream().map(CheckResult::status).toList());

        SysctlNodeReport checked = run(installer, SysctlMode.CHECK, DryRunPlan.NONE);
        assertEquals(ExitCode.OK, checked.exitCode(), "the file reads the same once the ports are reserved");
        SysctlNodeReport again = run(installer, SysctlMode.APPLY, DryRunPlan.NONE);
        assertEquals(List.of(ChangeStatus.UNCHANGED, ChangeStatus.UNCHANGED), stepStatuses(again));

        namespace.set("net.ipv4.ip_local_reserved_ports", "8004-8005,50000-50010");
        SysctlNodeReport lost = run(installer, SysctlMode.CHECK, DryRunPlan.NONE);
        assertEquals(ExitCode.DRIFT, lost.exitCode(), "Sunshine's reservation gone from the live kernel is drift");
        assertEquals("8004-8005,47984-48220,50000-50010", key(lost, "net.ipv4.ip_local_reserved_ports").wanted());
    }

    @Test
    void aReservationTheKernelCannotHaveIsReportedNotMerged() {
        SysctlInstaller installer = installer(SysctlProfile.parse("site.conf",
                "net.ipv4.ip_local_reserved_ports = 8004-8005,70000\n", "modules.conf", ""));
        MoonlightException e = assertThrows(MoonlightException.class,
                () -> run(installer, SysctlMode.INSTALL, DryRunPlan.NONE));
        assertEquals("net.ipv4.ip_local_reserved_ports in site.conf is not a list of port ranges: '8004-8005,70000'",
                e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertFalse(Files.exists(root.resolve("etc")), "nothing was written");
    }

    private SysctlInstaller installer(SysctlProfile profile) {
        return new SysctlInstaller(profile, SysctlTemplatesGoldenTest.DEFAULT_PORTS, TemplateRenderer.shipped(),
                Clock.systemUTC());
    }

    private SysctlNodeReport run(SysctlInstaller installer, SysctlMode mode, DryRunPlan plan) {
        return installer.run(namespace.runner(), new LocalHostFiles(), new SysctlRequest(mode, root.toString()), plan);
    }

    private static SysctlKeyReport key(SysctlNodeReport report, String key) {
        return report.keys().stream().filter(k -> k.key().equals(key)).findFirst().orElseThrow();
    }

    private static List<String> keysWith(SysctlNodeReport report, ChangeStatus status) {
        return report.keys().stream().filter(k -> k.status() == status).map(SysctlKeyReport::key).toList();
    }

    private static List<ChangeStatus> stepStatuses(SysctlNodeReport report) {
        return report.steps().stream().map(StepReport::status).toList();
    }

    /**
     * The host's own values, to prove the namespace kept them apart. Read with sysctl: on this
     * kernel Files.readString gets "4" from /proc/sys/net/core/rmem_max (the file claims size 0).
     */
    private static Map<String, String> hostValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : WATCHED) {
            values.put(key, new ProcessCommandRunner().run(ExternalCommand.of("sysctl", "-n", key).asReadOnly())
                    .orFail("sysctl -n " + key, null).stdout().strip());
        }
        return values;
    }
}
