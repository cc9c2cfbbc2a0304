package io.moonlight.core.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.moonlight.core.config.SunshineConfig;
import io.moonlight.core.exec.DryRunPlan;
import io.moonlight.core.files.LocalHostFiles;
import io.moonlight.core.sysctl.SunshinePortReservation;
import io.moonlight.core.sysctl.SysctlInstaller;
import io.moonlight.core.sysctl.SysctlMode;
import io.moonlight.core.sysctl.SysctlProfile;
import io.moonlight.core.sysctl.SysctlRequest;
import io.moonlight.core.template.TemplateRenderer;
import io.moonlight.core.testing.NetworkNamespace;
import io.moonlight.core.testing.ServiceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's sysctl line, against the live parameters of a network namespace of the test's own. */
@ServiceTest
class SysctlCheckTest {
    private static final SysctlInstaller INSTALLER = new SysctlInstaller(SysctlProfile.parse("site.conf", """
            net.ipv4.tcp_congestion_control = bbr
            net.ipv4.udp_rmem_min = 16384
            """, "modules.conf", ""), new SunshinePortReservation(new SunshineConfig(null, null, null, null, null)),
            TemplateRenderer.shipped(), Clock.systemUTC());

    @TempDir
    Path root;

    @Test
    void warnsWithEachDifferenceThenPassesOnceApplied() {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            namespace.set("net.ipv4.tcp_congestion_control", "reno");
            namespace.set("net.ipv4.udp_rmem_min", "4096");
            SysctlCheck check = new SysctlCheck(namespace.runner(), () -> INSTALLER, root.toString());

            CheckResult before = check.run().get(0);
            assertEquals(CheckResult.Status.WARN, before.status());
            assertEquals(root + "/etc/sysctl.d/90-moonlight.conf not installed; "
                    + root + "/etc/modules-load.d/moonlight-bbr.conf not installed; "
                    + "net.ipv4.tcp_congestion_control is reno, wanted bbr; "
                    + "net.ipv4.udp_rmem_min is 4096, wanted 16384; "
                    + "net.ipv4.ip_local_reserved_ports is empty, wanted 47984-48220", before.summary());
            assertEquals("run 'moonlight install sysctl --apply' on this host to install the files and set the keys",
                    before.hint());

            INSTALLER.run(namespace.runner(), new LocalHostFiles(),
                    new SysctlRequest(SysctlMode.APPLY, root.toString()), DryRunPlan.NONE);

            assertEquals(List.of(CheckResult.pass("sysctl", "profile installed; 3 kernel parameters as wanted")),
                    check.run());
        }
    }
}
